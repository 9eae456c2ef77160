// The mount kind: the nullfs mounts a container asks for, where jail(8) mounts them, and the unmount order.
import { describe, expect, it } from 'vitest';
import { createdMounts, mountParams } from '../../../src/planner/kinds/mount.js';
import { ctr } from '../builders.js';

describe('mountParams', () => {
  const cases: [string, string, string[]][] = [
    ['below the root', '/jails/a', ['mount=/data /jails/a/var/db nullfs rw 0 0']],
  ];
  for (const [name, root, want] of cases) it(name, () => expect(mountParams(ctr('p', 'a', { mounts: [{ source: '/data', target: '/var/db', mode: 'rw' }] }), root)).toEqual(want));
});

describe('createdMounts (what a jail -c mounts, in unmount order)', () => {
  const cases: [string, string[], string[]][] = [
    ['mount= lines, then devfs: devfs is shallower, unmounted last', ['mount=/d /r/var/db nullfs rw 0 0', 'mount.devfs'], ['nullfs /r/var/db', 'devfs /r/dev']],
    ['fdescfs inside devfs goes first; procfs', ['mount.devfs', 'mount.fdescfs=true', 'mount.procfs'], ['fdescfs /r/dev/fd', 'procfs /r/proc', 'devfs /r/dev']],
    ['a mount= line keeps its own fstype', ['mount=/dev/ada1 /r/mnt ufs ro 0 0'], ['ufs /r/mnt']],
    ['nothing asked: nothing', ['persist'], []],
  ];
  for (const [name, argv, want] of cases) it(name, () => expect(createdMounts(argv, '/r').map((m) => `${m.fstype} ${m.target}`)).toEqual(want));
});
