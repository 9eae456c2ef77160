// A small model of a kleene.yaml project (for generated tests), its normalisation to a valid file and its YAML text.
import { stringify } from 'yaml';
import { loadSpec } from '../../src/spec/load.js';

/** A network: its type and subnets by a base number (distinct bases never overlap). */
export interface NetModel {
  name: string;
  type: 'loopback' | 'bridge' | 'custom';
  /** IPv4 subnet 10.<base>.0.0/24 or 10.<base>.0.16/28. */
  v4?: { base: number; len: 24 | 28 };
  /** IPv6 subnet fd00:<base>::/64 or fd00:<base>::100/120. */
  v6?: { base: number; len: 64 | 120 };
  /** Bridge gateways: auto (default) or none. */
  noGateway?: boolean;
}

/** A container's endpoint: a network and, when static, the host offsets of its addresses in the subnets. */
export interface EndpointModel {
  net: string;
  off4?: number;
  off6?: number;
}

/** A container. */
export interface CtrModel {
  name: string;
  driver: 'host' | 'ipnet' | 'vnet' | 'disabled';
  nets: EndpointModel[];
  command?: string[];
  env?: Record<string, string>;
  /** Container ports published (host port derived from the container's index, unique in the project). */
  ports?: number[];
  dependsOn: string[];
}

/** A project. */
export interface ProjectModel {
  name: string;
  nets: NetModel[];
  ctrs: CtrModel[];
}

const V4_FIRST = { 24: 0, 28: 16 } as const;
const V6_FIRST = { 64: 0, 120: 0x100 } as const;

/** The subnet's text of a network in a family. */
export function subnetText(n: NetModel, f: 4 | 6): string | undefined {
  if (f === 4) return n.v4 && `10.${n.v4.base}.0.${V4_FIRST[n.v4.len]}/${n.v4.len}`;
  return n.v6 && `fd00:${n.v6.base.toString(16)}::${n.v6.len === 120 ? '100' : ''}/${n.v6.len}`;
}

/** The address at a host offset of a network's subnet. */
function addressAt(n: NetModel, f: 4 | 6, off: number): string {
  if (f === 4) return `10.${n.v4!.base}.0.${V4_FIRST[n.v4!.len] + off}`;
  return `fd00:${n.v6!.base.toString(16)}::${(V6_FIRST[n.v6!.len] + off).toString(16)}`;
}

/**
 * Make a model valid: unique names, at most one custom network (on em0), distinct subnet bases, every network with
 * a subnet, drivers fitting their networks (vnet only on bridges), static offsets unique per network and clear of the
 * network address, gateway and broadcast, depends_on only on earlier containers.
 */
export function normalise(m: ProjectModel): ProjectModel {
  const nets: NetModel[] = [];
  const bases4 = new Set<number>();
  const bases6 = new Set<number>();
  for (const n0 of m.nets) {
    const n = structuredClone(n0);
    if (nets.some((x) => x.name === n.name)) continue;
    if (n.type === 'custom' && nets.some((x) => x.type === 'custom')) n.type = 'loopback';
    if (n.v4) { while (bases4.has(n.v4.base)) n.v4.base = (n.v4.base + 1) % 200; bases4.add(n.v4.base); }
    if (n.v6) { while (bases6.has(n.v6.base)) n.v6.base = (n.v6.base + 1) % 200; bases6.add(n.v6.base); }
    if (!n.v4 && !n.v6) { let b = 1; while (bases4.has(b)) b++; bases4.add(b); n.v4 = { base: b, len: 24 }; }
    if (n.type !== 'bridge') delete n.noGateway;
    nets.push(n);
  }
  const byName = new Map(nets.map((n) => [n.name, n]));
  const ctrs: CtrModel[] = [];
  const used = new Set<string>();
  for (const c0 of m.ctrs) {
    const c = structuredClone(c0);
    if (ctrs.some((x) => x.name === c.name)) continue;
    c.nets = c.nets.filter((e, i) => byName.has(e.net) && c.nets.findIndex((x) => x.net === e.net) === i);
    if (c.driver === 'vnet' && !c.nets.some((e) => byName.get(e.net)!.type === 'bridge')) c.driver = 'ipnet';
    if (c.driver === 'vnet') c.nets = c.nets.filter((e) => byName.get(e.net)!.type === 'bridge');
    if (c.driver === 'ipnet' && c.nets.length === 0) c.driver = 'host';
    if (c.driver === 'host' || c.driver === 'disabled') { c.nets = []; delete c.ports; }
    for (const e of c.nets) {
      const n = byName.get(e.net)!;
      for (const f of [4, 6] as const) {
        const key = f === 4 ? 'off4' : 'off6';
        const s = f === 4 ? n.v4 : n.v6;
        if (e[key] === undefined) continue;
        if (!s) { delete e[key]; continue; }
        const size = f === 4 ? 2 ** (32 - (s as { len: number }).len) : 200;
        // Offsets 2..size-2: never the network address (0), the auto gateway (1) or the IPv4 broadcast.
        let off = 2 + ((e[key]! - 2 + 1000 * size) % (size - 3));
        while (used.has(`${n.name}/${f}/${off}`)) off = 2 + ((off - 1) % (size - 3));
        if (used.has(`${n.name}/${f}/${off}`)) { delete e[key]; continue; }
        used.add(`${n.name}/${f}/${off}`);
        e[key] = off;
      }
    }
    c.dependsOn = [...new Set(c.dependsOn)].filter((d) => ctrs.some((x) => x.name === d));
    if (c.ports && c.ports.length === 0) delete c.ports;
    ctrs.push(c);
  }
  return { name: m.name, nets, ctrs };
}

/** Where a rendered project's jail roots and published host ports start (two projects on one host use others). */
export interface RenderOptions { root?: string; portBase?: number }

/** The kleene.yaml text of a (normalised) model. */
export function render(m: ProjectModel, o: RenderOptions = {}): string {
  const root = o.root ?? '/jails/';
  const portBase = o.portBase ?? 8000;
  const networks: Record<string, unknown> = {};
  for (const n of m.nets) {
    networks[n.name] = {
      type: n.type,
      ...(n.type === 'custom' ? { interface: 'em0', nat: false } : {}),
      ...(n.v4 ? { subnet: subnetText(n, 4) } : {}),
      ...(n.v6 ? { subnet6: subnetText(n, 6) } : {}),
      ...(n.noGateway ? { gateway: 'none', gateway6: 'none' } : {}),
    };
  }
  const byName = new Map(m.nets.map((n) => [n.name, n]));
  const containers: Record<string, unknown> = {};
  m.ctrs.forEach((c, i) => {
    const nets: Record<string, Record<string, string>> = {};
    for (const e of c.nets) {
      const n = byName.get(e.net)!;
      nets[e.net] = {
        ...(e.off4 !== undefined ? { ip: addressAt(n, 4, e.off4) } : {}),
        ...(e.off6 !== undefined ? { ip6: addressAt(n, 6, e.off6) } : {}),
      };
    }
    containers[c.name] = {
      path: `${root}${c.name}`,
      driver: c.driver,
      ...(c.nets.length ? { networks: nets } : {}),
      ...(c.command ? { command: c.command } : {}),
      ...(c.env && Object.keys(c.env).length ? { env: c.env } : {}),
      ...(c.ports ? { ports: c.ports.map((p, k) => `${portBase + 10 * i + k}:${p}/tcp`) } : {}),
      ...(c.dependsOn.length ? { depends_on: c.dependsOn } : {}),
    };
  });
  return stringify({ name: m.name, networks, containers });
}

/** The loader's errors for a text (empty = valid); generated files must be valid, or the generator is wrong. */
export function loaderErrors(text: string): string[] {
  const r = loadSpec({ text, file: '/gen/kleene.yaml', env: {}, dirName: 'gen' });
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.path}: ${d.message}`);
}
