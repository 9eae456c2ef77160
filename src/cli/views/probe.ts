// Render HostState for humans: the project's resources, other klee projects, and what klee never touches.
import type { HostState, Interface, Jail } from '../../host/types.js';
import { listProjects, ownership, trustedLabel } from '../../host/ownership.js';
import { duplicatedAddresses } from '../../host/dad.js';
import { isLinkLocal6 } from '../../spec/addr.js';

/** Interfaces and jails that belong to no klee project (listed, never touched). */
export function foreignResources(state: HostState): { interfaces: Interface[]; jails: Jail[] } {
  const labelled = new Set<string>();
  for (const i of state.interfaces) {
    if (!trustedLabel(i)) continue;
    labelled.add(i.name);
    if (i.epairPeer) labelled.add(i.epairPeer); // the b side of a klee epair is klee's too
  }
  const ownedJails = new Set<number>();
  for (const p of listProjects(state)) for (const o of ownership(state, p).jails) ownedJails.add(o.jail.jid);
  return {
    interfaces: state.interfaces.filter((i) => !labelled.has(i.name)),
    jails: state.jails.filter((j) => !ownedJails.has(j.jid)),
  };
}

/** An interface's addresses; IPv6 ones with their flags (`fd00::1/64 (duplicated)`, af_inet6.c in6_status). */
const addrs = (i: Interface) => [
  ...i.inet.map((a) => `${a.address}/${a.prefixlen}`),
  ...i.inet6.filter((a) => !isLinkLocal6(a.address)).map((a) => `${a.address}/${a.prefixlen}${a.flags?.length ? ` (${a.flags.join(' ')})` : ''}`),
];

/** The `klee probe` summary text. */
export function renderProbe(state: HostState, uri: string, project?: string): string {
  const out: string[] = [];
  const onOff = (b: boolean) => (b ? 'on' : 'off');
  out.push(`host ${uri}: FreeBSD ${state.version || '(unknown version)'}`);
  out.push(`  default route: ${state.defaultRoute ? `${state.defaultRoute.gateway || '(direct)'} via ${state.defaultRoute.interface}` : 'none'}`);
  out.push(`  forwarding: inet ${onOff(state.sysctl.ipForwarding)}, inet6 ${onOff(state.sysctl.ip6Forwarding)}; vnet (VIMAGE): ${state.sysctl.vimage ? 'yes' : 'no'}; jail meta: ${state.sysctl.jailMetaMax > 0 ? 'yes' : 'no'}`);
  const hooks = Object.entries(state.pf.hooks).filter(([, v]) => v).map(([k]) => k);
  out.push(`  pf: ${state.pf.enabled === null ? 'unknown (needs root)' : state.pf.enabled ? 'enabled' : 'disabled'}; klee anchor hooks: ${hooks.length ? hooks.join(', ') : 'none'}`);
  const projects = listProjects(state);
  if (project) {
    const o = ownership(state, project);
    out.push('', `project ${project}:`);
    out.push('  networks:');
    if (o.networks.length === 0) out.push('    (none)');
    for (const n of o.networks) out.push(`    ${n.network}  ${n.interface} (${n.iface.kind})${addrs(n.iface).length ? `  ${addrs(n.iface).join(' ')}` : ''}${n.iface.members.length ? `  members: ${n.iface.members.join(' ')}` : ''}`);
    out.push('  containers:');
    if (o.jails.length === 0) out.push('    (none)');
    for (const j of o.jails) {
      const ip = [...j.jail.ip4, ...j.jail.ip6, ...(j.jail.inside?.interfaces.flatMap(addrs) ?? [])];
      out.push(`    ${j.container}  jail ${j.jail.name} jid ${j.jail.jid} ${j.jail.vnet ? 'vnet' : 'ipnet/host'}${j.jail.dying ? ' (dying)' : ''}${ip.length ? `  ${ip.join(' ')}` : ''}`);
    }
    out.push('  epairs:');
    if (o.epairs.length === 0) out.push('    (none)');
    for (const e of o.epairs) out.push(`    ${e.name}/${e.peer}  ${e.container} on ${e.network}${e.bridge ? ` (member of ${e.bridge})` : ''}`);
    for (const c of o.collisions) out.push(`  collision: ${c.reason}`);
    if (state.pf.projectHash) out.push(`  pf rules: loaded (label klee:${state.pf.projectHash})`);
    for (const d of duplicatedAddresses(o, state.interfaces)) out.push(`  unusable: ${d}`);
  }
  const others = projects.filter((p) => p !== project);
  out.push('', `other klee projects: ${others.length ? others.join(', ') : 'none'}`);
  const f = foreignResources(state);
  out.push('', 'not klee\'s (listed, never touched):');
  out.push(`  interfaces: ${f.interfaces.length ? f.interfaces.map((i) => `${i.name} (${i.kind})`).join(', ') : 'none'}`);
  out.push(`  jails: ${f.jails.length ? f.jails.map((j) => `${j.name} (jid ${j.jid})`).join(', ') : 'none'}`);
  if (state.warnings.length) out.push('', 'warnings:', ...state.warnings.map((w) => `  ${w}`));
  return `${out.join('\n')}\n`;
}
