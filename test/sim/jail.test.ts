// jail(8), jls, jexec, route in jails: behaviours and texts from jail.c/command.c, R4 and fixtures 19, 24, 26, 28.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freshHost } from './helpers.js';

const VNET_CREATED = '/sbin/ifconfig epair0b vnet web_db && /usr/sbin/jexec web_db /sbin/ifconfig lo0 inet 127.0.0.1/8 up && /usr/sbin/jexec web_db /sbin/ifconfig epair0b inet 10.4.6.2/24 up && /usr/sbin/jexec web_db /sbin/route add -inet default 10.4.6.1';

describe('jail -c', () => {
  it('creates silently, records params, and jls -n shows them in the fixture 19 shape', async () => {
    const { sh } = await freshHost();
    const r = await sh('jail', '-c', 'name=web_a', 'path=/jails/a', 'host.hostname=a', 'persist', 'meta=klee:v1:web:a:abc', 'allow.raw_sockets', 'securelevel=2', 'ip4.addr=em0|10.0.2.50/32', 'command=/usr/bin/env', 'K=V', '/bin/sh', '/etc/rc');
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([0, '', '']); // fixture 24: stdout empty on success
    const jls = (await sh('jls', '-n', '--libxo=json')).stdout;
    expect(jls.startsWith('{"__version": "2", "jail-information": {"jail": [{"devfs_ruleset":"0","dying":false,')).toBe(true);
    expect(jls).toContain('"jid":"1","meta":"klee:v1:web:a:abc","name":"web_a"');
    expect(jls).toContain('"persist":true,"securelevel":"2"');
    expect(jls).toContain('"allow.raw_sockets":true');
    expect(jls).toContain(', "ip4.addr": ["10.0.2.50"],"ip4.saddrsel":true, "ip6.addr": [],');
    expect(jls.endsWith('}]}}\n')).toBe(true);
    // jail(8) added the alias itself (command.c IP__IP4_IFADDR)
    expect((await sh('ifconfig', 'em0')).stdout).toContain('\tinet 10.0.2.50 netmask 0xffffffff broadcast 10.0.2.50\n');
    // jls -v --libxo=json in the fixture 20 shape
    expect((await sh('jls', '-v', '--libxo=json')).stdout).toBe('{"__version": "2", "jail-information": {"jail": [{"jid":1,"hostname":"a","path":"/jails/a","name":"web_a","state":"ACTIVE","cpusetid":3, "ipv4_addrs": ["10.0.2.50"], "ipv6_addrs": []}]}}\n');
  });

  it('the kernel keeps the path resolved (kern_jail.c: vn_path_to_global_path): jls shows no "//", "." or ".." segment, no trailing "/"', async () => {
    const { sh } = await freshHost();
    expect((await sh('jail', '-c', 'name=a', 'path=/jails//a/./', 'persist')).exitCode).toBe(0);
    expect((await sh('jail', '-c', 'name=b', 'path=/jails/x/../b/', 'persist')).exitCode).toBe(0);
    const jls = JSON.parse((await sh('jls', '-n', '--libxo=json')).stdout)['jail-information'].jail;
    expect(jls.map((j: { name: string; path: string }) => `${j.name} ${j.path}`)).toEqual(['a /jails/a', 'b /jails/b']);
  });

  it('without persist, a jail lives only while a process does: gone once its command= has exited (jail.c clear_persist)', async () => {
    const { sh } = await freshHost();
    const jails = async () => JSON.parse((await sh('jls', '-n', '--libxo=json')).stdout)['jail-information'].jail.map((j: any) => j.name);
    const bare = await sh('jail', '-c', 'name=a', 'path=/jails/a', 'command=/usr/bin/env', '/bin/sh', '/etc/rc');
    expect([bare.exitCode, bare.stderr]).toEqual([0, '']); // jail -c waited for the command, which succeeded
    expect(await jails()).toEqual([]);
    expect((await sh('jail', '-c', 'name=b', 'path=/jails/b')).exitCode).toBe(0); // no process at all
    expect(await jails()).toEqual([]);
    expect((await sh('jail', '-c', 'name=c', 'path=/jails/c', 'persist', 'command=/usr/bin/env', '/bin/sh', '/etc/rc')).exitCode).toBe(0);
    expect((await sh('jail', '-c', 'name=d', 'path=/jails/d', 'nopersist', 'command=/usr/bin/true')).exitCode).toBe(0);
    expect(await jails()).toEqual(['c']);
  });

  it('refuses with the R4 / libjail texts', async () => {
    const { sh } = await freshHost('?version=14.2&missing=/nope');
    await sh('jail', '-c', 'name=x', 'path=/', 'persist');
    expect((await sh('jail', '-c', 'name=x', 'path=/', 'persist')).stderr).toBe('jail: "x" already exists\n');
    expect((await sh('jail', '-c', 'name=123', 'path=/', 'persist')).stderr).toBe('jail: name cannot be numeric (unless it is the jid)\n');
    expect((await sh('jail', '-c', 'name=y', 'path=/', 'persist', 'meta=a')).stderr).toBe('jail: unknown parameter: meta\n');
    expect((await sh('jail', '-c', 'name=y', 'path=/nope', 'persist')).stderr).toBe('jail: path /nope: No such file or directory\n');
    expect((await sh('jail', '-c', 'name=y', 'path=/', 'persist', 'vnet', 'ip4.addr=10.1.1.1')).stderr).toBe('jail: vnet jails cannot have IP address restrictions\n');
    // kern_jail.c: any ip4/ip6 setting, not only addresses, sets PR_IP4_USER/PR_IP6_USER
    for (const p of ['ip4=inherit', 'ip6=disable', 'ip4=new']) expect((await sh('jail', '-c', 'name=y', 'path=/', 'persist', 'vnet', p)).stderr).toBe('jail: vnet jails cannot have IP address restrictions\n');
    expect((await sh('jail', '-r', 'zz')).stderr).toBe('jail: "zz" not found\n');
    expect((await sh('jls', '-j', 'zz')).stderr).toBe('jls: jail "zz" not found\n');
    expect((await sh('jexec', 'zz', 'hostname')).stderr).toBe('jexec: jail "zz" not found\n'); // fixture 22
    expect((await sh('jls', '-n', '--libxo=json')).stdout).not.toContain('"meta"');
  });

  it('a meta value over security.jail.meta_maxbufsize (NUL included) is EFBIG (kern_jailmeta.c), "jail_set: File too large" (libjail)', async () => {
    const { sh } = await freshHost();
    const fits = 'm'.repeat(4095);
    expect((await sh('jail', '-c', 'name=big', 'path=/', 'persist', `meta=${fits}x`)).stderr).toBe('jail: jail_set: File too large\n');
    expect((await sh('jls', '-j', 'big')).stderr).toBe('jls: jail "big" not found\n');
    expect((await sh('jail', '-c', 'name=ok', 'path=/', 'persist', `meta=${fits}`)).stderr).toBe('');
  });

  it('jail -m meta= on a live jail: the same limit (kern_jail_set calls PR_METHOD_SET on an update too); within it the meta changes', async () => {
    const { sh } = await freshHost();
    expect((await sh('jail', '-c', 'name=live', 'path=/', 'persist', 'meta=klee:v1:web:live:0a')).exitCode).toBe(0);
    const big = await sh('jail', '-m', 'name=live', `meta=${'m'.repeat(4096)}`);
    expect([big.exitCode, big.stderr]).toEqual([1, 'jail: jail_set: File too large\n']);
    expect((await sh('jls', '-n', '-j', 'live', '--libxo=json')).stdout).toContain('"meta":"klee:v1:web:live:0a"');
    expect((await sh('jail', '-m', 'name=live', 'meta=klee:v1:web:live:0a file=/srv/kleene.yaml')).exitCode).toBe(0);
    expect((await sh('jls', '-n', '-j', 'live', '--libxo=json')).stdout).toContain('"meta":"klee:v1:web:live:0a file=/srv/kleene.yaml"');
  });

  it('a failing ip4.addr alias aborts creation with ifconfig\'s error and "<command line>: failed" (fixture 28)', async () => {
    const { sh } = await freshHost();
    const r = await sh('jail', '-c', 'name=y', 'path=/', 'persist', 'ip4.addr=em0|10.0.2.15/32');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('ifconfig: ioctl (SIOCAIFADDR): File exists\njail: /sbin/ifconfig em0 inet 10.0.2.15/32 alias: failed\n');
    expect((await sh('jls', '-n', '--libxo=json')).stdout).toBe('{"__version": "2", "jail-information": {"jail": []}}\n');
  });

  it('a failing exec.created removes the jail and the aliases added before it (command.c create_failed)', async () => {
    const { sh } = await freshHost();
    const r = await sh('jail', '-c', 'name=y', 'path=/', 'persist', 'ip4.addr=em0|10.0.2.60/32', 'exec.created=/sbin/ifconfig epair0b vnet y');
    expect(r.stderr).toBe('ifconfig: interface epair0b does not exist\njail: /sbin/ifconfig epair0b vnet y: failed\n'); // fixture 13
    expect((await sh('jls', '-j', 'y')).exitCode).toBe(1);
    expect((await sh('ifconfig', 'em0')).stdout).not.toContain('10.0.2.60');
  });

  it('exec.* strings: /bin/sh -c only for command.c\'s metacharacters; a failure quotes the argv jail(8) ran', async () => {
    const { sh } = await freshHost();
    // "=" is not in default_command's strpbrk set: the string is split at blanks and run directly
    const direct = await sh('jail', '-c', 'name=d', 'path=/', 'persist', 'exec.created=/usr/bin/env K=V echo 2');
    expect([direct.exitCode, direct.stdout]).toEqual([0, '2\n']);
    // "&&" is: the comline of the failure is "/bin/sh -c <string>" (command.c j->comline: argv joined by spaces)
    const viaSh = await sh('jail', '-c', 'name=e', 'path=/', 'persist', 'exec.created=true && /sbin/ifconfig epair9b vnet e');
    expect([viaSh.exitCode, viaSh.stderr]).toEqual([1, 'ifconfig: interface epair9b does not exist\njail: /bin/sh -c true && /sbin/ifconfig epair9b vnet e: failed\n']);
    expect((await sh('jls', '-j', 'e')).exitCode).toBe(1);
  });

  it('two jails may share their only address; a shared address clashes when either has more (kern_jail.c)', async () => {
    const { sh } = await freshHost();
    expect((await sh('jail', '-c', 'name=a', 'path=/', 'persist', 'ip4.addr=10.0.9.1')).exitCode).toBe(0);
    expect((await sh('jail', '-c', 'name=b', 'path=/', 'persist', 'ip4.addr=10.0.9.1')).exitCode).toBe(0);
    const c = await sh('jail', '-c', 'name=c', 'path=/', 'persist', 'ip4.addr=10.0.9.1,10.0.9.2');
    expect([c.exitCode, c.stderr]).toEqual([1, 'jail: IPv4 addresses clash\n']);
    expect((await sh('jail', '-c', 'name=d', 'path=/', 'persist', 'ip6.addr=fd00::1,fd00::2')).exitCode).toBe(0);
    const e = await sh('jail', '-c', 'name=e', 'path=/', 'persist', 'ip6.addr=fd00:0::1');
    expect([e.exitCode, e.stderr]).toEqual([1, 'jail: IPv6 addresses clash\n']);
  });

  it('runs exec.* in the documented order (prestart, created, start, command, poststart)', async () => {
    const { sh } = await freshHost();
    const plain = await sh('jail', '-c', 'name=p', 'path=/', 'persist', 'exec.poststart=echo 5', 'exec.start=echo 3', 'exec.created=echo 2', 'exec.prestart=echo 1', 'command=echo', '4');
    expect(plain.stdout).toBe('1\n2\n3\n4\n5\n');
    // exec.consolelog takes only the in-jail commands' output (command.c run_command: `injail && conslog`).
    const logged = await sh('jail', '-c', 'name=o', 'path=/', 'persist', 'exec.consolelog=/var/log/o.log', 'exec.poststart=echo 5', 'exec.start=echo 3', 'exec.created=echo 2', 'exec.prestart=echo 1', 'command=echo', '4');
    expect(logged.stdout).toBe('1\n2\n5\n');
    expect((await sh('tail', '-n', '10', '/var/log/o.log')).stdout).toBe('3\n4\n');
    // tail.c getopt: options in any order (klee logs -f runs `tail -n N -F FILE`), -n +N counts from the first line
    expect((await sh('tail', '-n', '1', '-F', '/var/log/o.log')).stdout).toBe('4\n');
    expect((await sh('tail', '-n', '+2', '/var/log/o.log')).stdout).toBe('4\n');
    expect((await sh('tail', '-n', 'x', '/var/log/o.log')).stderr).toBe('tail: illegal offset -- x: Invalid argument\n');
  });

  it('exec.prepare runs first; "no" spellings of jail(8)\'s own parameters are those parameters; an unknown exec.* is refused', async () => {
    const { sh } = await freshHost();
    // config.c add_param matches a name to intparams[] with equalopts(): exec.noprestart IS exec.prestart, run on the host.
    const r = await sh('jail', '-c', 'name=p', 'path=/', 'persist', 'exec.created=echo 3', 'exec.noprestart=echo 2', 'exec.prepare=echo 1', 'noexec.poststart=echo 4');
    expect([r.exitCode, r.stdout]).toEqual([0, '1\n2\n3\n4\n']);
    // Not one of intparams[]: passed to the kernel, which has no such parameter (libjail jailparam_init).
    expect((await sh('jail', '-c', 'name=q', 'path=/', 'persist', 'exec.future=echo x')).stderr).toBe('jail: unknown parameter: exec.future\n');
    // bool_param(): a "no" on the last component is false; on the first it is not seen (nomount.devfs stays true).
    await sh('jail', '-c', 'name=d0', 'path=/j/d0', 'persist', 'mount.nodevfs');
    await sh('jail', '-c', 'name=d1', 'path=/j/d1', 'persist', 'nomount.devfs');
    await sh('jail', '-c', 'name=d2', 'path=/j/d2', 'persist', 'mount.nodevfs=false');
    expect((await sh('mount', '-p')).stdout.split('\n').filter((l) => l.startsWith('devfs')).map((l) => l.split(/\s+/)[1]).filter((t) => t.startsWith('/j/'))).toEqual(['/j/d1/dev', '/j/d2/dev']);
  });

  it('vnet: exec.created configures the inside; jexec runs ifconfig and route against the jail stack', async () => {
    const { sh } = await freshHost();
    await sh('ifconfig', 'bridge', 'create', 'name', 'kleene1', 'up');
    await sh('ifconfig', 'kleene1', 'inet', '10.4.6.1/24', 'alias');
    await sh('ifconfig', 'epair0', 'create', 'description', 'klee:web:db:backend', 'up');
    await sh('ifconfig', 'kleene1', 'addm', 'epair0a');
    const r = await sh('jail', '-c', 'name=web_db', 'path=/jails/db', 'persist', 'vnet', `exec.created=${VNET_CREATED}`);
    expect([r.exitCode, r.stdout]).toEqual([0, 'add net default: gateway 10.4.6.1\n']); // fixture 26
    const get = (await sh('jexec', 'web_db', 'route', '-n', 'get', '-inet', 'default')).stdout;
    expect(get).toContain('    gateway: 10.4.6.1\n');
    expect(get).toContain('  interface: epair0b\n');
    const again = await sh('jexec', 'web_db', '/sbin/route', 'add', '-inet', 'default', '10.4.6.1');
    expect([again.exitCode, again.stdout]).toEqual([1, 'add net default: gateway 10.4.6.1 fib 0: route already in table\n']); // R4
    const names = (await sh('jexec', 'web_db', 'ifconfig', '-l')).stdout;
    expect(names).toBe('lo0 pflog0 epair0b\n');
    // jail -r: the kernel returns epair0b with its addresses cleared
    await sh('jail', '-r', 'web_db');
    const b = (await sh('ifconfig', 'epair0b')).stdout;
    expect(b).toMatch(/^epair0b: /);
    expect(b).not.toContain('inet ');
  });

  it('vnet.interface moves the interface in after exec.created', async () => {
    const { sh } = await freshHost();
    await sh('ifconfig', 'epair', 'create');
    expect((await sh('jail', '-c', 'name=c', 'persist', 'vnet', 'vnet.interface=epair0b')).exitCode).toBe(0);
    // fixture 26: inside a fresh vnet jail lo0 is down without addresses
    const out = (await sh('jexec', 'c', 'ifconfig')).stdout;
    expect(out).toContain('lo0: flags=8008<LOOPBACK,MULTICAST> metric 0 mtu 16384\n\toptions=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>\n\tgroups: lo\n\tnd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>\n');
    expect(out).toContain('epair0b: flags=1008842<BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500\n');
  });

  it('jail -r of a command-line jail leaves ip4.addr aliases (jail.c start_state: bare entry, no jail.conf)', async () => {
    const { sh } = await freshHost();
    await sh('jail', '-c', 'name=a', 'path=/', 'persist', 'ip4.addr=em0|10.0.2.70/32');
    expect((await sh('jail', '-r', 'a')).exitCode).toBe(0);
    expect((await sh('ifconfig', 'em0')).stdout).toContain('10.0.2.70');
  });

  it('jail -r prints "NAME: removed" only when /etc/jail.conf exists, several jails are named, or -v is given; -q silences it (jail.c note_remove)', async () => {
    const { sh, path } = await freshHost();
    const make = async (...names: string[]) => { for (const n of names) await sh('jail', '-c', `name=${n}`, 'path=/', 'persist'); };
    await make('a', 'b', 'c', 'd', 'e');
    expect(await sh('jail', '-r', 'a')).toMatchObject({ exitCode: 0, stdout: '', stderr: '' }); // no jail.conf, one name
    expect((await sh('jail', '-r', 'b', 'c')).stdout).toBe('b: removed\nc: removed\n'); // argc > 1
    expect((await sh('jail', '-vr', 'd')).stdout).toBe('d: removed\n');
    const st = JSON.parse(readFileSync(path, 'utf8'));
    st.files['/etc/jail.conf'] = ['# the host has a jail.conf'];
    writeFileSync(path, JSON.stringify(st));
    await make('f');
    expect((await sh('jail', '-r', 'e')).stdout).toBe('e: removed\n'); // docf: stat(/etc/jail.conf) succeeded
    expect(await sh('jail', '-q', '-r', 'f')).toMatchObject({ exitCode: 0, stdout: '' });
    expect((await sh('jail', '-r', 'zz')).stdout).toBe(''); // not found: nothing removed, nothing noted
  });

  it('a jail something still holds is dying after jail -r: only jls -d lists it, jexec and jail -r no longer find it, its name is free', async () => {
    const { sh } = await freshHost('?dying=held');
    await sh('jail', '-c', 'name=held', 'path=/j/h', 'persist');
    expect((await sh('jail', '-r', 'held')).exitCode).toBe(0);
    const names = async (...flags: string[]) => JSON.parse((await sh('jls', ...flags, '-n', '--libxo=json')).stdout)['jail-information'].jail.map((j: any) => [j.name, j.dying]);
    expect(await names()).toEqual([]);
    expect(await names('-d')).toEqual([['held', true]]);
    expect((await sh('jls', '-dv', '--libxo=json')).stdout).toContain('"state":"DYING"');
    expect((await sh('jexec', 'held', 'hostname')).stderr).toBe('jexec: jail "held" not found\n');
    expect((await sh('jail', '-r', 'held')).stderr).toBe('jail: "held" not found\n');
    expect((await sh('jls', '-j', 'held')).stderr).toBe('jls: jail "held" not found\n');
    expect((await sh('jail', '-c', 'name=held', 'path=/j/h', 'persist')).exitCode).toBe(0); // kern_jail.c: only a live jail's name is taken
    expect(await names('-d')).toEqual([['held', true], ['held', false]]);
    expect(JSON.parse((await sh('jls', '-d', '-j', 'held', '-n', '--libxo=json')).stdout)['jail-information'].jail[0].dying).toBe(false); // the live one first
  });

  it('jail -m changes parameters; create-only ones are refused', async () => {
    const { sh } = await freshHost();
    await sh('jail', '-c', 'name=m', 'path=/', 'persist');
    expect((await sh('jail', '-m', 'name=m', 'meta=x')).exitCode).toBe(0);
    expect((await sh('jls', '-n', '--libxo=json')).stdout).toContain('"meta":"x"');
    expect((await sh('jail', '-m', 'name=m', 'vnet')).stderr).toBe('jail: vnet cannot be changed after creation\n');
  });

  it('a non-vnet jail sees the host interfaces with only its own addresses and no nd6 (seed 003)', async () => {
    const { sh } = await freshHost();
    await sh('ifconfig', 'lo', 'create', 'name', 'kleene0', 'up');
    await sh('jail', '-c', 'name=w', 'path=/', 'persist', 'ip4.addr=kleene0|10.2.3.1/32');
    const out = (await sh('jexec', 'w', 'ifconfig')).stdout;
    expect(out).toContain('kleene0: flags=1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP> metric 0 mtu 16384\n\toptions=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>\n\tinet 10.2.3.1 netmask 0xffffffff\n\tgroups: lo\n');
    expect(out).not.toContain('10.0.2.15');
    expect(out).not.toContain('nd6');
  });
});

describe("jail(8)'s own booleans and integers (usr.sbin/jail/config.c check_intparams)", () => {
  it('refuses a boolean other than true/false/an integer and a non-integer, by the name written, before anything runs', async () => {
    const { sh, path } = await freshHost();
    const r = await sh('jail', '-c', 'name=a', 'path=/j/a', 'persist', 'ip4.addr=lo0|10.9.9.7/32', 'mount.devfs=yes', 'stop.timeout=10s', 'exec.notimeout=', 'exec.prepare=/usr/bin/touch /tmp/ran');
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([1, '', 'jail: mount.devfs: unknown boolean value "yes"\njail: stop.timeout: non-integer value "10s"\njail: exec.notimeout: non-integer value ""\n']);
    expect((await sh('ifconfig', 'lo0')).stdout).not.toContain('10.9.9.7');
    expect(JSON.parse(readFileSync(path, 'utf8')).files['/tmp/ran']).toBeUndefined();
    // the last value counts; TRUE, an integer (strtol: blanks and a sign first) and an empty boolean pass
    const ok = await sh('jail', '-c', 'name=b', 'path=/j/b', 'persist', 'mount.devfs=maybe', 'mount.devfs=TRUE', 'mount.procfs=', 'exec.clean= -1', 'stop.timeout=+30', 'exec.fib=0');
    expect([ok.exitCode, ok.stderr]).toEqual([0, '']);
    expect((await sh('mount', '-p')).stdout).toContain('/j/b/dev');
    // jail -m is checked the same way
    expect((await sh('jail', '-m', 'name=b', 'stop.timeout=soon')).stderr).toBe('jail: stop.timeout: non-integer value "soon"\n');
    expect((await sh('jail', '-m', 'name=b', 'mount.nodevfs=2x')).stderr).toBe('jail: mount.nodevfs: unknown boolean value "2x"\n');
  });
});

describe("the kernel's typed parameters (lib/libjail/jail.c jailparam_import)", () => {
  it('refuses a non-integer, an unknown boolean and an unknown jailsys value, each named as written, and makes nothing', async () => {
    const { sh } = await freshHost();
    const r = await sh('jail', '-c', 'name=a', 'path=/j/a', 'persist', 'securelevel=abc', 'allow.noraw_sockets=maybe', 'sysvshm=sometimes', 'ip4.addr=lo0|10.9.9.8/32');
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([1, '', 'jail: securelevel: non-integer value "abc"\njail: allow.noraw_sockets: unknown boolean value "maybe"\njail: sysvshm: unknown jailsys value "sometimes"\n']);
    expect((await sh('jls', '-n', '-j', 'a')).exitCode).toBe(1);
    expect((await sh('ifconfig', 'lo0')).stdout).not.toContain('10.9.9.8');
    // the last value counts; an empty integer, any-case words and a signed number pass
    const ok = await sh('jail', '-c', 'name=b', 'path=/j/b', 'persist', 'securelevel=x', 'securelevel=2', 'enforce_statfs=', 'allow.mount=TRUE', 'sysvsem=Inherit', 'sysvmsg=', 'devfs_ruleset=-1');
    expect([ok.exitCode, ok.stderr]).toEqual([0, '']);
    expect((await sh('jail', '-m', 'name=b', 'children.max=many')).stderr).toBe('jail: children.max: non-integer value "many"\n');
  });
});

describe('jail -ci (usr.sbin/jail/command.c run_command IP__OP)', () => {
  it('prints the jid right after the kernel made the jail: after exec.prepare and exec.prestart, before exec.created', async () => {
    const { sh } = await freshHost();
    const r = await sh('jail', '-ci', 'name=a', 'path=/j/a', 'persist', 'exec.prepare=echo prepare', 'exec.prestart=echo prestart', 'exec.created=echo created', 'exec.poststart=echo poststart');
    expect([r.exitCode, r.stdout]).toEqual([0, 'prepare\nprestart\n1\ncreated\npoststart\n']);
    // a step after the creation fails: the jail is removed again, the jid stays printed
    const f = await sh('jail', '-ci', 'name=b', 'path=/j/b', 'persist', 'exec.created=/usr/bin/false');
    expect([f.exitCode, f.stdout, f.stderr]).toEqual([1, '2\n', 'jail: /usr/bin/false: failed\n']);
    expect((await sh('jls', '-j', 'b')).exitCode).toBe(1);
    // a failure before it prints none
    const k = await sh('jail', '-ci', 'name=c', 'path=/j/c', 'persist', 'exec.prestart=/usr/bin/false');
    expect([k.exitCode, k.stdout]).toEqual([1, '']);
  });
});

describe('jail -c mount= lines (usr.sbin/jail/command.c run_command IP_MOUNT)', () => {
  it('three fields mount without -o; four with it; more are ignored; a blank line is skipped', async () => {
    const { sh } = await freshHost();
    const r = await sh('jail', '-c', 'name=a', 'path=/j/a', 'persist', 'mount=/srv /j/a/srv nullfs', 'mount=  ', 'mount=/data\t/j/a/data nullfs ro 0 0');
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect((await sh('mount', '-p')).stdout).toContain('/srv\t\t\t/j/a/srv\t\tnullfs\trw\t\t0 0\n/data\t\t\t/j/a/data\t\tnullfs\tro\t\t0 0\n');
  });

  it('one or two fields: "mount: LINE: missing information", and what jail(8) did before is undone', async () => {
    const { sh, path } = await freshHost();
    const r = await sh('jail', '-c', 'name=a', 'path=/j/a', 'persist', 'exec.prepare=/usr/bin/true', 'ip4.addr=lo0|10.9.9.8/32', 'mount=/srv /j/a/srv nullfs ro', 'mount=/x /j/a/x');
    expect([r.exitCode, r.stderr]).toEqual([1, 'jail: mount: /x /j/a/x: missing information\n']);
    expect((await sh('ifconfig', 'lo0')).stdout).not.toContain('10.9.9.8'); // the alias was taken down again
    expect((await sh('mount', '-p')).stdout).not.toContain('/j/a'); // and the first line unmounted
    expect((await sh('jls', '-j', 'a')).exitCode).toBe(1);
    expect(JSON.parse(readFileSync(path, 'utf8')).mounts).toEqual([]);
  });
});

describe('jail -c check_path (usr.sbin/jail/command.c)', () => {
  it('a missing mount point component below the root fails before mount runs, and earlier steps are undone', async () => {
    const { sh } = await freshHost('?missing=/j/a/usr/local');
    const r = await sh('jail', '-c', 'name=a', 'path=/j/a', 'persist', 'ip4.addr=lo0|10.9.9.9/32', 'mount=/srv /j/a/usr/local/www nullfs ro 0 0');
    expect([r.exitCode, r.stderr]).toEqual([1, 'jail: mount: /j/a/usr/local: No such file or directory\n']);
    expect((await sh('mount', '-p')).stdout).not.toContain('/j/a');
    expect((await sh('ifconfig', 'lo0')).stdout).not.toContain('10.9.9.9');
    const dev = await freshHost('?missing=/j/b/dev');
    expect((await dev.sh('jail', '-c', 'name=b', 'path=/j/b', 'persist', 'mount.devfs')).stderr).toBe('jail: mount.devfs: /j/b/dev: No such file or directory\n');
  });

  it('mount.fdescfs and mount.procfs check their mount points too (14.x IP_MOUNT_FDESCFS, IP_MOUNT_PROCFS); devfs is unmounted again', async () => {
    const { sh } = await freshHost('?missing=/j/c/proc');
    const r = await sh('jail', '-c', 'name=c', 'path=/j/c', 'persist', 'mount.devfs', 'mount.fdescfs', 'mount.procfs');
    expect([r.exitCode, r.stderr]).toEqual([1, 'jail: mount.procfs: /j/c/proc: No such file or directory\n']);
    expect((await sh('mount', '-p')).stdout).not.toContain('/j/c');
    const fd = await freshHost('?missing=/j/d/dev/fd');
    expect((await fd.sh('jail', '-c', 'name=d', 'path=/j/d', 'persist', 'mount.devfs', 'mount.fdescfs')).stderr).toBe('jail: mount.fdescfs: /j/d/dev/fd: No such file or directory\n');
  });
});
