import { describe, expect, it } from 'vitest';
import { liveContainers, liveDriver } from '../../src/executor/live-view.js';
import type { HostState, Interface, Jail } from '../../src/host/types.js';
import type { ContainerSpec, Spec } from '../../src/spec/types.js';

const iface = (name: string, extra: Partial<Interface> = {}): Interface => ({
  name, flags: ['UP'], up: true, groups: [], inet: [], inet6: [], members: [], kind: 'other', ...extra,
});
const jail = (jid: number, name: string, extra: Partial<Jail> = {}): Jail => ({
  jid, name, path: `/jails/${name}`, hostname: name, vnet: false, ip4: [], ip6: [], params: {}, ...extra,
});
const container = (name: string, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
  name, jailName: `web_${name}`, path: `/jails/${name}`, driver: 'ipnet', networks: [], command: ['/bin/sh', '/etc/rc'],
  user: 'root', env: {}, hostname: name, jailParams: [], allowHostExec: false, mounts: [], ports: [], dependsOn: [], conditions: {},
  supervised: false, restart: 'no', stopSignal: 'TERM', stopGracePeriodS: 10, ...extra,
});

// A host as the seeds show it: kleene0 a loopback network with an ipnet jail's alias (seeds/003), and a
// bridge kleene1 with a vnet jail whose epair0b is inside (address read by the inside probe). Clones carry their
// cloner's group (and lo its LOOPBACK flag), as FreeBSD prints them: klee trusts labels only on such clones.
const state: HostState = {
  version: '14.1-RELEASE',
  interfaces: [
    iface('kleene0', { kind: 'loopback', flags: ['UP', 'LOOPBACK'], groups: ['lo'], description: 'klee:web:testnet', inet: [{ address: '10.2.3.2', prefixlen: 32 }] }),
    iface('kleene1', { kind: 'bridge', groups: ['bridge'], description: 'klee:web:backend', inet: [{ address: '10.4.6.1', prefixlen: 24 }], members: ['epair0a'] }),
    iface('epair0a', { kind: 'epair', groups: ['epair'], description: 'klee:web:db:backend', epairPeer: 'epair0b' }),
  ],
  jails: [
    jail(3, 'web_app', { ip4: ['10.2.3.2'], params: { ip4: 'new' } }),
    jail(4, 'web_db', {
      vnet: true, params: { vnet: 'new' },
      inside: { interfaces: [iface('epair0b', { inet: [{ address: '10.4.6.10', prefixlen: 24 }], inet6: [{ address: 'fe80::1', prefixlen: 64, scopeid: '0x2' }] })], defaultRoute4: '10.4.6.1' },
    }),
    jail(5, 'other_x', { ip4: [] }),
  ],
  pf: { enabled: true, hooks: { nat: true, rdr: true, filter: true }, projects: [] },
  sysctl: { ipForwarding: true, ip6Forwarding: false, vimage: true, jailMetaMax: 0 },
  warnings: [],
};
const spec: Spec = {
  project: 'web', file: '/p/kleene.yaml', networks: [],
  containers: [
    container('app', { networks: [{ network: 'testnet' }] }),
    container('db', { driver: 'vnet', networks: [{ network: 'backend', ip: '10.4.6.10' }] }),
    container('worker', { networks: [{ network: 'testnet', ip: '10.2.3.9' }] }),
  ],
};

describe('live containers (ps)', () => {
  it('reads jails, drivers and addresses live, and marks declared containers without a jail stopped', () => {
    expect(liveContainers('web', spec, state)).toEqual([
      { name: 'app', jail: 'web_app', jid: 3, state: 'running', exitCode: null, health: null, driver: 'ipnet', inFile: true,
        networks: [{ network: 'testnet', ip: '10.2.3.2', ip6: null, interface: 'kleene0' }] },
      { name: 'db', jail: 'web_db', jid: 4, state: 'running', exitCode: null, health: null, driver: 'vnet', inFile: true,
        networks: [{ network: 'backend', ip: '10.4.6.10', ip6: null, interface: 'epair0b' }] },
      { name: 'worker', jail: 'web_worker', jid: null, state: 'stopped', exitCode: null, health: null, driver: 'ipnet', inFile: true,
        networks: [{ network: 'testnet', ip: '10.2.3.9', ip6: null, interface: 'kleene0' }] },
    ]);
  });

  it('lists a jail of the project that the file no longer declares, never another project\'s', () => {
    const rows = liveContainers('web', { ...spec, containers: [] }, state);
    expect(rows.map((r) => [r.name, r.inFile])).toEqual([['app', false], ['db', false]]);
  });

  it('derives the driver from jail parameters', () => {
    expect(liveDriver(jail(1, 'a', { params: { ip4: 'inherit' } }))).toBe('host');
    expect(liveDriver(jail(1, 'a', { params: { ip4: 'disable' } }))).toBe('disabled');
    expect(liveDriver(jail(1, 'a', { ip6: ['fd00::2'] }))).toBe('ipnet');
  });
});
