// The shape of a simulator state file (state.ts SimState), checked when the file is read: a state edited by hand or
// written by something else is refused naming the field, never a TypeError in the middle of a command. Each record of
// fields `satisfies` the interface's keys, so a field added to state.ts does not compile until its shape is here.
import { bool, int, list, obj, oneOf, oneOfValues, record, str, type Check } from '../shape.js';
import type { SimAddr, SimIface, SimJail, SimState } from './state.js';

type Fields<T> = Record<keyof T, Check>;

const addr = obj({ address: str, prefixlen: int } satisfies Fields<SimAddr>);

const ifaceRequired = {
  name: str, kind: oneOfValues(['physical', 'loopback', 'bridge', 'epair', 'pflog']), index: int, cloned: bool, up: bool,
  mtu: int, groups: list(str), inet: list(addr), inet6: list(addr), members: list(str), vnet: int,
};
const ifaceOptional = { cloner: str, unit: int, description: str, ether: str, peer: str };
void ({ ...ifaceRequired, ...ifaceOptional } satisfies Fields<SimIface>); // together exactly SimIface's keys
const iface = obj(ifaceRequired, ifaceOptional);

const jail = obj({
  jid: int, name: str, path: str, hostname: str, vnet: bool,
  params: record(oneOf('a string, true, false or a list of strings', str, bool, list(str))),
  ip4: list(str), ip6: list(str), routes: obj({}, { inet: str, inet6: str }), mounts: list(str), started: list(list(str)),
} satisfies Fields<SimJail>);

const route = obj({ gateway: str, iface: str });

/** Every field of SimState, as state.ts declares it. */
export const SIM_STATE_SHAPE: Check = obj({
  version: int,
  counters: obj({ ifindex: int, mac: int, jid: int }),
  interfaces: list(iface),
  jails: list(jail),
  routes: obj({}, { inet: route, inet6: route }),
  pf: obj({ enabled: bool, main: list(str), anchors: record(list(str)) }),
  sysctl: record(str),
  datasets: list(obj({ name: str }, { origin: str, mountpoint: str })),
  mounts: list(str),
  files: record(list(str)),
  features: obj({ meta: bool, vimage: bool }),
} satisfies Fields<SimState>);
