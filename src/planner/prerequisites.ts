// What the host must offer before anything runs; each failure names its fix. Forwarding is planned (kinds/sysctl.ts), not demanded.
import { recordPath } from '../host/jail-record.js';
import { duplicatedAddresses } from '../host/dad.js';
import type { HostState } from '../host/types.js';
import { isLinkLocal6 } from '../spec/addr.js';
import type { DesiredNetwork, Want } from './desired.js';
import type { Problem } from './errors.js';
import { containerId, networkId } from './ids.js';
import { containerRoot } from './kinds/dataset.js';
import { otherProjectJails } from '../host/ownership.js';
import { mountPoint, normalPath } from '../spec/normal-path.js';
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
  problems.push(...subnetClashes(obs, nets), ...otherProjectOverlaps(obs, nets), ...nestedRoots(want, obs), ...missingNatInterfaces(obs, nets));
  warnings.push(...duplicatedAddresses(obs.own, state.interfaces));
  return { problems, warnings };
}

/**
 * A subnet may not overlap a loopback or bridge subnet of another klee project on the host (HostState
 * pf.otherSubnets), in either order: addresses are checked against interfaces above, but a subnet that holds another
 * project's (10.50.3.0/24 inside its 10.50.0.0/16) holds none of its addresses yet, and its containers' addresses
 * would then make the other project's own subnet clash.
 */
function otherProjectOverlaps(obs: Observed, nets: readonly DesiredNetwork[]): Problem[] {
  const others = (obs.state.pf.otherSubnets ?? []).map((o) => ({ ...o, range: parseSubnet(o.subnet) }));
  const out: Problem[] = [];
  for (const n of nets) {
    for (const cidr of [n.spec.subnet, n.spec.subnet6]) {
      if (!cidr) continue;
      const s = parseSubnet(cidr);
      for (const o of others) {
        if (overlaps(s, o.range)) out.push({ resource: networkId(n.spec.name), message: `network "${n.spec.name}": subnet ${cidr} overlaps ${o.subnet}, a subnet of klee project "${o.project}" on this host. Choose another subnet` });
      }
    }
  }
  return out;
}

/**
 * A container's root may not hold the root of another klee project's jail, nor lie inside one: the outer jail would
 * see and change the inner one's tree, and its devfs and `mount=` lines below its root could land over the inner's
 * (docs/ownership.md "Roots"). The same root is allowed: each jail unmounts only what it mounted.
 */
function nestedRoots(want: Want, obs: Observed): Problem[] {
  const others = otherProjectJails(obs.state, want.project).map((o) => ({ ...o, root: normalPath(o.jail.path) }));
  const out: Problem[] = [];
  const below = (a: string, b: string) => a !== b && (b === '/' || a.startsWith(`${b}/`));
  for (const c of want.containers) {
    const root = containerRoot(want.project, c);
    for (const o of others) {
      const how = below(o.root, root) ? 'holds' : below(root, o.root) ? 'lies inside' : undefined;
      if (how) out.push({ resource: containerId(c.name), message: `container "${c.name}": its root ${root} ${how} ${o.root}, the root of jail "${o.jail.name}" of klee project "${o.project}". Give each project's containers roots apart` });
    }
  }
  return out;
}

/**
 * A network's `nat: <interface>` must name an interface the host has, or one this plan creates: FreeBSD's pfctl loads
 * a rule naming any interface (sbin/pfctl/parse.y: if_item takes any STRING, and dynaddr's "interface does not exist"
 * check is `#ifndef __FreeBSD__`), so a typo (or `nat: quick`) would go up as a NAT rule that never translates.
 */
function missingNatInterfaces(obs: Observed, nets: readonly DesiredNetwork[]): Problem[] {
  const planned = new Set(nets.map((n) => n.interface));
  return nets.filter((n) => typeof n.spec.nat === 'string' && !obs.ifaceByName.has(n.spec.nat) && !planned.has(n.spec.nat)).map((n) => ({
    resource: networkId(n.spec.name),
    message: `network "${n.spec.name}": nat interface "${n.spec.nat}" does not exist on the host (name an interface the host has, or set nat: true for the default route's)`,
  }));
}

/**
 * Subnets must not clash with addresses on interfaces that are not this project's; our jails' own aliases count as
 * ours only where klee puts them (obs.aliasHomes): the same address on a user's clone is the user's.
 */
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
        const home = obs.aliasHomes.has(i.name);
        const hit = addrs.find((a) => { const r = rangeOf(a.address, a.prefixlen, s.family); return !(home && ourAliases.has(a.address)) && r !== undefined && overlaps(s, r); });
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
    const root = containerRoot(want.project, c);
    const at = mountPoint(root, m.target);
    return missing.has(at) ? [{ resource: containerId(c.name), message: `container "${c.name}": mount target ${m.target} is not a directory in its root ${root} (jail(8) refuses to mount on ${at}): create that directory, or change the mount` }] : [];
  }));
}
