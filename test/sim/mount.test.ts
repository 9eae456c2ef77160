// mount -p / umount in the simulator, and what `jail -r` of a command-line jail leaves behind (aliases, mounts).
import { describe, expect, it } from 'vitest';
import { parseMountP } from '../../src/host/parse/mount.js';
import { freshHost } from './helpers.js';

// sbin/mount/mount.c putfsent: from/on padded with tabs to column 24 (a space after 24+ characters), fstype + TAB,
// options ("rw" unless read-only) padded to 8, then TAB "0 0" (dump/pass of file systems not in fstab, not ufs).
const HOST_P = 'zroot/ROOT/default\t/\t\t\tzfs\trw,nfsv4acls \t0 0\ndevfs\t\t\t/dev\t\t\tdevfs\trw\t\t0 0\n';

describe('mount -p', () => {
  it('lists the host\'s / and /dev, then what jail(8) mounted, in mount order', async () => {
    const { sh } = await freshHost();
    expect((await sh('mount', '-p')).stdout).toBe(HOST_P);
    const r = await sh('jail', '-c', 'name=db', 'path=/jails/db', 'persist', 'mount.devfs',
      'mount=/data/db /jails/db/var/db/postgres nullfs rw 0 0', 'mount=/srv/static /jails/db/usr/local/www nullfs ro 0 0');
    expect(r.exitCode).toBe(0);
    const p = (await sh('mount', '-p')).stdout;
    expect(p).toBe(HOST_P
      + '/data/db\t\t/jails/db/var/db/postgres nullfs\trw\t\t0 0\n'
      + '/srv/static\t\t/jails/db/usr/local/www\tnullfs\tro\t\t0 0\n'
      + 'devfs\t\t\t/jails/db/dev\t\tdevfs\trw\t\t0 0\n');
    expect(parseMountP(p).mounts.slice(2)).toEqual([
      { source: '/data/db', target: '/jails/db/var/db/postgres', fstype: 'nullfs', options: 'rw' },
      { source: '/srv/static', target: '/jails/db/usr/local/www', fstype: 'nullfs', options: 'ro' },
      { source: 'devfs', target: '/jails/db/dev', fstype: 'devfs', options: 'rw' },
    ]);
  });
});

describe('mount points and nullfs sources as FreeBSD keeps them', () => {
  it('resolved (mount_nullfs.c, mount.c: checkpath, realpath(3))', async () => {
    const { sh } = await freshHost();
    expect((await sh('jail', '-c', 'name=db', 'path=/jails//db/', 'persist', 'mount.devfs', 'mount=/data//db/. /jails/db/var/db/ nullfs rw 0 0')).exitCode).toBe(0);
    expect(parseMountP((await sh('mount', '-p')).stdout).mounts.slice(2).map((m) => `${m.source} ${m.target}`)).toEqual(['/data/db /jails/db/var/db', 'devfs /jails/db/dev']);
  });
});

describe('jail -c mounts', () => {
  it('mount.fdescfs and mount.procfs after devfs (jail.c startcommands); a failed create unmounts them again', async () => {
    const { sh } = await freshHost('?missing=' + encodeURIComponent('/jails/gone'));
    expect((await sh('jail', '-c', 'name=f', 'path=/jails/f', 'persist', 'mount.devfs', 'mount.fdescfs', 'mount.procfs')).exitCode).toBe(0);
    expect((await sh('mount', '-p')).stdout).toBe(HOST_P + 'devfs\t\t\t/jails/f/dev\t\tdevfs\trw\t\t0 0\nfdescfs\t\t\t/jails/f/dev/fd\t\tfdescfs\trw\t\t0 0\nprocfs\t\t\t/jails/f/proc\t\tprocfs\trw\t\t0 0\n');
    const bad = await sh('jail', '-c', 'name=g', 'path=/jails/gone', 'persist', 'mount.devfs', 'mount.procfs');
    expect([bad.exitCode, bad.stderr]).toEqual([1, 'jail: path /jails/gone: No such file or directory\n']);
    expect((await sh('mount', '-p')).stdout).not.toContain('/jails/gone');
  });
});

describe('a path in another spelling (namei(9) resolves "//", "." and a trailing "/" before it looks)', () => {
  it('a missing jail root, mount point or nullfs source is missing in every spelling', async () => {
    const { sh } = await freshHost('?missing=' + encodeURIComponent('/jails/q,/jails/r/mnt,/src'));
    // jail.c create_jail: the kernel's namei of path= fails
    expect(await sh('jail', '-c', 'name=q', 'path=/jails//q/', 'persist')).toMatchObject({ exitCode: 1, stderr: 'jail: path /jails//q/: No such file or directory\n' });
    // command.c check_path lstat()s the component as spelled, and prints it so
    expect(await sh('jail', '-c', 'name=r', 'path=/jails/r', 'persist', 'mount=/data /jails/r/./mnt/x nullfs rw 0 0')).toMatchObject({ exitCode: 1, stderr: 'jail: mount: /jails/r/./mnt: No such file or directory\n' });
    expect((await sh('mount', '-t', 'nullfs', '/data', '/jails/r//mnt/')).exitCode).toBe(1);
    expect(await sh('mount', '-t', 'nullfs', '/src/', '/jails/x')).toMatchObject({ exitCode: 64, stderr: 'mount_nullfs: /src/: No such file or directory\n' });
    expect(await sh('umount', '/jails//q')).toMatchObject({ exitCode: 1, stderr: 'umount: /jails//q: statfs: No such file or directory\n' });
    expect((await sh('mount', '-p')).stdout).toBe(HOST_P);
  });

  it('umount of a mount point in another spelling unmounts the file system on top there (umount.c checkname: statfs)', async () => {
    const { sh } = await freshHost();
    expect((await sh('jail', '-c', 'name=u', 'path=/jails/u', 'persist', 'mount.devfs')).exitCode).toBe(0);
    expect(await sh('umount', '-v', '/jails//u/./dev')).toMatchObject({ exitCode: 0, stdout: 'devfs: unmount from /jails/u/dev\n' });
    expect((await sh('mount', '-p')).stdout).toBe(HOST_P);
  });
});

describe('jail -r of a command-line jail', () => {
  it('leaves the ip4.addr aliases and the mounts; runs no exec.stop', async () => {
    const { sh } = await freshHost();
    await sh('ifconfig', 'lo', 'create', 'name', 'kleene0', 'up');
    await sh('jail', '-c', 'name=a', 'path=/jails/a', 'persist', 'mount.devfs', 'ip4.addr=kleene0|10.2.3.1/32',
      'exec.consolelog=/var/log/a.log', 'exec.stop=/bin/echo stopping', 'command=/bin/echo', 'started'); // command= takes the rest of argv, each word one argv element (jail.c main)
    expect((await sh('jail', '-r', 'a')).exitCode).toBe(0);
    expect((await sh('jls', '-n', '--libxo=json')).stdout).not.toContain('"a"');
    expect((await sh('ifconfig', 'kleene0')).stdout).toContain('inet 10.2.3.1 netmask 0xffffffff');
    expect((await sh('mount', '-p')).stdout).toContain('/jails/a/dev');
    expect((await sh('tail', '-n', '5', '/var/log/a.log')).stdout).toBe('started\n');
    // the same jail cannot come back until the alias is gone (fixture 28: SIOCAIFADDR File exists)
    const again = await sh('jail', '-c', 'name=a', 'path=/jails/a', 'persist', 'ip4.addr=kleene0|10.2.3.1/32');
    expect([again.exitCode, again.stderr]).toEqual([1, 'ifconfig: ioctl (SIOCAIFADDR): File exists\njail: /sbin/ifconfig kleene0 inet 10.2.3.1/32 alias: failed\n']);
  });
});

describe('umount', () => {
  it('unmounts by mount point (trailing slash too) or by mounted-from name, most recent first; -v reports it', async () => {
    const { sh } = await freshHost();
    await sh('mount', '-t', 'nullfs', '-o', 'ro', '/data', '/jails/x/data');
    await sh('mount', '-t', 'devfs', '-oruleset=4', '.', '/jails/x/dev');
    expect(await sh('umount', '/jails/x/data/')).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(await sh('umount', '-v', 'devfs')).toMatchObject({ exitCode: 0, stdout: 'devfs: unmount from /jails/x/dev\n' });
    expect((await sh('mount', '-p')).stdout).toBe(HOST_P);
  });

  it('what is not mounted: "not a file system root directory", or the statfs error for a missing path', async () => {
    const { sh } = await freshHost('?missing=' + encodeURIComponent('/gone'));
    // umount.c checkname: not in the mount list -> statfs(2); an existing directory that is no root -> warnx
    expect(await sh('umount', '/jails/x/dev')).toMatchObject({ exitCode: 1, stderr: 'umount: /jails/x/dev: not a file system root directory\n' });
    expect(await sh('umount', '/gone')).toMatchObject({ exitCode: 1, stderr: 'umount: /gone: statfs: No such file or directory\n' });
    expect(await sh('umount')).toMatchObject({ exitCode: 1, stderr: 'usage: umount [-fnv] special ... | node ... | fsid ...\n       umount -a | -A [-F fstab] [-fnv] [-h host] [-t type]\n' });
  });

  it('busy (EBUSY) while mounts lie below it, or while the jail that mounted it has processes (unless -f)', async () => {
    const { sh } = await freshHost();
    await sh('jail', '-c', 'name=b', 'path=/jails/b', 'persist', 'mount.devfs', 'mount=/data /jails/b/data nullfs rw 0 0');
    await sh('jexec', 'b', '/usr/sbin/daemon', '/usr/local/bin/serve'); // a process in the jail
    await sh('mount', '-t', 'nullfs', '/more', '/jails/b/data/more');
    expect(await sh('umount', '/jails/b/data')).toMatchObject({ exitCode: 1, stderr: 'umount: unmount of /jails/b/data failed: Device busy\n' });
    expect(await sh('umount', '/jails/b/data/more')).toMatchObject({ exitCode: 0 });
    expect(await sh('umount', '/jails/b/dev')).toMatchObject({ exitCode: 1, stderr: 'umount: unmount of /jails/b/dev failed: Device busy\n' });
    expect(await sh('umount', '/dev')).toMatchObject({ exitCode: 1, stderr: 'umount: unmount of /dev failed: Device busy\n' });
    // with no process left in the jail, nothing holds them (the jail itself still exists)
    await sh('sh', '-c', 'pkill -KILL -j b serve');
    expect(await sh('umount', '/jails/b/data', '/jails/b/dev')).toMatchObject({ exitCode: 0, stderr: '' });
    expect((await sh('mount', '-p')).stdout).toBe(HOST_P);
  });

  it('two jails of one root: each devfs instance is held by the processes of the jail that mounted it, umount takes the newest', async () => {
    const { sh } = await freshHost();
    await sh('jail', '-c', 'name=a', 'path=/jails/s', 'persist', 'mount.devfs');
    await sh('jail', '-c', 'name=b', 'path=/jails/s', 'persist', 'mount.devfs');
    await sh('jexec', 'b', '/usr/sbin/daemon', '/usr/local/bin/serve');
    // the top instance is b's: busy while b has a process, whatever a has
    expect(await sh('umount', '/jails/s/dev')).toMatchObject({ exitCode: 1, stderr: 'umount: unmount of /jails/s/dev failed: Device busy\n' });
    await sh('sh', '-c', 'pkill -KILL -j b serve');
    await sh('jexec', 'a', '/usr/sbin/daemon', '/usr/local/bin/serve');
    expect(await sh('umount', '/jails/s/dev')).toMatchObject({ exitCode: 0 });
    // now a's is on top, and a has a process
    expect(await sh('umount', '/jails/s/dev')).toMatchObject({ exitCode: 1, stderr: 'umount: unmount of /jails/s/dev failed: Device busy\n' });
  });
});
