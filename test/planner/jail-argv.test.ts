// The exact `jail -c` argv of a container (docs/commands.md "container"), its parameter names, the vnet exec.created
// string, and what its configuration hash follows.
import { describe, expect, it } from 'vitest';
import { parseJailMeta } from '../../src/host/labels.js';
import { configHash, containerMeta, effectiveConfig, jailCreateArgv, jailCreation, paramName, vnetCreated } from '../../src/planner/kinds/jail-argv.js';
import type { Attachment } from '../../src/planner/desired.js';
import { ctr } from './builders.js';

// The meta ends with the record of the jail's own mounts (labels.ts jailMeta).
const META = (c: string, record: string) => `meta=klee:v3:p:${c}:h:${record}`;
const LOG = (c: string) => `exec.consolelog=/var/log/klee.p_${c}.log`;
const ENV_WRITER = (c: string) => `exec.start=umask 077 && mkdir -p /var/run/klee/p_${c} /var/log/klee && cat > /var/run/klee/p_${c}/env`;
const START = '[ ! -f "$0"/env ] || . "$0"/env; rm -f "$0"/stopped; exec "$@"';

describe('paramName', () => {
  it.each([
    ['securelevel=2', 'securelevel'], ['allow.raw_sockets', 'allow.raw_sockets'], ['allow.noraw_sockets', 'allow.raw_sockets'],
    ['nopersist', 'persist'], ['noexec.clean', 'exec.clean'], ['nomount.devfs', 'mount.devfs'], ['mount.devfs', 'mount.devfs'],
    ['exec.stop=/bin/sh /etc/rc.shutdown', 'exec.stop'], ['host.hostname=x=y', 'host.hostname'], ['nodename', 'dename'], ['notice.x', 'notice.x'],
    ['=x', ''], ['abmount.devfs', 'abmount.devfs'],
  ])('%s -> %s', (raw, want) => {
    expect(paramName(raw)).toBe(want);
  });
});

describe('containerMeta: the hash, the record of the jail\'s own mounts, and the field digests when they fit the kernel\'s meta_maxbufsize', () => {
  const c = ctr('p', 'a', { env: { WORKERS: '4' } });
  const dev = [{ fstype: 'devfs', target: '/r/dev' }];
  it('a kernel without meta (0), or a buffer too small for the digests: the hash and the record (v3)', () => {
    expect(containerMeta('p', c, '/r', [], 'h', 0, dev)).toBe('klee:v3:p:a:h:devfs/r/dev');
    expect(containerMeta('p', c, '/r', [], 'h', 40, dev)).toBe('klee:v3:p:a:h:devfs/r/dev');
    expect(containerMeta('p', c, '/r', [], 'h', 40, [])).toBe('klee:v3:p:a:h:');
  });
  it('FreeBSD\'s default 4096: a digest per field after the record, within the limit with its NUL', () => {
    const m = containerMeta('p', c, '/r', [], 'h', 4096, dev);
    expect(m).toMatch(/^klee:v3:p:a:h:devfs\/r\/dev:path=[0-9a-f]{2},driver=[0-9a-f]{2},command=[0-9a-f]{2},restart=[0-9a-f]{2},user=[0-9a-f]{2},hostname=[0-9a-f]{2},jail_params=[0-9a-f]{2},env\.WORKERS=[0-9a-f]{2}$/);
    expect(containerMeta('p', c, '/r', [], 'h', m.length + 1, dev)).toBe(m);
    expect(containerMeta('p', c, '/r', [], 'h', m.length, dev)).not.toBe(m);
  });
});

describe('containerMeta with the file applied from: the source before the digests, each only when it fits', () => {
  const c = ctr('p', 'a', { env: { WORKERS: '4' } });
  const src = 'github.com/acme/infra#deploy/kleene.yaml';
  it('4096: the digests and the source; short of them the digests go first, then the source; the hash always stays', () => {
    const dev = [{ fstype: 'devfs', target: '/r/dev' }];
    const digests = containerMeta('p', c, '/r', [], 'h', 4096, dev);
    const full = containerMeta('p', c, '/r', [], 'h', 4096, dev, src);
    expect(full).toBe(`${digests} file=${src}`);
    expect(containerMeta('p', c, '/r', [], 'h', full.length + 1, dev, src)).toBe(full);
    const folded = containerMeta('p', c, '/r', [], 'h', full.length, dev, src); // one byte short: env folds first, the source stays
    expect([folded.includes(',env='), folded.endsWith(` file=${src}`), folded.length < full.length]).toEqual([true, true, true]);
    const bare = `klee:v3:p:a:h:devfs/r/dev file=${src}`;
    expect(containerMeta('p', c, '/r', [], 'h', bare.length + 1, dev, src)).toBe(bare);
    expect(containerMeta('p', c, '/r', [], 'h', bare.length, dev, src)).toBe('klee:v3:p:a:h:devfs/r/dev');
    expect(parseJailMeta(containerMeta('p', c, '/r', [], 'ab', 4096, [], src))).toEqual({ ...parseJailMeta(containerMeta('p', c, '/r', [], 'ab', 4096, []))!, source: src });
  });
});

describe('containerMeta and parseJailMeta agree', () => {
  it('every field klee writes (image, env, mounts, networks, per item and folded) is one the meta parser reads back', () => {
    const att = [{ network: 'front-1', interface: 'kleene0', ip: '10.2.3.4', len: 24 }] as any;
    const c = ctr('p', 'a', { image: 'base', env: { WORKERS: '4', _X1: 'y' }, mounts: [{ source: '/d', target: '/d', mode: 'ro' }] });
    const written = (m: string) => m.split(':').at(-1)!.split(',').map((f) => f.split('=')[0]);
    const full = containerMeta('p', c, '/r', att, 'ab', 4096, [{ fstype: 'nullfs', target: '/r/d' }]);
    expect(Object.keys(parseJailMeta(full)!.fields!)).toEqual(written(full));
    expect(written(full)).toEqual(['path', 'image', 'driver', 'command', 'restart', 'user', 'hostname', 'jail_params', 'env.WORKERS', 'env._X1', 'mounts[0]', 'networks.front-1']);
    const folded = containerMeta('p', c, '/r', att, 'ab', full.length, [{ fstype: 'nullfs', target: '/r/d' }]); // one byte short: env folds first
    expect(written(folded)).toContain('env');
    expect(Object.keys(parseJailMeta(folded)!.fields!)).toEqual(written(folded));
  });
});

describe('jailCreateArgv', () => {
  it('host driver: hostname, persist, meta, console log, Kleene\'s defaults, inherit, the env file writer, the program under daemon(8) last', () => {
    const c = ctr('p', 'a', { driver: 'host', hostname: 'www', user: 'www', env: { M: '2', Z: '1', A: 'x y' }, command: ['/bin/sh', '-c', 'echo $A'] });
    expect(jailCreateArgv('p', c, '/jails/a', [], 'klee:v3:p:a:h:devfs/jails/a/dev')).toEqual([
      'jail', '-c', 'name=p_a', 'path=/jails/a', 'host.hostname=www', 'persist', META('a', 'devfs/jails/a/dev'), LOG('a'),
      'exec.clean', 'mount.devfs', 'ip4=inherit', 'ip6=inherit', ENV_WRITER('a'),
      // no env value on the argv (it reaches the env file through jail(8)'s stdin); the user through daemon -u
      'command=/bin/sh', '-c', START, '/var/run/klee/p_a',
      '/usr/sbin/daemon', '-f', '-P', '/var/run/klee/p_a/daemon.pid', '-p', '/var/run/klee/p_a/child.pid', '-o', '/var/log/klee/p_a.log', '-t', 'p_a', '-u', 'www',
      '/bin/sh', '-c', 'trap : TERM; "$@"; echo "klee: exited with status $?"', 'klee', '/bin/sh', '-c', 'echo $A',
    ]);
  });
  it('the user\'s jail_params replace the defaults they name (negated too) and come after the driver\'s; the thin VM unsupervised', () => {
    const c = ctr('p', 'a', { driver: 'disabled', jailParams: ['nomount.devfs', 'exec.timeout=30', 'noexec.clean', 'securelevel=2'] });
    expect(jailCreateArgv('p', c, '/jails/a', [], 'klee:v3:p:a:h:')).toEqual([
      'jail', '-c', 'name=p_a', 'path=/jails/a', 'host.hostname=a', 'persist', META('a', ''), LOG('a'), 'ip4=disable', 'ip6=disable',
      'nomount.devfs', 'exec.timeout=30', 'noexec.clean', 'securelevel=2', ENV_WRITER('a'),
      'command=/bin/sh', '-c', START, '/var/run/klee/p_a', '/bin/sh', '/etc/rc',
    ]);
  });
  it('ipnet: every IPv4 address, then every IPv6 address, as IF|ADDR/32 and /128; nullfs mounts below the root', () => {
    const att: Attachment[] = [{ network: 'lo', interface: 'kleene0', ip: '10.2.3.1', len: 24, ip6: 'fd00::1', len6: 64 }, { network: 'lan', interface: 'em0', ip: '192.168.1.9', len: 24 }, { network: 'v6', interface: 'kleene5', ip6: 'fd00:5::1', len6: 64 }];
    const c = ctr('p', 'a', { networks: [{ network: 'lo' }, { network: 'lan' }], mounts: [{ source: '/data', target: '/var/db', mode: 'rw' }, { source: '/srv', target: '/www', mode: 'ro' }] });
    const argv = jailCreateArgv('p', c, '/jails/a', att, 'klee:v1:p:a:h');
    expect(argv.slice(10)).toEqual([
      'ip4.addr=kleene0|10.2.3.1/32', 'ip4.addr=em0|192.168.1.9/32', 'ip6.addr=kleene0|fd00::1/128', 'ip6.addr=kleene5|fd00:5::1/128',
      'mount=/data /jails/a/var/db nullfs rw 0 0', 'mount=/srv /jails/a/www nullfs ro 0 0', ENV_WRITER('a'), 'command=/bin/sh', '-c', START, '/var/run/klee/p_a', '/bin/sh', '/etc/rc',
    ]);
  });
  it('vnet: vnet and exec.created moving each b side in, lo0 up, addresses, one default route per family', () => {
    const att: Attachment[] = [
      { network: 'a', interface: 'kleene0', ip: '10.4.6.3', len: 24, route4: '10.4.6.1', epair: 'epair2' },
      { network: 'b', interface: 'kleene1', ip6: 'fd00:8::3', len6: 64, route6: 'fd00:8::1', epair: 'epair5' },
      { network: 'c', interface: 'kleene2', ip: '10.9.0.3', len: 24, route4: '10.9.0.1', epair: 'epair7' },
      { network: 'd', interface: 'kleene3', epair: 'epair8' },
    ];
    expect(vnetCreated('p_v', att)).toBe([
      '/sbin/ifconfig epair2b vnet p_v', '/sbin/ifconfig epair5b vnet p_v', '/sbin/ifconfig epair7b vnet p_v', '/sbin/ifconfig epair8b vnet p_v',
      '/usr/sbin/jexec p_v /sbin/ifconfig lo0 inet 127.0.0.1/8 up',
      '/usr/sbin/jexec p_v /sbin/ifconfig epair2b inet 10.4.6.3/24 up',
      '/usr/sbin/jexec p_v /sbin/ifconfig epair5b inet6 fd00:8::3/64 alias',
      '/usr/sbin/jexec p_v /sbin/ifconfig epair7b inet 10.9.0.3/24 up',
      '/usr/sbin/jexec p_v /sbin/ifconfig epair8b up',
      '/usr/sbin/jexec p_v /sbin/route add -inet default 10.4.6.1',
      '/usr/sbin/jexec p_v /sbin/route add -inet6 default fd00:8::1',
    ].join(' && '));
    const c = ctr('p', 'v', { driver: 'vnet', networks: [{ network: 'a' }] });
    expect(jailCreateArgv('p', c, '/jails/v', att.slice(0, 1), 'klee:v1:p:v:h').slice(10, 12)).toEqual(['vnet', `exec.created=${vnetCreated('p_v', att.slice(0, 1))}`]);
    expect(vnetCreated('p_v', [{ network: 'a', interface: 'kleene0', ip: '10.4.6.3', len: 24, epair: 'epair0' }])).not.toContain('route'); // no gateway, no route
    // a gateway of a family the container has no address in gives no route of that family: the next network's counts
    const routes = vnetCreated('p_v', [
      { network: 'x', interface: 'kleene0', ip6: 'fd00:1::3', len6: 64, route4: '10.0.0.1', epair: 'epair0' },
      { network: 'y', interface: 'kleene1', ip: '10.1.0.3', len: 24, route4: '10.1.0.1', route6: 'fd00:9::1', epair: 'epair1' },
      { network: 'z', interface: 'kleene2', ip6: 'fd00:2::3', len6: 64, route6: 'fd00:2::1', epair: 'epair2' },
    ]).split(' && ').filter((p) => p.includes('route'));
    expect(routes).toEqual(['/usr/sbin/jexec p_v /sbin/route add -inet default 10.1.0.1', '/usr/sbin/jexec p_v /sbin/route add -inet6 default fd00:2::1']);
  });
});

describe('jailCreation: the argv and the value recording it, with the mounts that argv makes', () => {
  const c = ctr('p', 'a', { mounts: [{ source: '/data', target: '/var/db', mode: 'rw' }] });
  const record = 'nullfs/jails/a/var/db,devfs/jails/a/dev';
  it('a kernel with meta: meta= right after persist holds the value, the record of its mounts and the digests', () => {
    const { argv, value } = jailCreation('p', c, '/jails/a', [], 'ab', 4096);
    expect(value).toBe(containerMeta('p', c, '/jails/a', [], 'ab', 4096, [{ fstype: 'nullfs', target: '/jails/a/var/db' }, { fstype: 'devfs', target: '/jails/a/dev' }]));
    expect(value.startsWith(`klee:v3:p:a:ab:${record}:path=`)).toBe(true);
    expect(argv[argv.indexOf('persist') + 1]).toBe(`meta=${value}`);
    expect(argv.filter((a) => a.startsWith('meta='))).toHaveLength(1);
  });
  it('a kernel without meta (before 14.3, metaMax 0): no meta= at all, the same record for the record file, digests unbounded by the kernel', () => {
    const { argv, value } = jailCreation('p', c, '/jails/a', [], 'ab', 0);
    expect(argv.some((a) => a.startsWith('meta'))).toBe(false);
    expect(argv).toEqual(jailCreateArgv('p', c, '/jails/a', [], undefined));
    expect(value).toBe(jailCreation('p', c, '/jails/a', [], 'ab', 4096).value);
    expect(parseJailMeta(value)?.mounts).toEqual([{ fstype: 'nullfs', target: '/jails/a/var/db' }, { fstype: 'devfs', target: '/jails/a/dev' }]);
  });
});

describe('configHash', () => {
  const base = ctr('p', 'a', { networks: [{ network: 'lo' }] });
  const att: Attachment[] = [{ network: 'lo', interface: 'kleene0', ip: '10.2.3.1', len: 24 }];
  const h = configHash(base, '/jails/a', att);
  it.each([
    ['root', () => configHash(base, '/jails/b', att)],
    ['address', () => configHash(base, '/jails/a', [{ ...att[0], ip: '10.2.3.2' }])],
    ['interface', () => configHash(base, '/jails/a', [{ ...att[0], interface: 'kleene1' }])],
    ['command', () => configHash({ ...base, command: ['/bin/true'] }, '/jails/a', att)],
    ['env', () => configHash({ ...base, env: { A: '1' } }, '/jails/a', att)],
    ['user', () => configHash({ ...base, user: 'www' }, '/jails/a', att)],
    ['hostname', () => configHash({ ...base, hostname: 'x' }, '/jails/a', att)],
    ['jail_params', () => configHash({ ...base, jailParams: ['securelevel=2'] }, '/jails/a', att)],
    ['mounts', () => configHash({ ...base, mounts: [{ source: '/d', target: '/d', mode: 'ro' }] }, '/jails/a', att)],
    ['driver', () => configHash({ ...base, driver: 'vnet' }, '/jails/a', att)],
    ['image', () => configHash({ ...base, image: 'zroot/img@1' }, '/jails/a', att)],
  ])('changes with the %s', (_what, other) => {
    expect(other()).not.toBe(h);
  });
  it('a vnet route counts only for vnet; the hash is 16 hex', () => {
    expect(configHash(base, '/jails/a', [{ ...att[0], route4: '10.2.3.254' }])).toBe(h);
    const v = { ...base, driver: 'vnet' as const };
    expect(configHash(v, '/jails/a', [{ ...att[0], route4: '10.2.3.254' }])).not.toBe(configHash(v, '/jails/a', att));
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(effectiveConfig(base, '/r', att).networks).toEqual([{ network: 'lo', interface: 'kleene0', ip: '10.2.3.1/24', ip6: undefined, route4: undefined, route6: undefined }]);
  });
});
