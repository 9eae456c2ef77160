// Which address each container gets on each network: explicit, else the one it already has, else the lowest free.
import type { OwnedEpair, OwnedJail } from '../../host/ownership.js';
import type { HostState } from '../../host/types.js';
import { hostText } from '../../host/quote.js';
import type { ContainerSpec } from '../../spec/types.js';
import { SubnetAllocator } from '../allocation.js';
import type { DesiredNetwork } from '../desired.js';
import type { Problem } from '../errors.js';
import { containerId } from '../ids.js';
import { addrValue, canonAddr, inSubnet, parseSubnet, type Subnet } from '../ip.js';
import { aliasesOf, epairKey, type Observed } from '../observed.js';

/** The chosen addresses: key `<container>|<network>|<4|6>` → address. */
export type AddressMap = Map<string, string>;

/** Key of one container's address on one network. */
export const addrKey = (c: string, n: string, family: 4 | 6) => `${c}|${n}|${family}`;

/** What a running container has on a network now (ipnet: its ip4.addr/ip6.addr; vnet: inside its b side). `epairs`: firstEpairs(own). */
export function currentAddress(epairs: ReadonlyMap<string, OwnedEpair>, j: OwnedJail, network: string, s: Subnet): string | undefined {
  const list = s.family === 4 ? j.jail.ip4 : j.jail.ip6;
  if (!j.jail.vnet) return list.find((a) => inSubnet(a, s));
  const e = epairs.get(epairKey(j.container, network));
  const inside = e && j.jail.inside?.interfaces.find((i) => i.name === e.peer);
  const addrs = s.family === 4 ? inside?.inet : inside?.inet6;
  return addrs?.map((a) => a.address).find((a) => inSubnet(a, s));
}

/** The host's default gateway (route -n get default), when it is an address: a router on the LAN, never a container's. */
function defaultGateway(state: HostState): string | undefined {
  const g = state.defaultRoute?.gateway;
  return g && addrValue(g, 4) !== undefined ? g : undefined;
}

/** Every address in use on the host: interfaces (but `leaked`, which the plan removes), jails, inside our vnet jails, the default gateway. */
export function hostAddresses(state: HostState, leaked: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  const gw = defaultGateway(state);
  if (gw) out.push(gw);
  for (const i of state.interfaces) out.push(...[...i.inet, ...i.inet6].map((a) => a.address).filter((a) => !leaked.has(canonAddr(a))));
  for (const j of state.jails) {
    out.push(...j.ip4, ...j.ip6);
    for (const i of j.inside?.interfaces ?? []) out.push(...i.inet.map((a) => a.address), ...i.inet6.map((a) => a.address));
  }
  return out;
}

/**
 * Addresses held by something that is not this project's (to refuse explicit addresses that clash): on interfaces
 * that are not the project's own, except our jails' aliases where klee puts them (obs.aliasHomes: jail(8) added them
 * for a custom network); in jails that are not ours; the host's default gateway.
 */
export function foreignAddresses(obs: Observed): Map<string, string> {
  const { state, own } = obs;
  const ours = new Set(own.aliases.map((a) => canonAddr(a.address)));
  const ourIfs = new Set(own.networks.map((n) => n.interface));
  const ownJails = new Set(own.jails.map((j) => j.jail.name));
  const out = new Map<string, string>();
  for (const i of state.interfaces) {
    if (ourIfs.has(i.name)) continue;
    const home = obs.aliasHomes.has(i.name);
    for (const a of [...i.inet, ...i.inet6]) if (!(home && ours.has(canonAddr(a.address)))) out.set(canonAddr(a.address), `interface ${i.name}`);
  }
  for (const j of state.jails) if (!ownJails.has(j.name)) for (const a of [...j.ip4, ...j.ip6]) out.set(canonAddr(a), `jail ${hostText(j.name)}`);
  const gw = defaultGateway(state);
  if (gw) out.set(gw, "the host's default gateway");
  return out;
}

/** One address choice in progress: what is chosen, which addresses are claimed on which network, the problems. */
interface Choice {
  containers: readonly ContainerSpec[];
  nets: ReadonlyMap<string, DesiredNetwork>;
  obs: Observed;
  chosen: AddressMap;
  /** `<network>|<canonical address>` → container. */
  claimed: Map<string, string>;
  problems: Problem[];
  /** The network's subnet of one family, parsed once. */
  subnetOf: (network: string, family: 4 | 6) => Subnet | undefined;
}

/** Choose every address, with the problems found (full subnet, clash). `leaked`: aliases the plan removes (free again). */
export function chooseAddresses(containers: readonly ContainerSpec[], nets: ReadonlyMap<string, DesiredNetwork>, obs: Observed, leaked: ReadonlySet<string>): { chosen: AddressMap; problems: Problem[] } {
  const subnets = new Map<string, Subnet | undefined>();
  const subnetOf = (n: string, family: 4 | 6): Subnet | undefined => {
    const k = `${n}|${family}`;
    if (!subnets.has(k)) {
      const d = nets.get(n);
      const cidr = family === 4 ? d?.spec.subnet : d?.spec.subnet6;
      subnets.set(k, cidr ? parseSubnet(cidr) : undefined);
    }
    return subnets.get(k);
  };
  const choice: Choice = { containers, nets, obs, chosen: new Map(), claimed: new Map(), problems: [], subnetOf };
  explicitAddresses(choice);
  keptAddresses(choice);
  lowestFreeAddresses(choice, leaked);
  return { chosen: choice.chosen, problems: choice.problems };
}

/** 1. The addresses the file gives; one a foreign interface or jail holds is a problem. */
function explicitAddresses({ containers, nets, obs, chosen, claimed, problems }: Choice): void {
  const foreign = foreignAddresses(obs);
  for (const c of containers) for (const a of c.networks) for (const [family, ip] of [[4, a.ip], [6, a.ip6]] as const) {
    if (!ip || !nets.has(a.network)) continue;
    chosen.set(addrKey(c.name, a.network, family), ip);
    claimed.set(`${a.network}|${canonAddr(ip)}`, c.name);
    const holder = foreign.get(canonAddr(ip));
    if (holder) problems.push({ resource: containerId(c.name), message: `container "${c.name}": address ${ip} on network "${a.network}" is already in use on the host (${holder})` });
  }
}

/**
 * 2. The addresses running containers already have (stable across plans), unless another container claimed them or,
 * for an ipnet jail, the address sits on an interface that is not klee's (aliasHomes): that is the interface's own
 * address (a user's `userlo` holding it), never the container's to keep.
 */
function keptAddresses({ containers, obs, chosen, claimed, subnetOf }: Choice): void {
  for (const c of containers) {
    const j = obs.jails.get(c.name);
    if (!j) continue;
    for (const a of c.networks) for (const family of [4, 6] as const) {
      const s = subnetOf(a.network, family);
      const k = addrKey(c.name, a.network, family);
      if (!s || chosen.has(k)) continue;
      const cur = currentAddress(obs.epairs, j, a.network, s);
      if (!cur || claimed.has(`${a.network}|${canonAddr(cur)}`) || elsewhere(obs, j, cur)) continue;
      chosen.set(k, cur);
      claimed.set(`${a.network}|${canonAddr(cur)}`, c.name);
    }
  }
}

/** Whether an ipnet jail's address is on a host interface that is not klee's (aliasHomes). */
function elsewhere(obs: Observed, j: OwnedJail, address: string): boolean {
  if (j.jail.vnet) return false;
  const a = aliasesOf(obs, j.container).find((x) => canonAddr(x.address) === canonAddr(address));
  return a?.interface !== undefined && !obs.aliasHomes.has(a.interface);
}

/** 3. The lowest free address for the rest, in file order; a full subnet is a problem naming the network. */
function lowestFreeAddresses({ containers, nets, obs, chosen, claimed, problems, subnetOf }: Choice, leaked: ReadonlySet<string>): void {
  let inUse: string[] | undefined; // computed when a first address has to be allocated (none on a converged host)
  const allocators = new Map<string, SubnetAllocator>();
  for (const c of containers) for (const a of c.networks) for (const family of [4, 6] as const) {
    const s = subnetOf(a.network, family);
    const k = addrKey(c.name, a.network, family);
    if (!s || chosen.has(k)) continue;
    const ak = `${a.network}|${family}`;
    if (!allocators.has(ak)) {
      const d = nets.get(a.network)!;
      const gw = family === 4 ? d.route4 : d.route6;
      inUse ??= hostAddresses(obs.state, leaked);
      const taken = [...inUse, ...[...claimed.keys()].filter((x) => x.startsWith(`${a.network}|`)).map((x) => x.slice(a.network.length + 1)), ...(gw ? [gw] : [])];
      allocators.set(ak, new SubnetAllocator(s, taken));
    }
    const ip = allocators.get(ak)!.take();
    if (!ip) {
      problems.push({ resource: containerId(c.name), message: `network "${a.network}": subnet ${s.cidr} is full, no free address for container "${c.name}" (use a larger subnet)` });
      continue;
    }
    chosen.set(k, ip);
  }
}
