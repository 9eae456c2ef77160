// In-memory Specs and HostStates for planner tests (no loader, no probe).
import { isRcCommand } from '../../src/spec/defaults.js';
import type { ContainerSpec, NetworkSpec, Spec } from '../../src/spec/types.js';
import type { HostState, Interface, InterfaceKind, Jail } from '../../src/host/types.js';

/** A fresh FreeBSD 14.3 host: em0 with a default route, lo0, pf with klee's hooks, meta support, / and /dev mounted. */
export function freshHost(): HostState {
  return {
    version: '14.3-RELEASE',
    interfaces: [
      iface('em0', { kind: 'physical', inet: [{ address: '10.0.2.15', prefixlen: 24, broadcast: '10.0.2.255' }] }),
      iface('lo0', { kind: 'loopback', groups: ['lo'], inet: [{ address: '127.0.0.1', prefixlen: 8 }], inet6: [{ address: '::1', prefixlen: 128 }] }),
    ],
    jails: [],
    defaultRoute: { gateway: '10.0.2.2', interface: 'em0' },
    pf: { enabled: true, hooks: { nat: true, rdr: true, filter: true }, projects: [] },
    sysctl: { ipForwarding: false, ip6Forwarding: false, vimage: true, jailMetaMax: 4096 },
    mounts: [
      { source: 'zroot/ROOT/default', target: '/', fstype: 'zfs', options: 'rw,nfsv4acls' },
      { source: 'devfs', target: '/dev', fstype: 'devfs', options: 'rw' },
    ],
    warnings: [],
  };
}

/** One interface with sensible defaults for its kind (a loopback carries IFF_LOOPBACK and group lo, as FreeBSD's do). */
export function iface(name: string, o: Partial<Interface> & { kind?: InterfaceKind } = {}): Interface {
  const kind = o.kind ?? (name.startsWith('epair') ? 'epair' : 'other');
  return {
    name, flags: kind === 'loopback' ? ['UP', 'LOOPBACK', 'RUNNING'] : ['UP', 'RUNNING'], up: true,
    groups: kind === 'bridge' ? ['bridge'] : kind === 'epair' ? ['epair'] : kind === 'loopback' ? ['lo'] : [],
    inet: [], inet6: [], members: [], kind, ...o,
  };
}

/** One jail as the jls parser returns it. */
export function jail(name: string, o: Partial<Jail> & { meta?: string } = {}): Jail {
  const { meta, ...rest } = o;
  const params: Jail['params'] = { ...(rest.params ?? {}) };
  if (meta !== undefined) params.meta = meta;
  return { jid: 1, name, path: '/jails/x', hostname: name, vnet: false, ip4: [], ip6: [], ...rest, params };
}

/** A network with Kleene's defaults for its type. */
export function net(name: string, o: Partial<NetworkSpec> = {}): NetworkSpec {
  const type = o.type ?? 'loopback';
  return { name, type, gateway: type === 'bridge' ? 'auto' : 'none', gateway6: type === 'bridge' ? 'auto' : 'none', nat: false, icc: true, internal: false, ...o };
}

/** A container with the loader's defaults; driver defaults like Kleene's (ipnet with networks). */
export function ctr(project: string, name: string, o: Partial<ContainerSpec> = {}): ContainerSpec {
  const networks = o.networks ?? [];
  return {
    name, jailName: `${project}_${name}`, path: `/jails/${name}`, driver: networks.length ? 'ipnet' : 'host',
    networks, command: ['/bin/sh', '/etc/rc'], user: 'root', env: {}, hostname: name, jailParams: [],
    allowHostExec: false, mounts: [], ports: [], dependsOn: [], conditions: {}, restart: 'no', stopSignal: 'TERM', stopGracePeriodS: 10,
    supervised: !isRcCommand(o.command ?? ['/bin/sh', '/etc/rc']), ...o,
  };
}

/** A whole project. */
export function spec(project: string, networks: NetworkSpec[], containers: ContainerSpec[]): Spec {
  return { project, file: '/p/kleene.yaml', networks, containers };
}
