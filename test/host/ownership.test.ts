// Which interfaces a klee label may be trusted on (src/host/ownership.ts cloneKind, trustedLabel, untrustedLabels),
// judged on real captured ifconfig output: the kind comes from groups, flags and lines, never from the name or label.
import { describe, expect, it } from 'vitest';
import { parseIfconfig } from '../../src/host/parse/ifconfig.js';
import { cloneKind, ownership, trustedLabel, untrustedLabels } from '../../src/host/ownership.js';
import type { HostState, Interface } from '../../src/host/types.js';
import { between, fixture } from './fixtures.js';

const read = (name: string) => parseIfconfig(name.startsWith('16-') ? between(fixture(name), /^vtnet0: flags/) : fixture(name)).interfaces;
const byName = (list: Interface[]) => new Map(list.map((i) => [i.name, i]));
const state = (interfaces: Interface[]): HostState => ({
  version: '14.1-RELEASE', interfaces, jails: [], warnings: [],
  pf: { enabled: true, hooks: { nat: true, rdr: true, filter: true }, projects: [] },
  sysctl: { ipForwarding: false, ip6Forwarding: false, vimage: true, jailMetaMax: 4096 },
});

describe('cloneKind: what klee could have created, from the host\'s own output', () => {
  it('fixtures 05, 07, 16, 25: lo1 is a lo clone, bridges are bridges, epairNa/b are epairs; lo0, vtnet0, vlans, a renamed epair are none', () => {
    const all = byName([...read('16-route-n-get-default-and-ifconfig-lo1-fbsd14-ohai.txt'), ...read('07-ifconfig-fbsd13-bridge-epairs-descriptions-cloudinit.txt')]);
    expect(['lo0', 'lo1', 'vtnet0', 'bridge0', 'epair10a'].map((n) => [n, cloneKind(all.get(n)!)])).toEqual([
      ['lo0', undefined], ['lo1', 'lo'], ['vtnet0', undefined], ['bridge0', 'bridge'], ['epair10a', 'epair'],
    ]);
    const f05 = byName(read('05-ifconfig-a-fbsd12-bridge-renamed-epair-description-cloudinit.txt'));
    // vnet0:11 is an epair renamed by another tool: klee never renames its epairs, so it is not one of klee's.
    expect([...f05.keys()].map((n) => [n, cloneKind(f05.get(n)!)])).toEqual([['vtnet0', undefined], ['re0.33', undefined], ['bridge0', 'bridge'], ['vnet0:11', undefined], ['lo0', undefined]]);
    const f25 = read('25-ifconfig-create-list-and-stp-bridges-fbsd11-genneko.txt').filter((i) => i.name.startsWith('bridge'));
    expect(f25.map(cloneKind)).toEqual(['bridge', 'bridge']);
  });
});

describe('trustedLabel and untrustedLabels', () => {
  const labelled = (i: Interface, description: string): Interface => ({ ...i, description });
  const f07 = byName(read('07-ifconfig-fbsd13-bridge-epairs-descriptions-cloudinit.txt'));
  const f16 = byName(read('16-route-n-get-default-and-ifconfig-lo1-fbsd14-ohai.txt'));

  it('a network label counts on a lo or bridge clone, an endpoint label on an epair a side; elsewhere it is reported and ignored', () => {
    const net = 'klee:web:back';
    const ep = 'klee:web:db:back';
    const cases: [Interface, string, boolean][] = [
      [f16.get('lo1')!, net, true], [f07.get('bridge0')!, net, true], [f07.get('epair10a')!, ep, true],
      [f16.get('lo0')!, net, false], [f16.get('vtnet0')!, net, false], [f07.get('epair10a')!, net, false],
      [f07.get('bridge0')!, ep, false], [f16.get('lo1')!, ep, false], [{ ...f07.get('epair10a')!, name: 'epair10b' }, ep, false],
      [f16.get('vtnet0')!, ep, false],
    ];
    for (const [i, d, trusted] of cases) expect([i.name, d, trustedLabel(labelled(i, d)) !== undefined]).toEqual([i.name, d, trusted]);
    const s = state([labelled(f16.get('vtnet0')!, net), labelled(f16.get('lo0')!, net), labelled(f16.get('lo1')!, net)]);
    expect(ownership(s, 'web').networks.map((n) => n.interface)).toEqual(['lo1']);
    expect(untrustedLabels(s)).toEqual([
      'interface vtnet0 carries the klee label "klee:web:back", but is a physical interface, not a cloned lo or bridge klee could have made: it is not klee\'s, and is never touched',
      'interface lo0 carries the klee label "klee:web:back", but is the host\'s own lo0, not a cloned lo or bridge klee could have made: it is not klee\'s, and is never touched',
    ]);
  });

  it('descriptions that look like labels but are not written as klee writes them are garbage: reported, never trusted', () => {
    const lo1 = f16.get('lo1')!;
    const garbage = ['klee:web:ba\tck', 'klee:web:back ', ' klee:web:back', 'klee:web:back\u0007', 'klee:Web:back', 'klee:web_x:back', 'klee:web::back', 'klee:web:a:b:c', 'klee:', 'klee:web'];
    for (const d of garbage) expect([d, trustedLabel(labelled(lo1, d))]).toEqual([d, undefined]);
    const s = state(garbage.filter((d) => d.startsWith('klee:')).map((d, n) => labelled({ ...lo1, name: `lo${n + 1}` }, d)));
    expect(untrustedLabels(s)).toHaveLength(9);
    expect(untrustedLabels(s)[0]).toBe('interface lo1 has the description "klee:web:ba\\tck", which is not a label klee writes: it is not trusted, and the interface is never touched');
    expect(ownership(s, 'web').networks).toEqual([]);
  });
});
