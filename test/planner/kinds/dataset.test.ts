// The dataset kind: the ZFS clone of an image container's root, created, replaced when origin or mountpoint moved, destroyed.
import { describe, expect, it } from 'vitest';
import type { HostState } from '../../../src/host/types.js';
import { planDatasets } from '../../../src/planner/kinds/dataset.js';
import type { Spec } from '../../../src/spec/types.js';
import { ctr, freshHost, jail, spec } from '../builders.js';
import { upToContainers } from './world.js';

const P = 'proj';
const img = (image = 'zroot/img@base') => spec(P, [], [ctr(P, 'a', { path: undefined, image })]);
const host = (...datasets: NonNullable<HostState['datasets']>) => ({ ...freshHost(), datasets });
const ours = { name: 'zroot/klee/proj/a', origin: 'zroot/img@base', mountpoint: '/klee/proj/a' };

function run(s: Spec, h: HostState, down = false) {
  const u = upToContainers(s, h, down);
  return planDatasets(u.want, u.obs, u.desired);
}
const rows = (p: ReturnType<typeof run>) => p.actions.map((a) => ({ id: a.id, op: a.op, reason: a.reason, argv: a.commands.map((c) => c.argv) }));
const clone = ['zfs', 'clone', '-p', '-o', 'mountpoint=/klee/proj/a', 'zroot/img@base', 'zroot/klee/proj/a'];

const cases: { name: string; file: Spec; host: HostState; down?: boolean; want: ReturnType<typeof rows>; fields?: string[] }[] = [
  { name: 'not on the host: cloned', file: img(), host: host(), want: [{ id: 'dataset:a', op: 'create', reason: 'not on host', argv: [clone] }] },
  { name: 'as it should be: nothing', file: img(), host: host(ours), want: [] },
  { name: 'another origin: replaced', file: img(), host: host({ ...ours, origin: 'zroot/img@old' }), fields: ['image'], want: [
    { id: 'dataset:a:delete', op: 'replace', reason: 'image changed (zroot/img@old → zroot/img@base)', argv: [['zfs', 'destroy', 'zroot/klee/proj/a']] },
    { id: 'dataset:a', op: 'replace', reason: 'image changed (zroot/img@old → zroot/img@base)', argv: [clone] },
  ] },
  { name: 'another mountpoint: replaced', file: img(), host: host({ ...ours, mountpoint: '/elsewhere' }), fields: ['path'], want: [
    { id: 'dataset:a:delete', op: 'replace', reason: 'mountpoint changed (/elsewhere → /klee/proj/a)', argv: [['zfs', 'destroy', 'zroot/klee/proj/a']] },
    { id: 'dataset:a', op: 'replace', reason: 'mountpoint changed (/elsewhere → /klee/proj/a)', argv: [clone] },
  ] },
  { name: 'zfs could not be listed and the container runs: left alone', file: img(), host: { ...freshHost(), jails: [jail('proj_a', { path: '/klee/proj/a', meta: 'klee:v1:proj:a:0000000000000000' })] }, want: [] },
  { name: 'the file no longer has it: destroyed', file: spec(P, [], []), host: host(ours), want: [{ id: 'dataset:a', op: 'delete', reason: 'not in file', argv: [['zfs', 'destroy', 'zroot/klee/proj/a']] }] },
  { name: 'a second one in another pool: destroyed under a suffixed id', file: img(), host: host(ours, { name: 'tank/klee/proj/a', origin: 'tank/img@v1', mountpoint: '/x' }),
    want: [{ id: 'dataset:a', op: 'delete', reason: 'not in file', argv: [['zfs', 'destroy', 'tank/klee/proj/a']] }] },
  { name: 'another project\'s: never touched', file: spec(P, [], []), host: host({ ...ours, name: 'zroot/klee/other/a' }), want: [] },
  { name: 'down: destroyed, for the reason down', file: spec(P, [], []), host: host(ours), down: true, want: [{ id: 'dataset:a', op: 'delete', reason: 'down', argv: [['zfs', 'destroy', 'zroot/klee/proj/a']] }] },
];

describe('planDatasets', () => {
  for (const c of cases) {
    it(c.name, () => {
      const p = run(c.file, c.host, c.down);
      expect(rows(p)).toEqual(c.want);
      expect(p.replaced.get('a')?.fields).toEqual(c.fields);
    });
  }

  it('what the containers and the rules read: the create per container, the removals and whose jail goes first', () => {
    const p = run(img(), host({ ...ours, origin: 'zroot/img@old' }));
    expect([...p.created]).toEqual([['a', 'dataset:a']]);
    expect(p.removed).toEqual([{ id: 'dataset:a:delete', container: 'a', dataset: 'zroot/klee/proj/a', mountpoint: '/klee/proj/a' }]);
    expect(p.actions[0].replacedBy).toBe('dataset:a');
  });
});
