// The shape of a simulator state file (state.ts SimState), checked when the file is read: a state edited by hand or
// written by something else is refused naming the field, never a TypeError in the middle of a command. Each record of
// fields `satisfies` the interface's keys, so a field added to state.ts does not compile until its shape is here.
// This file models no FreeBSD behaviour: it checks the simulator's own file format (docs/simulator.md). The one list
// of FreeBSD words in it, the inet6 address flags, is sbin/ifconfig/af_inet6.c in6_status's.
import { bool, int, list, num, obj, oneOf, oneOfValues, record, str, type Check } from '../shape.js';
import type { ProgramControl, SimAddr, SimIface, SimJail, SimProc, SimShProc, SimState, SimSupervisor } from './state.js';

type Fields<T> = Record<keyof T, Check>;

const addrRequired = { address: str, prefixlen: int };
const addrOptional = { flags: list(oneOfValues(['anycast', 'tentative', 'duplicated', 'detached', 'deprecated', 'autoconf', 'temporary'])), seq: int };
void ({ ...addrRequired, ...addrOptional } satisfies Fields<SimAddr>);
const addr = obj(addrRequired, addrOptional);

const ifaceRequired = {
  name: str, kind: oneOfValues(['physical', 'loopback', 'bridge', 'epair', 'pflog']), index: int, cloned: bool, up: bool,
  mtu: int, groups: list(str), inet: list(addr), inet6: list(addr), members: list(str), vnet: int,
};
const ifaceOptional = { cloner: str, unit: int, description: str, ether: str, peer: str };
void ({ ...ifaceRequired, ...ifaceOptional } satisfies Fields<SimIface>); // together exactly SimIface's keys
const iface = obj(ifaceRequired, ifaceOptional);

const jailRequired = {
  jid: int, name: str, path: str, hostname: str, vnet: bool,
  params: record(oneOf('a string, true, false or a list of strings', str, bool, list(str))),
  ip4: list(str), ip6: list(str), routes: obj({}, { inet: str, inet6: str }), mounts: list(str),
};
const jailOptional = { dying: bool };
void ({ ...jailRequired, ...jailOptional } satisfies Fields<SimJail>);
const jail = obj(jailRequired, jailOptional);

const route = obj({ gateway: str, iface: str });

/** Required and optional fields that together are exactly T's keys. */
function fields<T>(required: Partial<Fields<T>>, optional: Partial<Fields<T>>, _exact: Fields<T>): Check {
  return obj(required as Record<string, Check>, optional as Record<string, Check>);
}

const status = oneOf('an exit status ({code}) or a signal ({signal})', obj({ code: int }), obj({ signal: int }));
const shRequired = { script: str, name: str, args: list(str), journal: list(obj({ code: int, stdout: str }, { traps: list(str) })), traps: record(str), pending: list(str) };
const shOptional = { waiting: int };
const sh = fields<SimShProc>(shRequired, shOptional, { ...shRequired, ...shOptional });
const supRequired = { argv: list(str), restart: bool, delayMs: num, mode: oneOfValues(['supervise', 'terminating']), title: str };
const supOptional = { user: str, child: int, restartAt: num, pidfile: str, childPidfile: str, childOut: str };
const sup = fields<SimSupervisor>(supRequired, supOptional, { ...supRequired, ...supOptional });
const procRequired = { pid: int, ppid: int, jid: int, argv: list(str), user: str, env: record(str), started: num };
const procOptional = { out: str, exitAt: num, exitStatus: status, ignoreTerm: bool, sh, sup };
const proc = fields<SimProc>(procRequired, procOptional, { ...procRequired, ...procOptional });
const controlOptional = { exit: int, after: num, ignoreTerm: bool, crashes: int, say: str };
const control = fields<ProgramControl>({ program: str }, controlOptional, { program: str, ...controlOptional });
const traced = obj({ argv: list(str), at: num }, { underLive: list(int) });

/** Every field of SimState, as state.ts declares it. */
export const SIM_STATE_SHAPE: Check = obj({
  version: int,
  counters: obj({ ifindex: int, mac: int, jid: int, pid: int }, { addr: int }),
  interfaces: list(iface),
  jails: list(jail),
  routes: obj({}, { inet: route, inet6: route }),
  pf: obj({ enabled: bool, main: list(str), anchors: record(list(str)) }),
  sysctl: record(str),
  datasets: list(obj({ name: str }, { origin: str, mountpoint: str })),
  mounts: list(str),
  files: record(list(str)),
  mtimes: record(num),
  features: obj({ meta: bool, vimage: bool }),
  procs: list(proc),
  clock: obj({ now: num, wall: num }),
  controls: list(control),
  starts: record(int),
} satisfies Omit<Fields<SimState>, 'trace'>, { trace: list(traced) } satisfies Pick<Fields<SimState>, 'trace'>);
