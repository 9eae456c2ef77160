// The mount kind: the nullfs mounts a container asks for, where jail(8) mounts them, and the unmount order.
import { describe, expect, it } from 'vitest';
import { createdMounts, jailMounts, mountParams } from '../../../src/planner/kinds/mount.js';
import { ctr, freshHost, jail } from '../builders.js';

describe('mountParams', () => {
  const cases: [string, string, string[]][] = [
    ['below the root', '/jails/a', ['mount=/data /jails/a/var/db nullfs rw 0 0']],
    ['a root with a trailing slash', '/jails/a/', ['mount=/data /jails/a/var/db nullfs rw 0 0']],
  ];
  for (const [name, root, want] of cases) it(name, () => expect(mountParams(ctr('p', 'a', { mounts: [{ source: '/data', target: '/var/db', mode: 'rw' }] }), root)).toEqual(want));
});

describe('createdMounts (what a jail -c mounts, in unmount order)', () => {
  const cases: [string, string[], string[]][] = [
    ['mount= lines, then devfs: devfs is shallower, unmounted last', ['mount=/d /r/var/db nullfs rw 0 0', 'mount.devfs'], ['/r/var/db', '/r/dev']],
    ['fdescfs inside devfs goes first; procfs', ['mount.devfs', 'mount.fdescfs=true', 'mount.procfs'], ['/r/dev/fd', '/r/proc', '/r/dev']],
    ['nothing asked: nothing', ['persist'], []],
  ];
  for (const [name, argv, want] of cases) it(name, () => expect(createdMounts(argv, '/r/')).toEqual(want));
});

describe('jailMounts', () => {
  it('each mount belongs to the longest jail root containing it; the roots themselves are no jail\'s to unmount', () => {
    const h = freshHost();
    h.jails.push(jail('a', { path: '/j/a' }), jail('b', { path: '/j/a/b' }));
    h.mounts = [...h.mounts!, ...['/j/a', '/j/a/dev', '/j/a/b/dev', '/j/a/b/mnt/x', '/j/c/dev'].map((target) => ({ source: 'x', target, fstype: 'nullfs', options: 'rw' }))];
    expect([...jailMounts(h)]).toEqual([['/j/a', ['/j/a/dev']], ['/j/a/b', ['/j/a/b/mnt/x', '/j/a/b/dev']]]);
  });
});
