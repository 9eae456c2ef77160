// Hostile input: regression tests for loader bugs the corpus found (each names its failing input).
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load.js';

const load = (text: string) => loadSpec({ text, file: 'kleene.yaml', env: {}, dirName: 'proj' });
const errors = (text: string) => load(text).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`);

describe('hostile input: loader regressions', () => {
  it('keys YAML tells apart but JavaScript merges (1 and "1", true and "true") are duplicate keys, not one silent container', () => {
    expect(errors('containers:\n  1: { path: /jails/a }\n  "1": { path: /jails/b }\n')).toEqual(['3:3 duplicate key: each key may appear only once in a map']);
    expect(errors('containers:\n  true: { path: /jails/a }\n  "true": { path: /jails/b }\n')).toEqual(['3:3 duplicate key: each key may appear only once in a map']);
    expect(errors('containers:\n  app: { path: /jails/a, env: { K: a, "K": b } }\n')).toEqual(['2:39 duplicate key: each key may appear only once in a map']);
  });

  it('a map with 20 000 keys (just under 1 MiB) loads in linear time (yaml uniqueKeys compared every pair: minutes)', () => {
    const many = Array.from({ length: 20000 }, (_, i) => `  c${i}: { path: /jails/c${i} }`).join('\n');
    const text = `name: demo\ncontainers:\n${many}\n  bad: { path: relative }\n`;
    expect(text.length).toBeLessThan(1 << 20);
    // A bound, not a speed figure (those come from npm run bench): the quadratic check took minutes, linear loading
    // takes well under a second on a quiet machine; 30 s leaves room for a heavily loaded one.
    const t = performance.now();
    const r = load(text);
    expect(performance.now() - t).toBeLessThan(30_000);
    expect(r.diagnostics.map((d) => `${d.line} ${d.message}`)).toEqual(['20003 path "relative" must be absolute (start with /)']);
  });

  it('a file over 1 MiB (120 000 containers took minutes) is refused at once, naming its size', () => {
    const many = Array.from({ length: 120000 }, (_, i) => `  c${i}: { path: /jails/c${i} }`).join('\n');
    const t = performance.now();
    const r = load(`name: demo\ncontainers:\n${many}\n`);
    expect(performance.now() - t).toBeLessThan(5_000); // minutes before; a bound with room for a loaded machine
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual(['1:1 the file is 3.9 MiB: klee reads files up to 1 MiB']);
  });
});

describe('hostile input: jail parameters jail(8) reads as another name', () => {
  // usr.sbin/jail/config.c add_param(): equalopts() ignores one "no" at the start of the name or of a component.
  it('exec.noprestart / noexec.created / exec.nopoststop need allow_host_exec like exec.prestart (they ran on the host as root)', () => {
    for (const p of ['exec.noprestart=/bin/sh -c reboot', 'noexec.created=reboot', 'exec.nopoststop=reboot', 'exec.noprestop=x', 'noexec.poststart=x']) {
      const r = load(`containers:\n  app:\n    path: /jails/app\n    jail_params: [${JSON.stringify(p)}]\n`);
      expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.message}`), p).toEqual([`4:19 error jail parameter ${p.split('=')[0]} runs a command on the host as root`]);
      expect(r.diagnostics[0].hint).toMatch(/^jail\(8\) reads \S+ as exec\.(pre|post)(start|stop)|^jail\(8\) reads \S+ as exec\.created/);
    }
    const ok = load('containers:\n  app:\n    path: /jails/app\n    allow_host_exec: true\n    jail_params: ["exec.noprestart=/bin/true"]\n');
    expect(ok.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  // usr.sbin/jail/config.c intparams[]: the exec.* hooks command.c runs outside the jail (all but exec.start, exec.stop).
  const HOOKS = ['prepare', 'prestart', 'created', 'poststart', 'prestop', 'poststop', 'release'];
  const spellings = (h: string) => [`exec.${h}`, `noexec.${h}`, `exec.no${h}`];
  it('every host-run exec.* hook, in every spelling jail(8) reads as it, needs allow_host_exec (exec.prepare and exec.release ran unasked)', () => {
    let tried = 0;
    for (const h of HOOKS) {
      for (const name of spellings(h)) {
        for (const p of [`${name}=/bin/sh -c reboot`, name]) {
          tried++;
          const r = load(`containers:\n  app:\n    path: /jails/app\n    jail_params: [${JSON.stringify(p)}]\n`);
          expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.message}`), p).toEqual([`4:19 error jail parameter ${name} runs a command on the host as root`]);
          const trusted = load(`containers:\n  app:\n    path: /jails/app\n    allow_host_exec: true\n    jail_params: [${JSON.stringify(p)}]\n`);
          expect(trusted.diagnostics.filter((d) => d.severity === 'error'), p).toEqual([]);
        }
      }
    }
    expect(tried).toBe(42);
  });

  it('exec.* is an allow-list: a hook klee does not know (a later jail(8)\'s) is taken to run on the host; in-jail and settings pass', () => {
    const r = load('containers:\n  app:\n    path: /jails/app\n    jail_params: ["exec.future=/bin/sh -c reboot"]\n');
    expect(r.diagnostics.map((d) => `${d.severity} ${d.message}`)).toEqual(['error jail parameter exec.future is not an exec.* parameter klee knows to stay inside the jail: jail(8) runs its exec.* hooks on the host as root']);
    const trusted = load('containers:\n  app:\n    path: /jails/app\n    allow_host_exec: true\n    jail_params: ["exec.future=x"]\n');
    expect(trusted.diagnostics.map((d) => `${d.severity} ${d.message}`)).toEqual(['warning jail parameter exec.future is not one jail(8) documents']);
    const inside = ['exec.stop=/bin/sh /etc/rc.shutdown', 'exec.clean', 'exec.noclean', 'exec.system_jail_user', 'exec.system_user=root', 'exec.timeout=30', 'exec.fib=1'];
    const ok = load(`containers:\n  app:\n    path: /jails/app\n    jail_params: ${JSON.stringify(inside)}\n`);
    expect(ok.diagnostics).toEqual([]);
    // exec.start and exec.jail_user stay inside the jail too, but klee sets them (the environment file; daemon -u): refused as klee's
    for (const [p, from] of [['exec.start=/bin/sh /etc/rc', "klee's environment file (env)"], ['exec.jail_user=www', 'user'], ['exec.nojail_user=www', 'user']]) {
      const mine = load(`containers:\n  app:\n    path: /jails/app\n    jail_params: [${JSON.stringify(p)}]\n`);
      expect(mine.diagnostics.map((d) => `${d.severity} ${d.message}`), p).toEqual([`error jail parameter ${p.split('=')[0]} is set by klee from ${from}`]);
    }
  });

  it('exec.noconsolelog, noname, nometa, nohost.hostname are parameters klee sets', () => {
    for (const p of ['exec.noconsolelog=/etc/passwd', 'noname=evil', 'nometa=klee:v1:x', 'nohost.hostname=x', 'nopath=/']) {
      const r = load(`containers:\n  app:\n    path: /jails/app\n    jail_params: [${JSON.stringify(p)}]\n`);
      expect(r.diagnostics.map((d) => `${d.severity} ${d.message}`), p).toEqual([expect.stringMatching(new RegExp(`^error jail parameter ${p.split('=')[0].replace(/\./g, '\\.')} is set by klee from `))]);
    }
  });

  it('mount.fstab (in any spelling) is refused: klee could not know, nor unmount, what the file mounts', () => {
    for (const p of ['mount.fstab=/etc/fstab.web', 'mount.nofstab=/etc/fstab.web', 'nomount.fstab=/x']) {
      expect(load(`containers:\n  app:\n    path: /jails/app\n    jail_params: [${JSON.stringify(p)}]\n`).diagnostics.map((d) => `${d.severity} ${d.message}`), p).toEqual([`error jail parameter ${p.split('=')[0]} mounts what a host file lists: klee could not tell those mounts from foreign ones, nor unmount them`]);
    }
  });

  it('booleans negated with "no" that klee does not set stay valid', () => {
    const r = load('containers:\n  app:\n    path: /jails/app\n    jail_params: [allow.noset_hostname, ip4.nosaddrsel, allow.mount.nonullfs]\n');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('hostile input: mount lines jail(8) would split, and FreeBSD length limits', () => {
  const first = (text: string) => load(text).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`);
  it('white space or a backslash in a mount path is refused (jail(8) strtok()s and strunvis()es mount= lines)', () => {
    for (const m of ['/my data:/data', '/data:/x y', '/data:/x\ty', '/data:/x nullfs rw 0 0', '/da\\040ta:/x']) {
      expect(first(`containers:\n  app:\n    path: /jails/app\n    mounts: [${JSON.stringify(m)}]\n`), m).toEqual([expect.stringMatching(/^4:14 mount ".*": the (host|jail) path ".*" contains white space or a backslash$/)]);
    }
    expect(first('containers:\n  app:\n    path: "/jails/my app"\n    mounts: ["/data:/data"]\n')).toEqual(['3:11 path "/jails/my app" contains white space or a backslash, which jail(8) cannot take in a mount line']);
    expect(first('containers:\n  app:\n    path: "/jails/my app"\n')).toEqual([]);
  });

  it('a path or mount path of PATH_MAX bytes or more, a hostname of MAXHOSTNAMELEN or more, is refused', () => {
    const long = `/${'a'.repeat(1023)}`;
    expect(first(`containers:\n  app:\n    path: ${long}\n`)).toEqual(['3:11 path is 1024 bytes, longer than PATH_MAX (1024)']);
    expect(first(`containers:\n  app:\n    path: /j\n    mounts: ["${long}:/x"]\n`)).toEqual([expect.stringMatching(/^4:14 mount ".*\.\.\.": the host path is 1024 bytes, longer than PATH_MAX \(1024\)$/)]);
    expect(first(`containers:\n  app:\n    path: /j\n    hostname: ${'h'.repeat(256)}\n`)).toEqual(['4:15 hostname is 256 bytes: at most 255 (MAXHOSTNAMELEN, sys/sys/param.h)']);
    expect(first(`containers:\n  app:\n    path: /${'a'.repeat(1022)}\n    hostname: ${'h'.repeat(255)}\n`)).toEqual([]);
  });
});

describe('hostile input: __proto__ keys', () => {
  it('`__proto__: { path: /etc, user: evil }` is refused, not turned into the container\'s fields', () => {
    const r = load('containers:\n  app:\n    __proto__: { path: /etc, user: evil }\n');
    expect(r.spec).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual(['3:5 key "__proto__" is not allowed (JavaScript would take it as the map\'s prototype)']);
    expect(errors('"__proto__": { containers: {} }\n')).toEqual(['1:1 key "__proto__" is not allowed (JavaScript would take it as the map\'s prototype)']);
  });
});

describe('hostile input: subnets that are no network\'s (issue 14.12)', () => {
  const first = (text: string) => load(text).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`);
  it('multicast, loopback, link-local and unspecified ranges, or a subnet holding one, are refused at the line', () => {
    const cases: [string, 'subnet' | 'subnet6', string][] = [
      ['224.0.0.0/24', 'subnet', 'multicast (224.0.0.0/4)'], ['239.255.0.0/16', 'subnet', 'multicast (224.0.0.0/4)'],
      ['127.0.0.0/8', 'subnet', 'loopback (127.0.0.0/8)'], ['127.5.0.0/24', 'subnet', 'loopback (127.0.0.0/8)'],
      ['169.254.0.0/16', 'subnet', 'link-local (169.254.0.0/16)'], ['169.254.7.0/24', 'subnet', 'link-local (169.254.0.0/16)'],
      ['0.0.0.0/0', 'subnet', 'unspecified ("this network", 0.0.0.0/8)'], ['0.0.0.0/24', 'subnet', 'unspecified ("this network", 0.0.0.0/8)'],
      ['96.0.0.0/3', 'subnet', 'loopback (127.0.0.0/8)'],
      ['ff02::/16', 'subnet6', 'multicast (ff00::/8)'], ['fe80::/64', 'subnet6', 'link-local (fe80::/10)'], ['::1/128', 'subnet6', 'loopback (::1/128)'],
      ['::/0', 'subnet6', 'unspecified (::/128)'], ['::/120', 'subnet6', 'unspecified (::/128)'],
    ];
    for (const [cidr, field, what] of cases) {
      expect(first(`networks:\n  n:\n    ${field}: ${cidr}\ncontainers: {}\n`), cidr).toEqual([`3:${field.length + 7} ${field} ${cidr} overlaps the ${what} range, which cannot be a network's subnet`]);
    }
    expect(first('networks:\n  n:\n    subnet: 10.4.6.0/24\n    subnet6: fd00:4:6::/64\n  m:\n    subnet: 126.0.0.0/8\n    subnet6: "2001:db8::/32"\ncontainers: {}\n')).toEqual([]);
  });
});

describe('hostile input: names that are Object.prototype\'s members (issue 14.13)', () => {
  // Every name a lookup could find on Object.prototype; those that are valid names must work as names, the others be refused.
  const NAMES = Object.getOwnPropertyNames(Object.prototype);
  const msgs = (text: string, env: Record<string, string> = {}, envText?: string) => loadSpec({ text, file: 'kleene.yaml', env, envText, dirName: 'proj' }).diagnostics.map((d) => `${d.severity} ${d.message}`);
  it('depends_on, networks (list and map) and ${VAR} naming a prototype member are unknown names, never an internal error', () => {
    expect(NAMES.length).toBeGreaterThanOrEqual(12);
    for (const n of NAMES) {
      const q = JSON.stringify(n);
      expect(msgs(`containers:\n  a:\n    path: /j/a\n    depends_on: [${q}]\n`), n).toEqual([`error container "a" depends on "${n}", which is not declared under containers`]);
      expect(msgs(`containers:\n  a:\n    path: /j/a\n    networks: [${q}]\n`), n).toEqual([`error container "a" joins network "${n}", which is not declared under networks`]);
      expect(msgs(`networks:\n  n: {}\ncontainers:\n  a:\n    path: /j/a\n    driver: vnet\n    networks: [${q}]\n`), n).toContain(`error container "a" joins network "${n}", which is not declared under networks`);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) continue;
      const r = loadSpec({ text: `containers:\n  a:\n    path: /j/a\n    env: { V: "\${${n}}" }\n`, file: 'kleene.yaml', env: {}, envText: 'OTHER=1\n', dirName: 'proj' });
      expect(r.diagnostics.map((d) => `${d.severity} ${d.message}`), n).toEqual([`warning variable ${n} is not set; using an empty string`]);
      expect(r.spec!.containers[0].env, n).toEqual({ V: '' });
      const set = loadSpec({ text: `containers:\n  a:\n    path: /j/a\n    env: { V: "\${${n}}" }\n`, file: 'kleene.yaml', env: {}, envText: `${n}=from-dotenv\n`, dirName: 'proj' });
      expect(set.spec!.containers[0].env, n).toEqual({ V: 'from-dotenv' });
    }
  });

  it('containers and networks named like prototype members load as any other name', () => {
    for (const n of NAMES.filter((x) => /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(x))) {
      const r = loadSpec({ text: `networks:\n  ${n}: { subnet: 10.9.0.0/24 }\ncontainers:\n  ${n}:\n    path: /j/a\n    networks: [${n}]\n  b:\n    path: /j/b\n    depends_on: [${n}]\n    networks: { ${n}: { ip: 10.9.0.7 } }\n`, file: 'kleene.yaml', env: {}, dirName: 'proj' });
      expect(r.diagnostics, n).toEqual([]);
      expect(r.spec!.containers.map((c) => [c.name, c.dependsOn, c.networks]), n).toEqual([[n, [], [{ network: n }]], ['b', [n], [{ network: n, ip: '10.9.0.7' }]]]);
    }
  });

  it('a jail parameter named like a prototype member is not "set by klee" (SET_BY_KLEE was a plain object)', () => {
    expect(msgs('containers:\n  a:\n    path: /j/a\n    jail_params: ["constructor=1", "toString"]\n')).toEqual(['warning jail parameter constructor is not one jail(8) documents', 'warning jail parameter toString is not one jail(8) documents']);
  });
});

describe('hostile input: roots that are the host\'s own (issue 14.5, the loader\'s part)', () => {
  const first = (text: string) => load(text).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`);
  it('the host\'s / and /dev (in any spelling) are refused as a container\'s path; other directories named dev are not', () => {
    for (const [p, what] of [['/', 'root directory /'], ['//', 'root directory /'], ['/.', 'root directory /'], ['/./', 'root directory /'], ['/dev', 'devfs /dev'], ['/dev/', 'devfs /dev'], ['//dev', 'devfs /dev'], ['/dev/fd', 'devfs /dev'], ['/./dev/.', 'devfs /dev']]) {
      expect(first(`containers:\n  app:\n    path: ${JSON.stringify(p)}\n`), p).toEqual([`3:11 path "${p}" is the host's ${what}: jail(8) would mount the jail's devfs and mounts over the host's own`]);
    }
    for (const p of ['/devices', '/jails/dev', '/jails/app/', '/d']) expect(first(`containers:\n  app:\n    path: ${p}\n`), p).toEqual([]);
  });
});
