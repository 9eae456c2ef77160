// The simulated FreeBSD host's kernel state (persisted as JSON) and the fresh host it starts from.
import { DEFAULT_RELEASE, hasJailMeta, osrelease, type Release } from './release.js';

/** State file format version; a file with another version is refused. */
export const SIM_STATE_VERSION = 3;

/** What created an interface (decides its flags, options, media and groups). */
export type SimIfKind = 'physical' | 'loopback' | 'bridge' | 'epair' | 'pflog';

/** One address: IPv4 (prefixlen 0-32) or IPv6 (0-128). */
export interface SimAddr {
  address: string;
  prefixlen: number;
  /** IPv6 address flags as ifconfig prints them (af_inet6.c in6_status), in its order; absent when none. */
  flags?: string[];
  /** When it was added, among all addresses (counters.addr): the kernel's order, which 13.x's ifconfig shows. */
  seq?: number;
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
  /**
   * Removed, but not gone: something still holds the prison (sys/kern/kern_jail.c prison_deref: a jail whose last user
   * reference is released is dying until its last reference goes). Only `jls -d` lists it; its name is free.
   */
  dying?: boolean;
}

/** How a process ended, as wait(2) reports it: an exit status or the signal that killed it. */
export type SimStatus = { code: number } | { signal: number };

/** What a test control says a program does (docs/simulator.md `prog=`); by default a program runs until signalled. */
export interface ProgramControl {
  /** argv[0] as started, or its base name. */
  program: string;
  /** Exits with this status `after` seconds after it starts. */
  exit?: number;
  after?: number;
  /** SIGTERM does not end it (only SIGKILL and the other terminating signals do). */
  ignoreTerm?: boolean;
  /** Its first N starts in a jail exit with status 1 after `after` seconds (default 1); later ones run on. */
  crashes?: number;
  /** A line it prints when it starts. */
  say?: string;
}

/** A shell running as a process: its script and the commands it already ran (src/host/sim/sh.ts interpret()). */
export interface SimShProc {
  script: string;
  name: string;
  args: string[];
  journal: { code: number; stdout: string; traps?: string[] }[];
  /** The foreground child it waits for. */
  waiting?: number;
  /** Its traps when it blocked: signal number -> action ('' = ignored). */
  traps: Record<string, string>;
  /** Trapped signals that arrived while it waited (their actions run when the child is done). */
  pending: string[];
}

/** daemon(8)'s supervisor (usr.sbin/daemon/daemon.c, 14.x): what it runs and how. */
export interface SimSupervisor {
  /** The child's command. */
  argv: string[];
  user?: string;
  restart: boolean;
  delayMs: number;
  /** daemon.c enum daemon_mode. */
  mode: 'supervise' | 'terminating';
  child?: number;
  /** When the restart sleep (daemon_sleep) ends. */
  restartAt?: number;
  /** Host paths of -P and -p (pidfile(3) keeps them locked while the supervisor lives). */
  pidfile?: string;
  childPidfile?: string;
  /** Where the child's output goes (the -o file, the supervisor's own output, or nowhere). */
  childOut?: string;
  title: string;
}

/** One process of the simulated host. */
export interface SimProc {
  pid: number;
  ppid: number;
  /** The jail it runs in (0 = the host). */
  jid: number;
  argv: string[];
  user: string;
  env: Record<string, string>;
  started: number;
  /** Host path its standard output and error go to; undefined = /dev/null. */
  out?: string;
  /** A program's own end (test controls), and sleep(1)'s. */
  exitAt?: number;
  exitStatus?: SimStatus;
  ignoreTerm?: boolean;
  sh?: SimShProc;
  sup?: SimSupervisor;
}

/** The whole simulated host. */
export interface SimState {
  version: number;
  counters: { ifindex: number; mac: number; jid: number; pid: number; addr?: number };
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
  /** When each file was last written (ms of the simulated clock), as stat(1) shows its mtime (time-tools.ts). */
  mtimes: Record<string, number>;
  /** Kernel features: `meta` follows the release (release.ts), `vimage` a query option. */
  features: { meta: boolean; vimage: boolean };
  /** Processes (src/host/sim/procs.ts) and the clock they run on: ms of simulated time, and the wall time it was read at. */
  procs: SimProc[];
  clock: { now: number; wall: number };
  /** Program behaviours from `prog=` (kept from the last command that gave any) and how often each started per jail. */
  controls: ProgramControl[];
  starts: Record<string, number>;
  /** With `trace=1`: every command run on the host, at which simulated time, and what a umount found alive. */
  trace?: { argv: string[]; at: number; underLive?: number[] }[];
}

/** Options that shape a fresh host (from the sim: query string). */
export interface FreshOptions {
  hooks: boolean;
  vimage: boolean;
  /** The FreeBSD release it runs (default DEFAULT_RELEASE). */
  release?: Release;
}

/** A fresh FreeBSD host (14.3 unless asked): em0 with 10.0.2.15/24 and the default route, lo0, pflog0, pf on (with klee's hooks unless hooks=0). */
export function freshState(o: FreshOptions): SimState {
  const release = o.release ?? DEFAULT_RELEASE;
  const meta = hasJailMeta(release);
  // em0/lo0/pflog0 as seed 002 (host ifconfig) and fixture 08 (14.x lo0) show them.
  const em0: SimIface = {
    name: 'em0', kind: 'physical', index: 1, cloned: false, up: true, mtu: 1500, groups: [],
    ether: '08:00:27:b2:00:96', inet: [{ address: '10.0.2.15', prefixlen: 24, seq: 4 }], inet6: [], members: [], vnet: 0,
  };
  const lo0: SimIface = {
    // lo0 holds unit 0 of the lo cloner but cannot be destroyed (if_loop.c lo_clone_destroy: V_loif -> EINVAL).
    name: 'lo0', kind: 'loopback', index: 2, cloned: false, cloner: 'lo', unit: 0, up: true, mtu: 16384, groups: ['lo'],
    // ::1 and fe80::1 come with the interface (in6_ifattach), 127.0.0.1 from rc later: fixture 07 (13.x) lists them so.
    inet: [{ address: '127.0.0.1', prefixlen: 8, seq: 3 }],
    inet6: [{ address: '::1', prefixlen: 128, seq: 1 }, { address: 'fe80::1', prefixlen: 64, seq: 2 }], members: [], vnet: 0,
  };
  const pflog0: SimIface = {
    name: 'pflog0', kind: 'pflog', index: 3, cloned: false, up: false, mtu: 33160, groups: ['pflog'],
    inet: [], inet6: [], members: [], vnet: 0,
  };
  const sysctl: Record<string, string> = {
    'net.inet.ip.forwarding': '0',
    'net.inet6.ip6.forwarding': '0',
    'kern.features.vimage': '1',
    'kern.osrelease': osrelease(release),
    'kern.ostype': 'FreeBSD',
    'security.jail.meta_maxbufsize': '4096',
  };
  if (!o.vimage) delete sysctl['kern.features.vimage'];
  if (!meta) delete sysctl['security.jail.meta_maxbufsize']; // kern_jailmeta.c: 14.3 and 15.0
  return {
    version: SIM_STATE_VERSION,
    counters: { ifindex: 3, mac: 0, jid: 0, pid: 1000, addr: 4 },
    interfaces: [em0, lo0, pflog0],
    jails: [],
    routes: { inet: { gateway: '10.0.2.2', iface: 'em0' } },
    // The hooks an /etc/pf.conf prepared for klee holds (docs/commands.md), as pfctl lists them.
    pf: { enabled: true, main: o.hooks ? ['nat-anchor "klee/*" all', 'rdr-anchor "klee/*" all', 'anchor "klee/*" all'] : [], anchors: {} },
    sysctl,
    datasets: [{ name: 'zroot', mountpoint: '/zroot' }],
    mounts: [],
    files: {},
    mtimes: {},
    features: { meta, vimage: o.vimage },
    procs: [],
    clock: { now: 0, wall: Date.now() },
    controls: [],
    starts: {},
  };
}
