// Phase 6: the normalised, rule-checked document as the typed Spec the planner consumes.
import type { ContainerSpec, DependsCondition, NetworkSpec, RestartPolicy, Spec } from './types.js';
import { isRcCommand } from './defaults.js';
import { parseDuration } from './duration.js';
import { signalName, signalNumber } from './signals.js';
import type { NormDoc } from './normalized.js';
import { formatSubnet, parseSubnet } from './addr.js';
import { parsePort } from './ports.js';
import { parseMount } from './mounts.js';
import { jailName } from '../host/labels.js';
import { normalPath } from './normal-path.js';

/** Bind a document that passed every rule (parsers cannot fail here) to a Spec. */
export function bindSpec(doc: NormDoc, file: string): Spec {
  const networks: NetworkSpec[] = Object.entries(doc.networks).map(([name, n]) => {
    const s: NetworkSpec = { name, type: n.type, gateway: n.gateway, gateway6: n.gateway6, nat: n.nat, icc: n.icc, internal: n.internal };
    if (n.interface !== undefined) s.interface = n.interface;
    if (n.subnet !== undefined) s.subnet = canonical(n.subnet, 4);
    if (n.subnet6 !== undefined) s.subnet6 = canonical(n.subnet6, 6);
    return s;
  });
  const containers: ContainerSpec[] = Object.entries(doc.containers).map(([name, c]) => {
    const s: ContainerSpec = {
      name,
      jailName: jailName(doc.name, name),
      driver: c.driver,
      networks: Object.entries(c.networks).map(([network, ep]) => ({ network, ...(ep.ip !== undefined ? { ip: ep.ip } : {}), ...(ep.ip6 !== undefined ? { ip6: ep.ip6 } : {}) })),
      command: [...c.command],
      user: c.user,
      env: { ...c.env },
      hostname: c.hostname,
      jailParams: [...c.jail_params],
      allowHostExec: c.allow_host_exec,
      mounts: c.mounts.map((m) => {
        const r = parseMount(m);
        if (!r.ok) throw new Error(`bindSpec: unchecked mount ${m}`);
        return r.mount;
      }),
      ports: c.ports.map((p) => {
        const r = parsePort(p);
        if (!r.ok) throw new Error(`bindSpec: unchecked port ${p}`);
        return r.port;
      }),
      dependsOn: Object.keys(c.depends_on),
      conditions: Object.fromEntries(Object.entries(c.depends_on).map(([n, d]) => [n, d.condition as DependsCondition])),
      supervised: !isRcCommand(c.command),
      restart: c.restart as RestartPolicy,
      stopSignal: signalName(signalNumber(c.stop_signal)!),
      stopGracePeriodS: parseDuration(c.stop_grace_period)!,
    };
    const h = c.healthcheck;
    if (h && !h.disable && h.test[0] !== 'NONE') {
      s.healthcheck = {
        argv: h.test[0] === 'CMD' ? h.test.slice(1) : ['/bin/sh', '-c', h.test[1]],
        intervalS: parseDuration(h.interval)!, timeoutS: parseDuration(h.timeout)!, retries: h.retries, startPeriodS: parseDuration(h.start_period)!,
      };
    }
    if (c.path !== undefined) s.path = normalPath(c.path); // as the kernel keeps it (jls shows it so): compared with jls's
    if (c.image !== undefined) s.image = c.image;
    return s;
  });
  return { project: doc.name, file, networks, containers };
}

/** The canonical text of a subnet already checked by the rules. */
function canonical(text: string, family: 4 | 6): string {
  const s = parseSubnet(text, family);
  return s ? formatSubnet(s) : text;
}
