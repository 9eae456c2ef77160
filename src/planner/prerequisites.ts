// What the host must offer before anything runs; each failure names its fix. Forwarding is planned, not demanded.
import type { HostState } from '../host/types.js';
import type { Spec } from '../spec/types.js';
import type { PlanContext } from './context.js';
import type { DesiredNetwork } from './desired.js';
import { FORWARDING6_ID, FORWARDING_ID, PF_ID } from './ids.js';
import { overlaps, parseSubnet, rangeOf } from './ip.js';
import { isLinkLocal6 } from '../spec/addr.js';

/** The three lines klee's anchors need in the main ruleset (pf.conf(5) ANCHORS: rules loaded into an anchor are evaluated only from an anchor rule of the main ruleset; docs/commands.md). */
export const PF_HOOK_LINES = ['nat-anchor "klee/*"', 'rdr-anchor "klee/*"', 'anchor "klee/*"'];

/** The problem text when the hooks are missing. */
export function pfHookProblem(state: HostState): string {
  const missing = [state.pf.hooks.nat ? '' : 'nat-anchor', state.pf.hooks.rdr ? '' : 'rdr-anchor', state.pf.hooks.filter ? '' : 'anchor'].filter(Boolean);
  return `pf: the main ruleset does not call klee's anchors (missing: ${missing.join(', ')}). Add these lines to /etc/pf.conf (translation anchors before filter rules) and run \`pfctl -f /etc/pf.conf\`:\n      ${PF_HOOK_LINES.join('\n      ')}`;
}

/** Check VIMAGE, subnet clashes and `meta`; plan `sysctl net.inet.ip.forwarding=1` (and the inet6 one) when NAT or routed vnet traffic needs it. */
export function checkPrerequisites(ctx: PlanContext, spec: Spec, nets: DesiredNetwork[], natRules: number): void {
  const { state } = ctx;
  const vnet = spec.containers.filter((c) => c.driver === 'vnet');
  if (vnet.length && !state.sysctl.vimage) {
    ctx.problems.push(`vnet: the kernel has no VIMAGE (kern.features.vimage is 0), needed by container(s) ${vnet.map((c) => `"${c.name}"`).join(', ')}. Boot a kernel with "options VIMAGE" (GENERIC has it since FreeBSD 12) or use driver ipnet`);
  }
  if (!state.sysctl.jailMetaMax && spec.containers.length) {
    ctx.warnings.push('this kernel has no `meta` jail parameter (FreeBSD < 14.3): klee cannot record a container\'s configuration and compares only what jls shows (path, hostname, driver, addresses)');
  }
  // A vnet container with a default route (auto or explicit gateway) on one of its networks is routed through the host.
  const routedOver = (route: 'route4' | 'route6') => vnet.some((c) => c.networks.some((a) => nets.find((n) => n.spec.name === a.network)?.[route]));
  const routed = routedOver('route4');
  if ((natRules > 0 || routed) && !state.sysctl.ipForwarding) {
    ctx.actions.add({
      id: FORWARDING_ID, op: 'update', resource: 'sysctl', name: 'net.inet.ip.forwarding',
      reason: natRules > 0 ? 'NAT needs IP forwarding' : 'vnet containers are routed through the host',
      commands: [{ argv: ['sysctl', 'net.inet.ip.forwarding=1'], undo: [['sysctl', 'net.inet.ip.forwarding=0']] }],
      facts: { value: '0 → 1' },
    });
    ctx.actions.order(PF_ID, FORWARDING_ID);
  }
  // IPv6 has its own switch (inet6(4): net.inet6.ip6.forwarding); vnet containers with an IPv6 default route need it.
  if (routedOver('route6') && !state.sysctl.ip6Forwarding) {
    ctx.actions.add({
      id: FORWARDING6_ID, op: 'update', resource: 'sysctl', name: 'net.inet6.ip6.forwarding',
      reason: 'vnet containers are routed through the host over IPv6',
      commands: [{ argv: ['sysctl', 'net.inet6.ip6.forwarding=1'], undo: [['sysctl', 'net.inet6.ip6.forwarding=0']] }],
      facts: { value: '0 → 1' },
    });
  }
  // Subnets must not clash with addresses on interfaces that are not this project's.
  const ours = new Set([...ctx.own.networks.map((n) => n.interface), ...nets.map((n) => n.interface), ...ctx.own.epairs.map((e) => e.name)]);
  const ourAliases = new Set(ctx.own.aliases.map((a) => a.address));
  for (const n of nets) {
    for (const cidr of [n.spec.subnet, n.spec.subnet6]) {
      if (!cidr) continue;
      const s = parseSubnet(cidr);
      for (const i of state.interfaces) {
        if (ours.has(i.name)) continue;
        const addrs = s.family === 4 ? i.inet : i.inet6.filter((a) => !isLinkLocal6(a.address));
        const hit = addrs.find((a) => { const r = rangeOf(a.address, a.prefixlen, s.family); return !ourAliases.has(a.address) && r !== undefined && overlaps(s, r); });
        if (hit) ctx.problems.push(`network "${n.spec.name}": subnet ${cidr} clashes with ${hit.address}/${hit.prefixlen} on interface ${i.name}, which is not this project's. Choose another subnet`);
      }
    }
  }
}
