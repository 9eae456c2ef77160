// Rules on what a container exposes and runs: ports, mounts, jail parameters.
import type { Rule } from './context.js';
import { reporter } from './context.js';
import { parsePort } from '../ports.js';
import { parseMount } from '../mounts.js';
import { HOST_EXEC, SET_BY_KLEE, isKnownParam, jail8Aliases, paramName, hostRunName, typedValueProblem } from '../jail-params.js';

/** The rules about ports, mounts and jail parameters. */
export const ioRules: Rule[] = [
  {
    id: 'ports',
    check(ctx) {
      const r = reporter(ctx);
      // Host port ranges claimed so far, per interface ("" = default) and protocol.
      const claimed: { key: string; start: number; end: number; owner: string; text: string }[] = [];
      for (const [name, c] of Object.entries(ctx.doc.containers)) {
        c.ports.forEach((text, i) => {
          const path = ['containers', name, 'ports', i];
          const p = parsePort(text);
          if (!p.ok) return r.error(path, p.message, 'expected [interface:]host:container[/tcp|udp], e.g. "8080:80/tcp" or "em0:8000-8010:8000-8010"');
          const key = `${p.port.interface ?? ''}/${p.port.protocol}`;
          const clash = claimed.find((x) => x.key === key && x.start <= p.port.hostEnd && p.port.hostStart <= x.end);
          if (clash) r.error(path, `host port${p.port.hostStart === p.port.hostEnd ? '' : 's'} of "${text}" already published by container "${clash.owner}" ("${clash.text}")`, 'each host port, interface and protocol can be published once');
          else claimed.push({ key, start: p.port.hostStart, end: p.port.hostEnd, owner: name, text });
        });
      }
      return r.out;
    },
  },
  {
    id: 'mounts',
    check(ctx) {
      const r = reporter(ctx);
      for (const [name, c] of Object.entries(ctx.doc.containers)) {
        const targets = new Map<string, number>();
        c.mounts.forEach((text, i) => {
          const m = parseMount(text);
          if (!m.ok) return r.error(['containers', name, 'mounts', i], m.message, m.hint);
          const t = m.mount.target;
          if (targets.has(t)) r.error(['containers', name, 'mounts', i], `jail path ${m.mount.target} is mounted twice`);
          targets.set(t, i);
        });
      }
      return r.out;
    },
  },
  {
    id: 'jail-params',
    check(ctx) {
      const r = reporter(ctx);
      for (const [name, c] of Object.entries(ctx.doc.containers)) {
        c.jail_params.forEach((text, i) => {
          const path = ['containers', name, 'jail_params', i];
          const p = paramName(text);
          // jail(8) reads `exec.noprestart` as exec.prestart (config.c equalopts): judge every name it may stand for.
          const aliases = jail8Aliases(p);
          const setByName = aliases.find((a) => SET_BY_KLEE.has(a));
          const hostExec = hostRunName(p);
          const reads = (a: string) => (a === p ? '' : `jail(8) reads ${p} as ${a}; `);
          const value = text.includes('=') ? text.slice(text.indexOf('=') + 1) : undefined;
          const typed = value === undefined ? undefined : typedValueProblem(p, value);
          if (!/^[A-Za-z][A-Za-z0-9_.]*$/.test(p)) r.error(path, `jail parameter "${text}" has no valid name before "="`);
          else if (setByName !== undefined) r.error(path, `jail parameter ${p} is set by klee from ${SET_BY_KLEE.get(setByName)}`, `${reads(setByName)}remove it from jail_params`);
          // jail(8) mounts every line of the file (command.c IP__MOUNT_FROM_FSTAB); klee never sees them (docs/ownership.md).
          else if (aliases.includes('mount.fstab')) r.error(path, `jail parameter ${p} mounts what a host file lists: klee could not tell those mounts from foreign ones, nor unmount them`, `${reads('mount.fstab')}list them under mounts: instead`);
          else if (hostExec !== undefined && !c.allow_host_exec) {
            const what = HOST_EXEC.has(hostExec) ? 'runs a command on the host as root' : 'is not an exec.* parameter klee knows to stay inside the jail: jail(8) runs its exec.* hooks on the host as root';
            r.error(path, `jail parameter ${p} ${what}`, `${reads(hostExec)}if you trust this file, set allow_host_exec: true on container "${name}"`);
          } else if (typed !== undefined) {
            const want = typed.type === 'boolean' ? 'true, false or a number' : typed.type === 'jailsys' ? 'disable, inherit, new or a number' : 'a whole number';
            const after = typed.type === 'boolean' ? `; ${p} alone is true` : typed.param.endsWith('timeout') ? `; seconds without a unit, e.g. ${typed.param}=30` : '';
            r.error(path, `jail parameter ${p} must be ${want}, not ${JSON.stringify(value)}`, `${reads(typed.param)}jail(8) refuses it ("${typed.refusal}")${after}`);
          } else if (!isKnownParam(p)) r.warn(path, `jail parameter ${p} is not one jail(8) documents`, 'check its spelling; jail(8) will refuse an unknown parameter');
        });
      }
      return r.out;
    },
  },
];
