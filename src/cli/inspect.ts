// `klee inspect NAME`: Kleene-style JSON of a container or a network of the project, read live from the host.
import type { CliContext } from './context.js';
import type { HostState } from '../host/types.js';
import type { ContainerSpec, NetworkSpec, Spec } from '../spec/types.js';
import { UserError } from '../errors.js';
import { openHost } from '../host/open.js';
import { probe } from '../host/probe.js';
import { networkLabel } from '../host/labels.js';
import { shownEnv } from '../host/program.js';
import { ownership } from '../host/ownership.js';
import { globalInet6, liveContainers, type LiveContainer } from '../executor/live-view.js';
import { projectAndSpec } from './ps.js';

/** Kleene's endpoint object (seeds/003): one container on one network. */
export interface EndpointJson {
  container_id: string;
  epair: string | null;
  id: string;
  ip_address: string;
  ip_address6: string;
  network_id: string;
}

/** The endpoints of the live containers, optionally only those on one network. */
function endpoints(project: string, state: HostState, rows: LiveContainer[], network?: string): EndpointJson[] {
  const own = ownership(state, project);
  return rows.flatMap((r) => r.networks.filter((n) => network === undefined || n.network === network).map((n) => ({
    container_id: r.jail,
    epair: r.driver === 'vnet' ? own.epairs.find((e) => e.container === r.name && e.network === n.network)?.name ?? null : null,
    id: `${r.jail}:${n.network}`,
    ip_address: n.ip ?? '',
    ip_address6: n.ip6 ?? '',
    network_id: n.network,
  })));
}

/** `{network, network_endpoints}` with Kleene's field names; gateway "<auto>" when auto and not yet on the host. */
export function inspectNetwork(project: string, net: NetworkSpec, state: HostState, rows: LiveContainer[]) {
  const live = ownership(state, project).networks.find((n) => n.network === net.name)?.iface;
  const gw = (g: string, family: 'inet' | 'inet6') =>
    g === 'none' ? '' : g !== 'auto' ? g : (family === 'inet' ? live?.inet[0]?.address : globalInet6(live)) ?? '<auto>';
  const nat = net.nat === true ? state.defaultRoute?.interface ?? '<default route interface>' : net.nat === false ? '' : net.nat;
  return {
    network: {
      gateway: net.type === 'bridge' ? gw(net.gateway, 'inet') : '<none>', gateway6: net.type === 'bridge' ? gw(net.gateway6, 'inet6') : '<none>',
      icc: net.icc, id: networkLabel(project, net.name), interface: live?.name ?? net.interface ?? '', internal: net.internal,
      name: net.name, nat, subnet: net.subnet ?? '', subnet6: net.subnet6 ?? '', type: net.type, present: live !== undefined,
    },
    network_endpoints: endpoints(project, state, rows, net.name),
  };
}

/** `{container, container_endpoints, container_mountpoints}` with Kleene's field names plus jid/jail/state. */
export function inspectContainer(project: string, row: LiveContainer, c: ContainerSpec | undefined, state: HostState) {
  const jail = state.jails.find((j) => j.name === row.jail);
  return {
    container: {
      cmd: c?.command ?? [], env: shownEnv(c?.env ?? {}), id: row.jail,
      jail_param: c?.jailParams ?? [], name: row.name, network_driver: row.driver ?? '',
      public_ports: (c?.ports ?? []).map((p) => ({
        interface: p.interface ?? '', host_port: p.hostStart === p.hostEnd ? `${p.hostStart}` : `${p.hostStart}-${p.hostEnd}`,
        container_port: p.containerStart === p.containerEnd ? `${p.containerStart}` : `${p.containerStart}-${p.containerEnd}`, protocol: p.protocol,
      })),
      running: row.state === 'running', user: c?.user ?? 'root', jid: row.jid, state: row.state,
      path: jail?.path ?? c?.path ?? '', hostname: jail?.hostname ?? c?.hostname ?? '', in_file: row.inFile,
    },
    container_endpoints: endpoints(project, state, [row]),
    container_mountpoints: (c?.mounts ?? []).map((m) => ({ container_id: row.jail, type: 'nullfs', source: m.source, destination: m.target, read_only: m.mode === 'ro' })),
  };
}

/** The JSON for NAME: a container if one has that name, else a network; a clear error otherwise. */
export function inspectJson(project: string, spec: Spec | undefined, state: HostState, name: string): unknown {
  const rows = liveContainers(project, spec, state);
  const row = rows.find((r) => r.name === name);
  if (row) return inspectContainer(project, row, spec?.containers.find((c) => c.name === name), state);
  const net = spec?.networks.find((n) => n.name === name);
  if (net) return inspectNetwork(project, net, state, rows);
  const known = [...rows.map((r) => r.name), ...(spec?.networks.map((n) => n.name) ?? [])].sort().join(', ') || 'none';
  throw new UserError(`no container or network "${name}" in project ${project} (known: ${known})`,
    spec ? undefined : 'networks are described from the file: run in the project directory or pass -f');
}

/** Print the JSON (always JSON, like Kleene's inspect). */
export async function run(ctx: CliContext, name: string): Promise<number> {
  const { project, spec } = await projectAndSpec(ctx, 'inspect');
  const host = await openHost(ctx.host);
  try {
    const state = await probe(host, { project, zfs: false, signal: ctx.signal });
    ctx.io.stdout.write(`${JSON.stringify(inspectJson(project, spec, state, name), null, 2)}\n`);
    return 0;
  } finally {
    await host.close();
  }
}
