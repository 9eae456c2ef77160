// Which mounts a removal unmounts: the jail's own (its meta's record), each once, newest instance first on a shared
// mount point, and nothing klee did not make.
import { describe, expect, it } from 'vitest';
import { jailMeta, type MountRecord } from '../../../src/host/labels.js';
import { ownership } from '../../../src/host/ownership.js';
import type { HostState } from '../../../src/host/types.js';
import { planUnmounts } from '../../../src/planner/kinds/unmount.js';
import { freshHost, jail } from '../builders.js';

const dev = (root: string): MountRecord => ({ fstype: 'devfs', target: `${root}/dev` });
const nullfs = (target: string): MountRecord => ({ fstype: 'nullfs', target });
const row = (m: MountRecord) => ({ source: m.fstype === 'nullfs' ? '/data' : m.fstype, target: m.target, fstype: m.fstype, options: 'rw' });

/** A host with klee jails `<project>_<c>` (jid in list order, each with its record) and the mount table given. */
function host(jails: { p?: string; c: string; root: string; mounts?: MountRecord[] }[], table: MountRecord[] | undefined): HostState {
  const h = freshHost();
  h.jails = jails.map((j, i) => jail(`${j.p ?? 'p'}_${j.c}`, {
    jid: i + 1, path: j.root, meta: j.mounts ? jailMeta(j.p ?? 'p', j.c, '0a', j.mounts) : `klee:v1:${j.p ?? 'p'}:${j.c}:0a`,
  }));
  h.mounts = table?.map(row);
  return h;
}
const removing = (h: HostState, ...containers: string[]) => ownership(h, 'p').jails.filter((j) => containers.includes(j.container));

describe('planUnmounts', () => {
  it('two jails of one root, both removed: each unmounts one devfs, the newer first', () => {
    const h = host([{ c: 'a', root: '/r', mounts: [dev('/r')] }, { c: 'b', root: '/r', mounts: [dev('/r')] }], [dev('/r'), dev('/r')]);
    const u = planUnmounts(h, removing(h, 'a', 'b'));
    expect([...u.targets]).toEqual([['p_b', ['/r/dev']], ['p_a', ['/r/dev']]]);
    expect(u.order).toEqual([['b', 'a']]);
    expect(u.warnings).toEqual([]);
  });

  it('the last jail of a mount point also unmounts the same type right under its own (left by a jail removed by hand), not other types', () => {
    const h = host([{ c: 'a', root: '/r', mounts: [dev('/r')] }], [{ fstype: 'tmpfs', target: '/r/dev' }, dev('/r'), dev('/r'), dev('/r')]);
    expect(planUnmounts(h, removing(h, 'a')).targets.get('p_a')).toEqual(['/r/dev', '/r/dev', '/r/dev']);
  });

  it('an interrupted removal (the newer jail\'s devfs already gone, the jail still there): its removal unmounts nothing, the older keeps its own', () => {
    const h = host([{ c: 'a', root: '/r', mounts: [dev('/r')] }, { c: 'b', root: '/r', mounts: [dev('/r')] }], [dev('/r')]);
    expect(planUnmounts(h, removing(h, 'b')).targets.get('p_b')).toEqual([]);
    expect([...planUnmounts(h, removing(h, 'a', 'b')).targets]).toEqual([['p_b', []], ['p_a', ['/r/dev']]]);
  });

  it('the newer jail of a shared root removed alone: its own devfs, the older one\'s stays', () => {
    const h = host([{ c: 'a', root: '/r', mounts: [dev('/r')] }, { c: 'b', root: '/r', mounts: [dev('/r')] }], [dev('/r'), dev('/r')]);
    expect(planUnmounts(h, removing(h, 'b')).targets.get('p_b')).toEqual(['/r/dev']);
  });

  it('the older jail removed while the newer (another project\'s) stays: its devfs lies under the other one, left with a warning', () => {
    const h = host([{ c: 'a', root: '/r', mounts: [dev('/r')] }, { p: 'q', c: 'b', root: '/r', mounts: [dev('/r')] }], [dev('/r'), dev('/r')]);
    const u = planUnmounts(h, removing(h, 'a'));
    expect(u.targets.get('p_a')).toEqual([]);
    expect(u.warnings).toEqual(['jail "p_a": its devfs on "/r/dev" is left mounted: jail "q_b", which stays, mounted its own there later, and umount takes the most recent mount of a path']);
  });

  it('mounts below the root klee did not make are never unmounted: a user\'s nullfs, a ZFS child, a UFS partition', () => {
    const table = [dev('/r'), nullfs('/r/data'), { fstype: 'zfs', target: '/r/usr/home' }, { fstype: 'ufs', target: '/r/mnt' }, nullfs('/r/var/db')];
    const h = host([{ c: 'a', root: '/r', mounts: [nullfs('/r/var/db'), dev('/r')] }], table);
    expect(planUnmounts(h, removing(h, 'a')).targets.get('p_a')).toEqual(['/r/var/db', '/r/dev']);
  });

  it('a mount of its own covered by one of another type, or with a foreign one below it, is left; one already gone is done', () => {
    const h = host([{ c: 'a', root: '/r', mounts: [nullfs('/r/var/db'), nullfs('/r/srv'), dev('/r')] }],
      [dev('/r'), { fstype: 'tmpfs', target: '/r/dev' }, nullfs('/r/srv'), { fstype: 'ufs', target: '/r/srv/x' }]);
    const u = planUnmounts(h, removing(h, 'a'));
    expect(u.targets.get('p_a')).toEqual([]);
    expect(u.warnings).toEqual([
      'jail "p_a": its nullfs on "/r/srv" is left mounted: "ufs" on "/r/srv/x", which klee did not make, is mounted below it',
      'jail "p_a": its devfs on "/r/dev" is left mounted: a "tmpfs" that is not this jail\'s is mounted over it',
    ]);
  });

  it('the mount table unreadable: a removal with mounts of its own is refused with the reason; one without any is not', () => {
    const h = host([{ c: 'a', root: '/r', mounts: [dev('/r')] }, { c: 'b', root: '/s', mounts: [] }], undefined);
    const u = planUnmounts(h, removing(h, 'a', 'b'));
    expect(u.problems).toEqual([{ container: 'a', message: expect.stringMatching(/^jail "p_a" cannot be removed: the host state has no mount table .*\(devfs on "\/r\/dev"\)/) }]);
  });

  it('a jail without a record (an earlier klee, a kernel without meta) unmounts nothing, and says what it leaves', () => {
    const h = host([{ c: 'a', root: '/r' }], [dev('/r')]);
    const u = planUnmounts(h, removing(h, 'a'));
    expect(u.targets.get('p_a')).toEqual([]);
    expect(u.warnings).toEqual([expect.stringContaining('the mounts below its root are left: "/r/dev"')]);
  });
});
