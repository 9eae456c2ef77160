// Rules on networks: subnets, gateways, interfaces.
import type { Rule, RuleContext } from './context.js';
import { reporter } from './context.js';
import { broadcastOf, formatAddress, formatSubnet, inSubnet, overlaps, parseAddress, parseSubnet, type Family, type Subnet } from '../addr.js';
import { specialRange } from '../special-ranges.js';

const FIELD = { 4: 'subnet', 6: 'subnet6' } as const;
const GW = { 4: 'gateway', 6: 'gateway6' } as const;
const FAM = { 4: 'IPv4', 6: 'IPv6' } as const;

/** The parsed subnets of every network that has a valid one, by family. */
export function subnetsOf(ctx: RuleContext): Map<string, Partial<Record<Family, Subnet>>> {
  const out = new Map<string, Partial<Record<Family, Subnet>>>();
  for (const [name, n] of Object.entries(ctx.doc.networks)) {
    const s: Partial<Record<Family, Subnet>> = {};
    for (const f of [4, 6] as const) {
      const text = n[FIELD[f]];
      const p = text === undefined ? undefined : parseSubnet(text, f);
      if (p && p.network === p.written) s[f] = p;
    }
    out.set(name, s);
  }
  return out;
}

/** The gateway address of a network in a family (auto = the first address on bridges), if any. */
export function gatewayOf(ctx: RuleContext, network: string, f: Family, subnet: Subnet | undefined): bigint | undefined {
  const n = ctx.networks.get(network)!;
  const g = n[GW[f]];
  if (g === 'none') return undefined;
  if (g === 'auto') return n.type === 'bridge' && subnet ? subnet.network + 1n : undefined;
  return parseAddress(g, f);
}

/**
 * How many addresses of a subnet can go to members (planner/allocation.ts SubnetAllocator): all but the network
 * address and, for IPv4, the broadcast; /31 and /32 have neither (RFC 3021); IPv6 skips the subnet-router anycast.
 */
function usableAddresses(f: Family, prefix: number): bigint {
  const size = 1n << BigInt((f === 4 ? 32 : 128) - prefix);
  if (f === 4) return prefix >= 31 ? size : size - 2n;
  return size - 1n;
}

/** The longest prefix whose subnet holds `needed` usable addresses. */
function smallestPrefix(f: Family, needed: number): number {
  let len = f === 4 ? 32 : 128;
  while (len > 0 && usableAddresses(f, len) < BigInt(needed)) len--;
  return len;
}

/** The rules about networks. */
export const networkRules: Rule[] = [
  {
    id: 'subnet-syntax',
    check(ctx) {
      const r = reporter(ctx);
      for (const [name, n] of Object.entries(ctx.doc.networks)) {
        for (const f of [4, 6] as const) {
          const text = n[FIELD[f]];
          if (text === undefined) continue;
          const path = ['networks', name, FIELD[f]];
          const p = parseSubnet(text, f);
          if (!p) {
            const other = parseSubnet(text, f === 4 ? 6 : 4);
            r.error(path, `${FIELD[f]} "${text}" is not an ${FAM[f]} subnet in CIDR form`, other ? `this is an ${FAM[f === 4 ? 6 : 4]} subnet: use ${FIELD[f === 4 ? 6 : 4]}` : f === 4 ? 'for instance 10.4.6.0/24' : 'for instance fd00:4:6::/64');
          } else if (p.network !== p.written) {
            r.error(path, `${FIELD[f]} "${text}" is not the network address of its range`, `use ${formatSubnet(p)}`);
          } else {
            const special = specialRange(p);
            if (special) r.error(path, `${FIELD[f]} ${text} overlaps the ${special} range, which cannot be a network's subnet`, f === 4 ? 'use a private range, for instance 10.4.6.0/24' : 'use a unique local range, for instance fd00:4:6::/64');
          }
        }
      }
      return r.out;
    },
  },
  {
    id: 'subnet-overlap',
    check(ctx) {
      const r = reporter(ctx);
      const all = [...subnetsOf(ctx)];
      for (let i = 0; i < all.length; i++) {
        for (let j = 0; j < i; j++) {
          for (const f of [4, 6] as const) {
            const a = all[i][1][f];
            const b = all[j][1][f];
            if (a && b && overlaps(a, b)) r.error(['networks', all[i][0], FIELD[f]], `${FIELD[f]} ${formatSubnet(a)} of network "${all[i][0]}" overlaps ${formatSubnet(b)} of network "${all[j][0]}"`);
          }
        }
      }
      return r.out;
    },
  },
  {
    id: 'gateway',
    check(ctx) {
      const r = reporter(ctx);
      const subnets = subnetsOf(ctx);
      for (const [name, n] of Object.entries(ctx.doc.networks)) {
        for (const f of [4, 6] as const) {
          const g = n[GW[f]];
          const path = ['networks', name, GW[f]];
          if (g === 'auto' || g === 'none') continue;
          const a = parseAddress(g, f);
          if (a === undefined) {
            r.error(path, `${GW[f]} "${g}" is not auto, none or an ${FAM[f]} address`);
            continue;
          }
          if (n.type !== 'bridge') r.warn(path, `${GW[f]} is only used by vnet containers, which join only bridge networks: ignored on a ${n.type} network`);
          const s = subnets.get(name)?.[f];
          if (n[FIELD[f]] === undefined) r.error(path, `${GW[f]} ${g} needs ${FIELD[f]} on network "${name}"`);
          else if (!s) continue; // the subnet itself is reported
          else if (!inSubnet(a, s)) r.error(path, `${GW[f]} ${g} is outside ${FIELD[f]} ${formatSubnet(s)}`);
          else if (a === s.network || a === broadcastOf(s)) r.error(path, `${GW[f]} ${g} is the ${a === s.network ? 'network' : 'broadcast'} address of ${formatSubnet(s)}`, `for instance ${formatAddress(s.network + 1n, f)}`);
        }
      }
      return r.out;
    },
  },
  {
    // The planner checks the same against the host too (planner/kinds/address-choice.ts: the host may hold addresses).
    id: 'subnet-capacity',
    check(ctx) {
      const r = reporter(ctx);
      const subnets = subnetsOf(ctx);
      const members = new Map<string, number>();
      for (const c of ctx.containers.values()) for (const n of Object.keys(c.networks)) members.set(n, (members.get(n) ?? 0) + 1);
      for (const [name, n] of ctx.networks) {
        const count = members.get(name) ?? 0;
        for (const f of [4, 6] as const) {
          const s = subnets.get(name)?.[f];
          if (!s || count === 0) continue;
          const usable = usableAddresses(f, s.prefix);
          const gw = n.type === 'bridge' ? gatewayOf(ctx, name, f, s) : undefined;
          const needed = count + (gw !== undefined && inSubnet(gw, s) ? 1 : 0);
          if (needed <= usable) continue;
          const what = `${count} container${count === 1 ? '' : 's'}${needed > count ? ' and the gateway' : ''}`;
          r.error(['networks', name, FIELD[f]], `${FIELD[f]} ${formatSubnet(s)} has ${usable} usable address${usable === 1n ? '' : 'es'}, too few for its ${what}`, `use a larger subnet, for instance /${smallestPrefix(f, needed)}`);
        }
      }
      return r.out;
    },
  },
  {
    id: 'interfaces',
    check(ctx) {
      const r = reporter(ctx);
      const claimed = new Map<string, string>();
      for (const [name, n] of Object.entries(ctx.doc.networks)) {
        if (n.type === 'custom' && n.interface === undefined) {
          r.error(['networks', name], `custom network "${name}" needs \`interface\`: the existing host interface it uses`, 'for instance interface: em0', 'key');
        }
        if (n.interface === undefined) continue;
        // klee's vnet endpoints are `ifconfig epair create` clones, epairNa/epairNb, the unit the kernel's choice: the
        // lowest free in the epair cloner's own unit set (sys/net/if_clone.c ifc_alloc_unit), which a loopback or bridge
        // named epairNa does not hold; if_epair.c epair_handle_unit then finds epairNa taken and fails with EEXIST, on
        // every create while N stays the lowest free unit, so no vnet container could start.
        if (n.type !== 'custom' && /^epair\d+[ab]$/.test(n.interface)) {
          r.error(['networks', name, 'interface'], `interface ${n.interface} of ${n.type} network "${name}" is named like an epair side (epairNa/epairNb), which klee creates for vnet containers`, 'name it like kleene1, or leave interface out for a free kleeneN');
        }
        const other = claimed.get(n.interface);
        if (other !== undefined) r.error(['networks', name, 'interface'], `interface ${n.interface} is already used by network "${other}"`, 'each network needs its own interface');
        else claimed.set(n.interface, name);
      }
      return r.out;
    },
  },
];
