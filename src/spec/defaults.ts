// Phase 4: fill Kleene's defaults into a schema-valid document, giving the normalised document.
import type { NormContainer, NormDoc, NormNetwork } from './normalized.js';
import { chooseProjectName, type ProjectNameChoice } from './project-name.js';
import { dict } from '../dict.js';

/** Default command of a container (Kleene's: run the jail's rc). */
const DEFAULT_COMMAND = ['/bin/sh', '/etc/rc'];

/** The thin VM: a command that is the jail's rc (it starts the jail's own services and exits), not a program to supervise. */
export function isRcCommand(command: string[]): boolean {
  return command.length === 2 && (command[0] === '/bin/sh' || command[0] === 'sh') && command[1] === '/etc/rc';
}

/** compose's defaults of a healthcheck (Docker's: interval 30s, timeout 30s, 3 retries, no start period). */
const HEALTHCHECK_DEFAULTS = { interval: '30s', timeout: '30s', retries: 3, start_period: '0s' };

/** Fill defaults; `raw` must have passed the schema. Returns the normalised document and how the name was chosen. */
export function fillDefaults(raw: unknown, names: { option?: string; env?: string; dirName: string }): { doc: NormDoc; project: ProjectNameChoice } {
  const r = (raw ?? {}) as Record<string, any>;
  const project = chooseProjectName({ ...names, file: typeof r.name === 'string' ? r.name : undefined });
  // Keyed by names the file wrote (a list entry "__proto__" included): prototype-less, so every name is an own key.
  const networks = dict<NormNetwork>();
  for (const [name, n] of Object.entries((r.networks ?? {}) as Record<string, any>)) networks[name] = network(n ?? {});
  const containers = dict<NormContainer>();
  for (const [name, c] of Object.entries((r.containers ?? {}) as Record<string, any>)) containers[name] = container(name, c ?? {});
  return { doc: { name: project.name ?? '', networks, containers }, project };
}

/** A network with defaults: loopback; gateways auto on bridges, none elsewhere; nat, icc on; not internal. */
function network(n: Record<string, any>): NormNetwork {
  const type = n.type ?? 'loopback';
  const gw = type === 'bridge' ? 'auto' : 'none';
  const out: NormNetwork = { type, gateway: n.gateway ?? gw, gateway6: n.gateway6 ?? gw, nat: n.nat ?? true, icc: n.icc ?? true, internal: n.internal ?? false };
  if (n.interface !== undefined) out.interface = n.interface;
  if (n.subnet !== undefined) out.subnet = n.subnet;
  if (n.subnet6 !== undefined) out.subnet6 = n.subnet6;
  return reorder(out, ['type', 'interface', 'subnet', 'subnet6', 'gateway', 'gateway6', 'nat', 'icc', 'internal']);
}

/** A container with defaults: driver host without networks and ipnet with; hostname = name; user root; rc as command. */
function container(name: string, c: Record<string, any>): NormContainer {
  const networks = dict<{ ip?: string; ip6?: string }>();
  if (Array.isArray(c.networks)) for (const n of c.networks as string[]) networks[n] = {};
  else for (const [n, ep] of Object.entries((c.networks ?? {}) as Record<string, any>)) networks[n] = { ...(ep ?? {}) };
  const env = dict<string>();
  for (const [k, v] of Object.entries((c.env ?? {}) as Record<string, unknown>)) env[k] = String(v);
  const out: NormContainer = {
    driver: c.driver ?? (Object.keys(networks).length > 0 ? 'ipnet' : 'host'),
    networks,
    command: c.command === undefined ? [...DEFAULT_COMMAND] : typeof c.command === 'string' ? ['/bin/sh', '-c', c.command] : c.command,
    user: c.user ?? 'root',
    env,
    hostname: c.hostname ?? name,
    jail_params: c.jail_params ?? [],
    allow_host_exec: c.allow_host_exec ?? false,
    mounts: c.mounts ?? [],
    ports: c.ports ?? [],
    restart: c.restart ?? 'no',
    stop_signal: c.stop_signal ?? 'SIGTERM',
    stop_grace_period: c.stop_grace_period ?? '10s',
    depends_on: dependsOn(c.depends_on),
  };
  if (c.path !== undefined) out.path = c.path;
  if (c.image !== undefined) out.image = c.image;
  if (c.healthcheck) {
    const h = c.healthcheck as Record<string, any>;
    out.healthcheck = {
      test: typeof h.test === 'string' ? ['CMD-SHELL', h.test] : h.test ?? ['NONE'],
      interval: h.interval ?? HEALTHCHECK_DEFAULTS.interval,
      timeout: h.timeout ?? HEALTHCHECK_DEFAULTS.timeout,
      // 0 is Docker's "inherit" (Engine API HealthConfig.Retries; moby's health.go: retries <= 0 -> 3), not "never".
      retries: h.retries || HEALTHCHECK_DEFAULTS.retries,
      start_period: h.start_period ?? HEALTHCHECK_DEFAULTS.start_period,
      disable: h.disable ?? false,
    };
  }
  return reorder(out, ['path', 'image', 'driver', 'networks', 'command', 'user', 'env', 'hostname', 'jail_params', 'allow_host_exec', 'mounts', 'ports', 'restart', 'stop_signal', 'stop_grace_period', 'healthcheck', 'depends_on']);
}

/** depends_on in compose's long form: a list means service_started for each (a name listed twice is kept once). */
function dependsOn(d: unknown): Record<string, { condition: string }> {
  if (Array.isArray(d)) return Object.fromEntries(d.map((n: string) => [n, { condition: 'service_started' }]));
  return Object.fromEntries(Object.entries((d ?? {}) as Record<string, any>).map(([n, v]) => [n, { condition: v?.condition ?? 'service_started' }]));
}

/** The same object with its keys in a fixed order (for stable `klee config` output). */
function reorder<T extends object>(o: T, order: string[]): T {
  const out: Record<string, unknown> = {};
  for (const k of order) if (k in o) out[k] = (o as Record<string, unknown>)[k];
  return out as T;
}
