// Kernel-side interface operations of the simulator: clone, destroy, move between vnets, addresses.
import type { SimIface, SimState } from './state.js';

/** Cloners the simulated kernel has (sys/net/if_loop.c, if_bridge.c, if_epair.c). */
export const CLONERS = ['lo', 'bridge', 'epair'] as const;

/** A deterministic MAC address from the state's counter (58:9c:fc is FreeBSD's OUI for generated MACs, fixtures 14/17/18). */
export function nextMac(st: SimState): string {
  const n = ++st.counters.mac;
  const b = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((x) => x.toString(16).padStart(2, '0'));
  return `58:9c:fc:${b.join(':')}`;
}

/** Units of a cloner that are taken (kept after a rename or a move into a jail, as if_clone.c's unit allocator does). */
export function takenUnits(st: SimState, cloner: string): Set<number> {
  return new Set(st.interfaces.filter((i) => i.cloner === cloner && i.unit !== undefined).map((i) => i.unit as number));
}

/** Lowest unit free for a cloner (if_clone.c ifc_alloc_unit). */
export function lowestUnit(st: SimState, cloner: string): number {
  const taken = takenUnits(st, cloner);
  let u = 0;
  while (taken.has(u)) u++;
  return u;
}

function base(st: SimState, name: string, kind: SimIface['kind'], cloner: string, unit: number, vnet: number): SimIface {
  return {
    name, kind, index: ++st.counters.ifindex, cloned: true, cloner, unit, up: false,
    mtu: kind === 'loopback' ? 16384 : 1500, groups: [cloner], inet: [], inet6: [], members: [], vnet,
    ...(kind === 'loopback' ? {} : { ether: nextMac(st) }),
  };
}

/** Create a cloned interface with the given unit; returns the new (a side) interface. */
export function cloneIface(st: SimState, cloner: string, unit: number, vnet: number): SimIface {
  if (cloner === 'epair') {
    const a = base(st, `epair${unit}a`, 'epair', 'epair', unit, vnet);
    const b = base(st, `epair${unit}b`, 'epair', 'epair', unit, vnet);
    a.peer = b.name;
    b.peer = a.name;
    st.interfaces.push(a, b);
    return a;
  }
  const i = base(st, `${cloner}${unit}`, cloner === 'lo' ? 'loopback' : 'bridge', cloner, unit, vnet);
  st.interfaces.push(i);
  return i;
}

/** Remove an interface from every bridge's member list. */
export function leaveBridges(st: SimState, name: string, vnet: number): void {
  for (const b of st.interfaces) if (b.vnet === vnet && b.kind === 'bridge') b.members = b.members.filter((m) => m !== name);
}

/** Destroy an interface (and an epair's other side, wherever it lives: if_epair.c destroys both). */
export function destroyIface(st: SimState, i: SimIface): void {
  const gone = [i];
  if (i.kind === 'epair' && i.peer) {
    const p = st.interfaces.find((x) => x.kind === 'epair' && x.cloner === 'epair' && x.unit === i.unit && x !== i);
    if (p) gone.push(p);
  }
  for (const g of gone) leaveBridges(st, g.name, g.vnet);
  st.interfaces = st.interfaces.filter((x) => !gone.includes(x));
}

/**
 * Move an interface to another vnet: it leaves its bridge, loses its addresses and is attached anew, so it lists
 * after the vnet's own lo0/pflog0 (if.c if_vmove; seed 002 shows epair0b last inside the jail).
 */
export function moveIface(st: SimState, i: SimIface, vnet: number): void {
  leaveBridges(st, i.name, i.vnet);
  i.vnet = vnet;
  i.index = ++st.counters.ifindex;
  i.inet = [];
  i.inet6 = [];
}

/** Rename an interface, keeping the epair peer and bridge member references in step. */
export function renameIface(st: SimState, i: SimIface, to: string): void {
  const from = i.name;
  for (const x of st.interfaces) {
    if (x.peer === from) x.peer = to;
    if (x.vnet === i.vnet) x.members = x.members.map((m) => (m === from ? to : m));
  }
  i.name = to;
}

/** The interface in vnet holding address a (IPv4 or IPv6), if any. */
export function addrOwner(st: SimState, vnet: number, a: string): SimIface | undefined {
  return st.interfaces.find((i) => i.vnet === vnet && (i.inet.some((x) => x.address === a) || i.inet6.some((x) => x.address === a)));
}

/**
 * Bring an interface up. A loopback gets ::1 if no loopback in its vnet has it yet, then fe80::1
 * (netinet6/in6_ifattach.c: in6_ifattach_loopback before the link-local; fixture 08 lo0, fixture 16 lo1, seed 002 kleene0).
 */
export function setUp(st: SimState, i: SimIface, up: boolean): void {
  i.up = up;
  if (!up || i.kind !== 'loopback' || i.inet6.some((a) => a.address === 'fe80::1')) return;
  const hasLoop = st.interfaces.some((x) => x.vnet === i.vnet && x.kind === 'loopback' && x.inet6.some((a) => a.address === '::1'));
  if (!hasLoop) i.inet6.push({ address: '::1', prefixlen: 128 });
  i.inet6.push({ address: 'fe80::1', prefixlen: 64 });
}
