// The Host interface (run one argv, get a result) and HostState (what the probe read from the host).
import type { ListedRule } from './parse/pf.js';

/** The outcome of one command; a failure has the same shape as a success. */
export interface CommandResult {
  argv: string[];
  stdout: string;
  stderr: string;
  exitCode: number;
  durationMs: number;
}

/** Options for one command. */
export interface RunOptions {
  stdin?: string;
  signal?: AbortSignal;
}

/** An exclusive lock held on the host for one project; release() is idempotent. */
export interface HostLock {
  release(): Promise<void>;
}

/** Thrown by acquireLock when another live klee holds the lock. */
export class LockBusyError extends Error {
  constructor(readonly holder: string) {
    super(`another klee run holds the lock: ${holder}`);
    this.name = 'LockBusyError';
  }
}

/** A machine klee runs commands on: local FreeBSD, ssh, the simulator or a snapshot. */
export interface Host {
  /** The URI it was opened from, e.g. "local", "ssh://root@h", "sim:/tmp/h.json". */
  readonly uri: string;
  readonly kind: 'local' | 'ssh' | 'sim' | 'snapshot';
  /** Actions the executor runs at once unless `--parallel` says otherwise: this backend's limit, not a global one. */
  readonly parallel: number;
  /** Run one command (never through a shell on our side). */
  run(argv: string[], opts?: RunOptions): Promise<CommandResult>;
  /** Run with the terminal attached (klee exec, logs -f); resolves to the exit code. */
  interactive?(argv: string[]): Promise<number>;
  /** Take the per-project lock on the host itself; throws LockBusyError if held by a live run. */
  acquireLock(project: string, owner: string): Promise<HostLock>;
  /** Free resources (ssh control socket, ...). */
  close(): Promise<void>;
}

/** An IPv4 address on an interface. */
export interface Inet4 {
  address: string;
  prefixlen: number;
  broadcast?: string;
  /** Point-to-point peer (`inet A --> D ...`). */
  destination?: string;
  /** CARP virtual host id (`vhid N`). */
  vhid?: number;
}

/**
 * An IPv6 address flag as ifconfig prints it (sbin/ifconfig/af_inet6.c in6_status: IN6_IFF_ANYCAST, _TENTATIVE,
 * _DUPLICATED, _DETACHED, _DEPRECATED, _AUTOCONF, _TEMPORARY). `tentative`: duplicate address detection is running;
 * `duplicated`: it failed, another node on the link has the address, which this host does not use.
 */
export type Inet6Flag = 'anycast' | 'tentative' | 'duplicated' | 'detached' | 'deprecated' | 'autoconf' | 'temporary';

/** An IPv6 address on an interface. */
export interface Inet6 {
  address: string;
  prefixlen: number;
  scopeid?: string;
  /** Its flags, in ifconfig's order; absent when it has none. */
  flags?: Inet6Flag[];
}

/** What kind of interface this is (inferred from name, groups and flags). */
export type InterfaceKind = 'loopback' | 'bridge' | 'epair' | 'physical' | 'vlan' | 'other';

/** One interface as `ifconfig -a` shows it. */
export interface Interface {
  name: string;
  flags: string[];
  /** UP flag present. */
  up: boolean;
  mtu?: number;
  description?: string;
  groups: string[];
  ether?: string;
  inet: Inet4[];
  inet6: Inet6[];
  /** Bridge members in the order ifconfig lists them. */
  members: string[];
  status?: string;
  kind: InterfaceKind;
  /** For epairs: the other side's name (epair3a <-> epair3b) when derivable. */
  epairPeer?: string;
}

/** Inside view of a vnet jail (read with jexec), only for the project's own jails. */
export interface JailInside {
  interfaces: Interface[];
  defaultRoute4?: string;
  defaultRoute6?: string;
}

/** What klee's files in a jail say about its program (read by the probe's status batch, src/host/program.ts). */
export interface ProgramStatus {
  /** daemon(8)'s supervisor is alive (its pidfile is locked). */
  supervisor: boolean;
  /** Its child, the wrapper running the program, is alive. */
  child: boolean;
  /** `klee stop` stopped it. */
  stopped: boolean;
  /** The program's log exists (the container ran a supervised program here). */
  log: boolean;
  /** The exit status of its last run, from the log's last line. */
  lastExit?: number;
  /** Seconds since its current run started (the child pidfile's mtime against the host's clock), while the child lives. */
  runningForS?: number;
}

/** One jail as `jls -n --libxo=json` shows it. */
export interface Jail {
  jid: number;
  name: string;
  path: string;
  hostname: string;
  vnet: boolean;
  /** Addresses from ip4.addr / ip6.addr (without interface or prefix). */
  ip4: string[];
  ip6: string[];
  /** Every parameter as jls reported it (strings, booleans, arrays). */
  params: Record<string, string | boolean | string[]>;
  dying?: boolean;
  /** On a kernel without `meta`, for a jail named like klee's (any project): the value klee recorded for it (jail-record.ts). */
  record?: string;
  inside?: JailInside;
  /** Only for the project's own jails: its program's status (undefined: not read). */
  program?: ProgramStatus;
}

/** Facts about pf relevant to klee. */
export interface PfState {
  /** null when pf could not be queried (not root, pf not loaded). */
  enabled: boolean | null;
  /** The three anchor hooks in the main ruleset. */
  hooks: { nat: boolean; rdr: boolean; filter: boolean };
  /** Sub-anchors under "klee/" (project names) that hold rules. */
  projects: string[];
  /** Hash label of the rules loaded in this run's project anchor, if any. */
  projectHash?: string;
  /** The rules of this run's project anchor as pfctl lists them (translation rules first), when both listings could be read. */
  projectRules?: ListedRule[];
  /**
   * The loopback and bridge subnets of the other klee projects on the host, read from their anchors (parsePfSubnets):
   * the host keeps no other record of a network's subnet. Absent when no other project has rules.
   */
  otherSubnets?: { project: string; subnet: string }[];
}

/** Everything the planner knows about the host. */
export interface HostState {
  /** e.g. "14.1-RELEASE" */
  version: string;
  interfaces: Interface[];
  jails: Jail[];
  defaultRoute?: { gateway: string; interface: string };
  /** The file's mount points (host paths) that are not directories; undefined when not checked (probe mountPoints). */
  missingMountPoints?: string[];
  pf: PfState;
  sysctl: {
    ipForwarding: boolean;
    ip6Forwarding: boolean;
    vimage: boolean;
    /** security.jail.meta_maxbufsize; 0 when the kernel has no `meta` jail parameter. */
    jailMetaMax: number;
  };
  /** ZFS datasets (name, origin, mountpoint) when the probe asked for them. */
  datasets?: { name: string; origin?: string; mountpoint?: string }[];
  /** The mount table (`mount -p`) in mount order; undefined when it could not be read (e.g. an older snapshot). */
  mounts?: { source: string; target: string; fstype: string; options: string }[];
  /** Problems the parsers met (truncated output, unknown lines) that did not stop parsing. */
  warnings: string[];
}
