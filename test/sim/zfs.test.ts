// zfs(8) in the simulator takes the forms zfs_main.c's getopt strings take: options in any order and combined,
// values attached or apart, operands; it says so for what it does not hold (sizes, snapshots of their own).
import { describe, expect, it } from 'vitest';
import { freshHost } from './helpers.js';

describe('zfs', () => {
  it('clone -p -o, then list in the forms zfs list takes', async () => {
    const { sh } = await freshHost();
    expect((await sh('zfs', 'clone', '-o', 'mountpoint=/jails/a', '-p', 'zroot/img@v1', 'zroot/klee/web/a')).exitCode).toBe(0);
    expect((await sh('zfs', 'clone', '-pomountpoint=/jails/b', 'zroot/img@v1', 'zroot/klee/web/b')).exitCode).toBe(0);
    const all = 'zroot\t-\t/zroot\nzroot/klee\t-\t/zroot/klee\nzroot/klee/web\t-\t/zroot/klee/web\nzroot/klee/web/a\tzroot/img@v1\t/jails/a\nzroot/klee/web/b\tzroot/img@v1\t/jails/b\n';
    for (const argv of [['-H', '-p', '-t', 'filesystem', '-o', 'name,origin,mountpoint'], ['-Hp', '-o', 'name,origin,mountpoint', '-t', 'filesystem'], ['-Honame,origin,mountpoint'], ['-r', '-H', '-o', 'name,origin,mountpoint', 'zroot']]) {
      expect([argv.join(' '), (await sh('zfs', 'list', ...argv)).stdout]).toEqual([argv.join(' '), all]);
    }
    expect((await sh('zfs', 'list', '-H', '-o', 'name', '-d', '1', 'zroot/klee')).stdout).toBe('zroot/klee\nzroot/klee/web\n');
    expect((await sh('zfs', 'list', '-H', '-o', 'name', 'zroot/klee/web/a')).stdout).toBe('zroot/klee/web/a\n');
    expect((await sh('zfs', 'list', '-o', 'name,origin', 'zroot/klee/web/a', 'zroot')).stdout).toBe('NAME              ORIGIN\nzroot             -\nzroot/klee/web/a  zroot/img@v1\n');
  });

  it('refuses as zfs does', async () => {
    const { sh } = await freshHost();
    const r = async (...argv: string[]) => { const x = await sh('zfs', ...argv); return [x.exitCode, x.stderr]; };
    expect(await r('list', '-H', '-o', 'name', 'zroot/nope')).toEqual([1, "cannot open 'zroot/nope': dataset does not exist\n"]);
    expect(await r('list', '-t', 'fs2', '-o', 'name')).toEqual([2, "invalid type 'fs2'\n"]);
    expect(await r('list', '-x')).toEqual([2, "invalid option 'x'\n"]);
    expect(await r('list', '-o')).toEqual([2, "missing argument for 'o' option\n"]);
    expect(await r('clone', '-o', 'mountpoint', 'zroot/img@v1', 'zroot/a')).toEqual([1, "missing '=' for property=value argument\n"]);
    expect(await r('clone', 'zroot/img@v1')).toEqual([2, 'missing target dataset argument\n']);
    expect(await r('clone', 'zroot/img@v1', 'zroot/klee/x/y')).toEqual([1, "cannot create 'zroot/klee/x/y': parent does not exist\n"]);
    expect((await sh('zfs', 'clone', '-p', 'zroot/img@v1', 'zroot/klee/x/y')).exitCode).toBe(0);
    expect(await r('destroy', 'zroot/klee')).toEqual([1, "cannot destroy 'zroot/klee': filesystem has children\nuse '-r' to destroy the following datasets:\nzroot/klee/x\nzroot/klee/x/y\n"]);
    expect(await r('destroy', 'zroot')).toEqual([1, "cannot destroy 'zroot': operation does not apply to pools\nuse 'zfs destroy -r zroot' to destroy all datasets in the pool\nuse 'zpool destroy zroot' to destroy the pool itself\n"]);
    expect(await r('destroy')).toEqual([2, 'missing dataset argument\n']);
    expect(await r('destroy', '-fr', 'zroot/klee')).toEqual([0, '']);
    expect((await sh('zfs', 'list', '-H', '-o', 'name')).stdout).toBe('zroot\n');
  });

  it('says so for what it does not hold', async () => {
    const { sh } = await freshHost();
    expect((await sh('zfs', 'list')).stderr).toBe('zfs: the simulator does not model the default columns of zfs list (sizes): give -o (docs/simulator.md)\n');
    expect((await sh('zfs', 'list', '-o', 'name,used')).stderr).toBe('zfs: the simulator does not model the property used (it holds name, origin, mountpoint, type) (docs/simulator.md)\n');
    expect((await sh('zfs', 'list', '-t', 'snapshot', '-o', 'name')).stderr).toBe('zfs: the simulator does not model zfs list -t snapshot (it holds filesystems only) (docs/simulator.md)\n');
  });
});
