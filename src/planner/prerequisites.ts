// What the host must offer before anything runs; each failure names its fix. Forwarding is planned (kinds/sysctl.ts), not demanded.
import { recordPath } from '../host/jail-record.js';
import { duplicatedAddresses } from '../host/dad.js';
import type { HostState } from '../host/types.js';
import { isLinkLocal6 } from '../spec/addr.js';
import type { DesiredNetwork, Want } from './desired.js';
import type { Problem } from './errors.js';
import { containerId, networkId } from './ids.js';
import { containerRoot } from './kinds/dataset.js';
import { overlaps, parseSubnet, rangeOf } from './ip.js';
import type { Observed } from './observed.js';

/** The three lines klee's anchors need in the main ruleset (pf.conf(5) ANCHORS: rules loaded into an anchor are evaluated only from an anchor rule of the main ruleset; docs/commands.md). */
export const PF_HOOK_LINES = ['nat-anchor "klee/*"', 'rdr-anchor "klee/*"', 'anchor "klee/*"'];

/** The problem text when the hooks are missing. */
export function pfHookProblem(state: HostState): string {
  const missing = [state.pf.hooks.nat ? '' : 'nat-anchor', state.pf.hooks.rdr ? '' : 'rdr-anchor', state.pf.hooks.filter ? '' : 'anchor'].filter(Boolean);
  return `pf: the main ruleset does not call klee's anchors (missing: ${missing.join(', ')}). Add these lines to /etc/pf.conf (translation anchors before filter rules) and run \`pfctl -f /etc/pf.conf\`:\n      ${PF_HOOK_LINES.join('\n      ')}`;
}

/** Check VIMAGE, jails without a record of their configuration, and subnet clashes with addresses that are not the project's; say which of its addresses the kernel rejected. */
export function checkPrerequisites(want: Want, obs: Observed, nets: readonly DesiredNetwork[]): { problems: Problem[]; warnings: string[] } {
  const { state } = obs;
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const vnet = want.containers.filter((c) => c.driver === 'vnet');
  if (vnet.length && !state.sysctl.vimage) {
    problems.push({ resource: 'host', message: `vnet: the kernel has no VIMAGE (kern.features.vimage is 0), needed by container(s) ${vnet.map((c) => `"${c.name}"`).join(', ')}. Boot a kernel with "options VIMAGE" (GENERIC has it since FreeBSD 12) or use driver ipnet` });
  }
  // Without `meta` (FreeBSD < 14.3) a jail's configuration is in its record (host/jail-record.ts); one without a record
  // (made by a klee that kept none, or the file removed) is compared only by what jls shows.
  if (!state.sysctl.jailMetaMax) {
    for (const j of obs.own.jails) {
      if (j.hash === undefined && !j.jail.dying) warnings.push(`jail "${j.jail.name}" has no record of its configuration (${recordPath(j.jail.name)}; this kernel has no \`meta\` jail parameter): only what jls shows (path, hostname, driver, addresses) is compared`);
    }
  }
  problems.push(...missingMountPoints(want, state));
  problems.push(...subnetClashes(obs, nets));
  warnings.push(...duplicatedAddresses(obs.own, state.interfaces));
  return { problems, warnings };
}

/** Subnets must not clash with addresses on interfaces that are not this project's. */
function subnetClashes(obs: Observed, nets: readonly DesiredNetwork[]): Problem[] {
  const { own, state } = obs;
  const ours = new Set([...own.networks.map((n) => n.interface), ...nets.map((n) => n.interface), ...own.epairs.map((e) => e.name)]);
  const ourAliases = new Set(own.aliases.map((a) => a.address));
  const out: Problem[] = [];
  for (const n of nets) {
    for (const cidr of [n.spec.subnet, n.spec.subnet6]) {
      if (!cidr) continue;
      const s = parseSubnet(cidr);
      for (const i of state.interfaces) {
        if (ours.has(i.name)) continue;
        const addrs = s.family === 4 ? i.inet : i.inet6.filter((a) => !isLinkLocal6(a.address));
        const hit = addrs.find((a) => { const r = rangeOf(a.address, a.prefixlen, s.family); return !ourAliases.has(a.address) && r !== undefined && overlaps(s, r); });
        if (hit) out.push({ resource: networkId(n.spec.name), message: `network "${n.spec.name}": subnet ${cidr} clashes with ${hit.address}/${hit.prefixlen} on interface ${i.name}, which is not this project's. Choose another subnet` });
      }
    }
  }
  return out;
}

/**
 * A mount point the probe found missing (or not a directory) in a container's root: jail(8) would refuse the jail
 * (usr.sbin/jail/command.c check_path lstat()s each component below the root), so the plan stops here, naming it.
 */
function missingMountPoints(want: Want, state: HostState): Problem[] {
  const missing = new Set(state.missingMountPoints ?? []);
  if (missing.size === 0) return [];
  return want.containers.flatMap((c) => c.mounts.flatMap((m) => {
    const root = containerRoot(want.project, c).replace(/\/+$/, '');
    const at = `${root}${m.target}`;
    return missing.has(at) ? [{ resource: containerId(c.name), message: `container "${c.name}": mount target ${m.target} is not a directory in its root ${root} (jail(8) refuses to mount on ${at}): create that directory, or change the mount` }] : [];
  }));
}
