// The typed, validated, defaults-filled model of a kleene.yaml (output of the loader, input of the planner).

/** Kleene's three network types. */
export type NetworkType = 'loopback' | 'bridge' | 'custom';

/** Kleene's four container network drivers. */
export type Driver = 'host' | 'ipnet' | 'vnet' | 'disabled';

/** One network of the file, after interpolation and defaults. */
export interface NetworkSpec {
  name: string;
  type: NetworkType;
  /** Interface name the file asks for; required for custom; absent = auto (lowest free kleeneN). */
  interface?: string;
  /** Canonical CIDR (network address, e.g. "10.4.6.0/24"), absent when none. */
  subnet?: string;
  subnet6?: string;
  /** 'auto' (bridge default), 'none' (loopback/custom default), or an address inside the subnet. */
  gateway: string;
  gateway6: string;
  /** true = the host's default-route interface; false = no NAT; string = that interface. */
  nat: boolean | string;
  icc: boolean;
  internal: boolean;
}

/** A container's attachment to one network; ip/ip6 absent = auto-allocated. */
export interface ContainerNetworkSpec {
  network: string;
  ip?: string;
  ip6?: string;
}

/** A nullfs mount: host path -> path inside the jail. */
export interface MountSpec {
  source: string;
  target: string;
  mode: 'ro' | 'rw';
}

/** A published port range: [interface:]host:container[/proto]; single ports have start == end. */
export interface PortSpec {
  interface?: string;
  hostStart: number;
  hostEnd: number;
  containerStart: number;
  containerEnd: number;
  protocol: 'tcp' | 'udp';
}

/** compose's restart policies (daemon(8) restarts after any end, so on-failure is kept by klee's wrapper, docs/decisions.md). */
export type RestartPolicy = 'no' | 'always' | 'on-failure';

/** compose's depends_on conditions. */
export type DependsCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

/** A container's health check (compose's healthcheck), run with jexec as the container's user. */
export interface HealthcheckSpec {
  /** The command: ["CMD", ...] as that argv, ["CMD-SHELL", s] and a string as ["/bin/sh", "-c", s]. */
  argv: string[];
  intervalS: number;
  timeoutS: number;
  retries: number;
  startPeriodS: number;
}

/** One container (jail) of the file, after interpolation and defaults. */
export interface ContainerSpec {
  name: string;
  /** `<project>_<name>`: the jail's name on the host. */
  jailName: string;
  /** Jail root directory (required unless image is set; with image it is where the clone is mounted), absolute and spelled as the kernel keeps it (normalPath: no "//", "." segment or trailing "/"). */
  path?: string;
  /** ZFS snapshot `<dataset>@<snap>` to clone as the root. */
  image?: string;
  driver: Driver;
  /** In file order. */
  networks: ContainerNetworkSpec[];
  /** argv run at start; default ["/bin/sh", "/etc/rc"]. */
  command: string[];
  user: string;
  env: Record<string, string>;
  hostname: string;
  /** Raw jail parameters as written: "allow.raw_sockets", "securelevel=2". */
  jailParams: string[];
  /** Opt-in that lets jailParams contain exec.prestart/created/poststart/prestop/poststop (host commands). */
  allowHostExec: boolean;
  mounts: MountSpec[];
  ports: PortSpec[];
  /** Containers this one depends on, unique, in file order; conditions maps each to what it waits for. */
  dependsOn: string[];
  conditions: Record<string, DependsCondition>;
  /**
   * True when `command` is a program klee supervises with daemon(8); false for the thin VM `/bin/sh /etc/rc`, which
   * starts the jail's own services and exits (docs/decisions.md "Issue 13").
   */
  supervised: boolean;
  restart: RestartPolicy;
  /** The signal klee stops the program with, as FreeBSD names it without SIG (TERM). */
  stopSignal: string;
  stopGracePeriodS: number;
  /** Absent: no healthcheck (none given, `disable: true`, or test ["NONE"]). */
  healthcheck?: HealthcheckSpec;
}

/** A whole project: what the planner receives. Networks and containers are in file order. */
export interface Spec {
  project: string;
  /** Absolute path of the file read (for messages). */
  file: string;
  networks: NetworkSpec[];
  containers: ContainerSpec[];
}

/** Where a diagnostic points. line/column are 1-based; 0 when unknown. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  message: string;
  file: string;
  line: number;
  column: number;
  /** Dotted path in the document, e.g. "containers.db.networks.backend.ip". */
  path: string;
  hint?: string;
}
