// Test helper: apply a plan's commands to an in-memory HostState the way FreeBSD would (freebsd.md; `jail -r` of a
// command-line jail leaves its aliases and mounts, docs/decisions.md),
// so tests can reach a converged host and then drift it by hand. Only the forms of docs/commands.md.
import type { HostState, Interface, Jail } from '../../src/host/types.js';
import type { Plan } from '../../src/planner/types.js';
import { iface } from './builders.js';

/** A deep copy of the state with every command of the plan applied in order. */
export function applyPlan(state: HostState, p: Plan): HostState {
  const s: HostState = structuredClone(state);
  for (const a of p.actions) for (const c of a.commands) run(s, c.argv, c.stdin);
  return s;
}

const find = (s: HostState, n: string) => {
  const i = s.interfaces.find((x) => x.name === n);
  if (!i) throw new Error(`ifconfig: interface ${n} does not exist`);
  return i;
};

function run(s: HostState, argv: string[], stdin?: string): void {
  const [cmd, ...a] = argv;
  if (cmd === 'ifconfig') return ifconfig(s, a);
  if (cmd === 'jail' && a[0] === '-c') return jailCreate(s, a.slice(1));
  if (cmd === 'jail' && a[0] === '-r') return jailRemove(s, a[1]);
  // The stop command runs inside the jail (best effort); the model only checks that the jail exists.
  if (cmd === 'jexec') { if (!s.jails.some((j) => j.name === a[0])) throw new Error(`jexec: jail "${a[0]}" not found`); return; }
  if (cmd === 'umount') {
    const target = a.filter((x) => x !== '-f')[0];
    const k = (s.mounts ?? []).map((m) => m.target).lastIndexOf(target);
    if (k < 0) throw new Error(`umount: ${target}: not a file system root directory`);
    s.mounts!.splice(k, 1);
    return;
  }
  if (cmd === 'pfctl') {
    const project = a[1].slice('klee/'.length);
    s.pf.projects = s.pf.projects.filter((p) => p !== project);
    if (a[2] === '-f') {
      s.pf.projects.push(project);
      s.pf.projectHash = /label "klee:([0-9a-f]+)"/.exec(stdin ?? '')?.[1];
    } else s.pf.projectHash = undefined;
    return;
  }
  if (cmd === 'sysctl') {
    if (a[0].startsWith('net.inet6.ip6.forwarding=')) s.sysctl.ip6Forwarding = a[0].endsWith('=1');
    else s.sysctl.ipForwarding = a[0].endsWith('=1');
    return;
  }
  if (cmd === 'zfs' && a[0] === 'clone') {
    (s.datasets ??= []).push({ name: a[5], origin: a[4], mountpoint: a[3].slice('mountpoint='.length) });
    return;
  }
  if (cmd === 'zfs' && a[0] === 'destroy') { s.datasets = (s.datasets ?? []).filter((d) => d.name !== a[1]); return; }
  throw new Error(`apply: unknown command ${argv.join(' ')}`);
}

function ifconfig(s: HostState, a: string[]): void {
  if (a[1] === 'create') {
    const opts = options(a.slice(2));
    if (a[0] === 'lo' || a[0] === 'bridge') {
      if (s.interfaces.some((i) => i.name === opts.name)) throw new Error(`ifconfig: interface ${opts.name} already exists`);
      s.interfaces.push(iface(opts.name, { kind: a[0] === 'lo' ? 'loopback' : 'bridge', description: opts.description, groups: [a[0]] }));
    } else {
      const unit = a[0].slice('epair'.length);
      s.interfaces.push(iface(`epair${unit}a`, { description: opts.description, epairPeer: `epair${unit}b` }), iface(`epair${unit}b`, { epairPeer: `epair${unit}a`, up: false, flags: [] }));
    }
    return;
  }
  const i = find(s, a[0]);
  const [verb, x, y] = a.slice(1);
  if (verb === 'destroy') {
    const gone = new Set([i.name, ...(i.kind === 'epair' ? [i.epairPeer!] : [])]);
    s.interfaces = s.interfaces.filter((o) => !gone.has(o.name));
    for (const o of s.interfaces) o.members = o.members.filter((m) => !gone.has(m));
    for (const j of s.jails) if (j.inside) j.inside.interfaces = j.inside.interfaces.filter((o) => !gone.has(o.name));
  } else if (verb === 'addm') {
    if (i.members.includes(x)) throw new Error(`ifconfig: BRDGADD ${x}: File exists`);
    find(s, x);
    i.members.unshift(x);
  } else if (verb === 'deletem') i.members = i.members.filter((m) => m !== x);
  else if (verb === 'description') i.description = x;
  else if (verb === 'up') i.up = true;
  else if (verb === 'inet' || verb === 'inet6') {
    const [addr, len] = x.split('/');
    const list = verb === 'inet' ? i.inet : i.inet6;
    if (y === '-alias') {
      const k = list.findIndex((e) => e.address === addr);
      if (k < 0) throw new Error("ifconfig: ioctl (SIOCDIFADDR): Can't assign requested address");
      list.splice(k, 1);
    } else {
      if (list.some((e) => e.address === addr)) throw new Error('ifconfig: ioctl (SIOCAIFADDR): File exists');
      list.push({ address: addr, prefixlen: Number(len) });
    }
  } else throw new Error(`apply: unknown ifconfig form ${a.join(' ')}`);
}

function options(a: string[]): Record<string, string> {
  const o: Record<string, string> = {};
  for (let k = 0; k < a.length; k++) if (a[k] === 'name' || a[k] === 'description') o[a[k]] = a[++k];
  return o;
}

function jailCreate(s: HostState, params: string[]): void {
  const get = (k: string) => params.find((p) => p.startsWith(`${k}=`))?.slice(k.length + 1);
  const name = get('name')!;
  if (s.jails.some((j) => j.name === name)) throw new Error(`jail: "${name}" already exists`);
  const j: Jail = {
    jid: Math.max(0, ...s.jails.map((x) => x.jid)) + 1, name, path: get('path')!, hostname: get('host.hostname') ?? '',
    vnet: params.includes('vnet'), ip4: [], ip6: [], params: { meta: get('meta') ?? '' },
  };
  for (const p of params) {
    const m = /^ip([46])\.addr=(.+)\|(.+)\/(\d+)$/.exec(p);
    if (!m) continue;
    const inet = { address: m[3], prefixlen: Number(m[4]) };
    (m[1] === '4' ? find(s, m[2]).inet : find(s, m[2]).inet6).push(inet);
    (m[1] === '4' ? j.ip4 : j.ip6).push(m[3]);
  }
  if (j.vnet) {
    j.inside = { interfaces: [] };
    for (const step of (get('exec.created') ?? '').split(' && ')) {
      const w = step.split(' ');
      if (w[0] === '/sbin/ifconfig' && w[2] === 'vnet') {
        const b = find(s, w[1]);
        s.interfaces = s.interfaces.filter((o) => o !== b);
        j.inside.interfaces.push({ ...b, inet: [], inet6: [] });
      } else if (w[2] === '/sbin/ifconfig' && w[3] !== 'lo0') {
        const b = j.inside.interfaces.find((o) => o.name === w[3])!;
        if (w[4] === 'inet' || w[4] === 'inet6') {
          const [address, len] = w[5].split('/');
          (w[4] === 'inet' ? b.inet : b.inet6).push({ address, prefixlen: Number(len) });
        }
      } else if (w[2] === '/sbin/route') {
        if (w[4] === '-inet') j.inside.defaultRoute4 = w[6]; else j.inside.defaultRoute6 = w[6];
      }
    }
  }
  // jail(8) mounts `mount=` lines, then devfs at <path>/dev (jail.c startcommands: IP_MOUNT, IP_MOUNT_DEVFS).
  if (s.mounts) {
    for (const p of params) {
      if (!p.startsWith('mount=')) continue;
      const [source, target, fstype, options] = p.slice('mount='.length).split(' ');
      s.mounts.push({ source, target, fstype, options });
    }
    if (params.includes('mount.devfs')) s.mounts.push({ source: 'devfs', target: `${j.path.replace(/\/$/, '')}/dev`, fstype: 'devfs', options: 'rw' });
  }
  s.jails.push(j);
}

function jailRemove(s: HostState, name: string): void {
  const j = s.jails.find((x) => x.name === name);
  if (!j) throw new Error(`jail: "${name}" not found`);
  // Only the kernel's part: a command-line jail's ip4.addr aliases and its mounts stay (usr.sbin/jail/jail.c: -r has
  // no config entry, so no stop commands run); klee's removal unmounts and un-aliases them itself.
  s.jails = s.jails.filter((x) => x !== j);
  // The vnet's interfaces return to the host without their addresses (freebsd.md "Moving clears the interface's addresses").
  for (const i of j.inside?.interfaces ?? []) s.interfaces.push({ ...i, inet: [], inet6: [] } as Interface);
}
