// The simulated FreeBSD host's kernel state (persisted as JSON) and the fresh host it starts from.

/** State file format version; a file with another version is refused. */
export const SIM_STATE_VERSION = 2;

/** What created an interface (decides its flags, options, media and groups). */
export type SimIfKind = 'physical' | 'loopback' | 'bridge' | 'epair' | 'pflog';

/** One address: IPv4 (prefixlen 0-32) or IPv6 (0-128). */
export interface SimAddr {
  address: string;
  prefixlen: number;
}

/** One network interface in some vnet (0 = the host). */
export interface SimIface {
  name: string;
  kind: SimIfKind;
  /** Kernel interface index (ifconfig 14 lists interfaces in index order; scopeid). */
  index: number;
  cloned: boolean;
  /** Cloner and unit that created it (the unit stays taken after a rename, as in if_clone.c). */
  cloner?: string;
  unit?: number;
  up: boolean;
  mtu: number;
  description?: string;
  /** Groups besides the implicit `all`, cloner group first (e.g. `epair`). */
  groups: string[];
  ether?: string;
  inet: SimAddr[];
  inet6: SimAddr[];
  /** Bridge members, most recently added first (as ifconfig lists them). */
  members: string[];
  /** epair: the other side's current name. */
  peer?: string;
  /** jid of the vnet the interface lives in; 0 = host. */
  vnet: number;
}

/** One jail. */
export interface SimJail {
  jid: number;
  name: string;
  path: string;
  hostname: string;
  vnet: boolean;
  /** Every parameter as given on the command line (booleans as true/false, lists as arrays). */
  params: Record<string, string | boolean | string[]>;
  /** Addresses from ip4.addr / ip6.addr (without interface or mask). */
  ip4: string[];
  ip6: string[];
  /** Default routes inside a vnet jail. */
  routes: { inet?: string; inet6?: string };
  /** Its mount= lines (fstab form): they hold those mounts busy while the jail exists (mount.ts). */
  mounts: string[];
  /** Commands started inside the jail (exec.start, command), argv each. */
  started: string[][];
}

/** The whole simulated host. */
export interface SimState {
  version: number;
  counters: { ifindex: number; mac: number; jid: number };
  interfaces: SimIface[];
  jails: SimJail[];
  /** Default routes of the host vnet. */
  routes: { inet?: { gateway: string; iface: string }; inet6?: { gateway: string; iface: string } };
  /** pf: the main ruleset and each loaded anchor's rules, in pf's listing form (pfctl -s rules/nat), one per line. */
  pf: { enabled: boolean; main: string[]; anchors: Record<string, string[]> };
  sysctl: Record<string, string>;
  datasets: { name: string; origin?: string; mountpoint?: string }[];
  /** Mounted file systems as `type src dst opts` (jail(8) mounts them; `jail -r` of a command-line jail leaves them). */
  mounts: string[];
  /** Log files (exec.consolelog), path -> lines. */
  files: Record<string, string[]>;
  /** Kernel features that query options turn off. */
  features: { meta: boolean; vimage: boolean };
}

/** Options that shape a fresh host (from the sim: query string). */
export interface FreshOptions {
  hooks: boolean;
  vimage: boolean;
  meta: boolean;
}

/** A fresh FreeBSD 14.1 host: em0 with 10.0.2.15/24 and the default route, lo0, pflog0, pf on (with klee's hooks unless hooks=0). */
export function freshState(o: FreshOptions): SimState {
  // em0/lo0/pflog0 as seed 002 (host ifconfig) and fixture 08 (14.x lo0) show them.
  const em0: SimIface = {
    name: 'em0', kind: 'physical', index: 1, cloned: false, up: true, mtu: 1500, groups: [],
    ether: '08:00:27:b2:00:96', inet: [{ address: '10.0.2.15', prefixlen: 24 }], inet6: [], members: [], vnet: 0,
  };
  const lo0: SimIface = {
    // lo0 holds unit 0 of the lo cloner but cannot be destroyed (if_loop.c lo_clone_destroy: V_loif -> EINVAL).
    name: 'lo0', kind: 'loopback', index: 2, cloned: false, cloner: 'lo', unit: 0, up: true, mtu: 16384, groups: ['lo'],
    inet: [{ address: '127.0.0.1', prefixlen: 8 }],
    inet6: [{ address: '::1', prefixlen: 128 }, { address: 'fe80::1', prefixlen: 64 }], members: [], vnet: 0,
  };
  const pflog0: SimIface = {
    name: 'pflog0', kind: 'pflog', index: 3, cloned: false, up: false, mtu: 33160, groups: ['pflog'],
    inet: [], inet6: [], members: [], vnet: 0,
  };
  const sysctl: Record<string, string> = {
    'net.inet.ip.forwarding': '0',
    'net.inet6.ip6.forwarding': '0',
    'kern.features.vimage': '1',
    'kern.osrelease': '14.1-RELEASE',
    'kern.ostype': 'FreeBSD',
    'security.jail.meta_maxbufsize': '4096',
  };
  if (!o.vimage) delete sysctl['kern.features.vimage'];
  if (!o.meta) delete sysctl['security.jail.meta_maxbufsize'];
  return {
    version: SIM_STATE_VERSION,
    counters: { ifindex: 3, mac: 0, jid: 0 },
    interfaces: [em0, lo0, pflog0],
    jails: [],
    routes: { inet: { gateway: '10.0.2.2', iface: 'em0' } },
    // The hooks an /etc/pf.conf prepared for klee holds (docs/commands.md), as pfctl lists them.
    pf: { enabled: true, main: o.hooks ? ['nat-anchor "klee/*" all', 'rdr-anchor "klee/*" all', 'anchor "klee/*" all'] : [], anchors: {} },
    sysctl,
    datasets: [{ name: 'zroot', mountpoint: '/zroot' }],
    mounts: [],
    files: {},
    features: { meta: o.meta, vimage: o.vimage },
  };
}
