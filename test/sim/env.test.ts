// The simulated host's programs and environment: programs only at FreeBSD's paths (or through PATH), env(1), and
// ifconfig honouring IFCONFIG_FORMAT as sbin/ifconfig does (fixture 06 is real output of the cidr forms).
import { describe, expect, it } from 'vitest';
import { runArgv } from '../../src/host/sim/dispatch.js';
import { freshState } from '../../src/host/sim/state.js';
import { TOOL_PATHS } from '../../src/host/tools.js';
import type { Ctx } from '../../src/host/sim/ctx.js';

const ctx = (env?: Record<string, string>): Ctx => ({ st: freshState({ hooks: true, vimage: true }), opts: { missing: [] }, env });
const run = (argv: string[], env?: Record<string, string>) => runArgv(ctx(env), argv);
const lo0 = (format?: string) => run(format === undefined ? ['ifconfig', 'lo0'] : ['env', `IFCONFIG_FORMAT=${format}`, 'ifconfig', 'lo0']);

describe('programs where FreeBSD installs them', () => {
  it('every tool klee runs is at the path klee runs it from', () => {
    // A stand-in argument per tool that the simulator answers without "not found".
    for (const [name, path] of Object.entries(TOOL_PATHS)) {
      const r = run([path, ...(name === 'sh' ? ['-c', 'true'] : name === 'env' ? ['true'] : name === 'kill' ? ['-0', '99999'] : [])]);
      expect([path, r.stderr]).not.toEqual([path, expect.stringMatching(/not found/)]);
      expect(r.code, `${path}: ${r.stderr}`).not.toBe(127);
    }
  });

  it('a path that is not the program\'s own is not found; a bare name is looked up in PATH', () => {
    for (const p of ['/usr/bin/ifconfig', '/usr/sbin/ifconfig', '/bin/jail', '/usr/local/sbin/pfctl', 'sbin/ifconfig', './ifconfig']) {
      expect(run([p, '-a'])).toMatchObject({ code: 127, stderr: `${p}: not found\n` });
    }
    expect(run(['ifconfig', '-l'], { PATH: '/sbin' }).code).toBe(0);
    expect(run(['ifconfig', '-l'], { PATH: '/usr/bin:/bin' })).toMatchObject({ code: 127 });
    expect(run(['//sbin//ifconfig', '-l']).code).toBe(0);
  });
});

describe('env(1)', () => {
  it('prints the environment, adds assignments, -i starts empty, -u removes', () => {
    expect(run(['env'], { PATH: '/usr/bin', A: '1' }).stdout).toBe('PATH=/usr/bin\nA=1\n');
    expect(run(['env', 'B=2', 'A=3'], { PATH: '/usr/bin', A: '1' }).stdout.split('\n').sort()).toEqual(['', 'A=3', 'B=2', 'PATH=/usr/bin']);
    expect(run(['env', '-i', 'X=y'], { PATH: '/usr/bin', A: '1' }).stdout).toBe('X=y\n');
    expect(run(['env', '-u', 'A'], { PATH: '/usr/bin', A: '1' }).stdout).toBe('PATH=/usr/bin\n');
  });

  it('finds its utility through the new PATH, and says so when it cannot', () => {
    expect(run(['env', '-i', 'ifconfig', '-l'])).toMatchObject({ code: 127, stderr: 'env: ifconfig: No such file or directory\n' });
    expect(run(['env', '-i', 'PATH=/sbin', 'ifconfig', '-l']).code).toBe(0);
    expect(run(['/usr/bin/env', '-i', 'PATH=/sbin:/bin:/usr/sbin:/usr/bin', 'LC_ALL=C', '/bin/sh', '-c', 'env']).stdout).toBe('PATH=/sbin:/bin:/usr/sbin:/usr/bin\nLC_ALL=C\n');
  });
});

describe('ifconfig and IFCONFIG_FORMAT (sbin/ifconfig/ifconfig.c setformat, af_inet.c, af_inet6.c)', () => {
  it('prints the default forms without it', () => {
    expect(lo0().stdout).toContain('\tinet 127.0.0.1 netmask 0xff000000\n\tinet6 ::1 prefixlen 128\n\tinet6 fe80::1%lo0 prefixlen 64 scopeid 0x2\n');
  });

  it('inet:cidr,inet6:cidr as fixture 06 shows them', () => {
    expect(lo0('inet:cidr,inet6:cidr').stdout).toContain('\tinet 127.0.0.1/8\n\tinet6 ::1/128\n\tinet6 fe80::1%lo0/64 scopeid 0x2\n');
    expect(run(['env', 'IFCONFIG_FORMAT=inet:cidr', 'ifconfig', 'em0']).stdout).toContain('\tinet 10.0.2.15/24 broadcast 10.0.2.255\n');
  });

  it('inet:dotted masks, addr:fqdn and addr:host names from /etc/hosts', () => {
    expect(run(['env', 'IFCONFIG_FORMAT=inet:dotted', 'ifconfig', 'em0']).stdout).toContain('\tinet 10.0.2.15 netmask 255.255.255.0 broadcast 10.0.2.255\n');
    for (const f of ['addr:fqdn', 'addr:host']) {
      expect(lo0(f).stdout).toContain('\tinet localhost netmask 0xff000000\n\tinet6 localhost prefixlen 128\n\tinet6 fe80::1%lo0 prefixlen 64 scopeid 0x2\n');
    }
    expect(run(['env', 'IFCONFIG_FORMAT=addr:fqdn', 'ifconfig', 'em0']).stdout).toContain('\tinet 10.0.2.15 netmask 0xffffff00'); // no name known
  });

  it('a malformed entry is skipped with a warning, the others apply; the last of a category wins', () => {
    const r = lo0('bogus,inet:,inet:cidr,inet:hex');
    expect(r.stderr).toBe('ifconfig: Skipping invalid format specification: bogus\n\nifconfig: Skipping invalid format specification: inet:\n\n');
    expect(r.stdout).toContain('\tinet 127.0.0.1 netmask 0xff000000\n');
    expect(r.code).toBe(0);
  });

  it('reaches ifconfig through sh, jexec and env as any environment does; env -i keeps it out', () => {
    const c = ctx({ PATH: '/sbin:/bin:/usr/sbin:/usr/bin', IFCONFIG_FORMAT: 'inet:cidr' });
    expect(runArgv(c, ['/bin/sh', '-c', 'ifconfig lo0']).stdout).toContain('\tinet 127.0.0.1/8\n');
    expect(runArgv(c, ['/bin/sh', '-c', 'IFCONFIG_FORMAT=addr:fqdn ifconfig lo0']).stdout).toContain('\tinet localhost netmask 0xff000000\n');
    expect(runArgv(c, ['/usr/bin/env', '-i', 'PATH=/sbin', 'ifconfig', 'lo0']).stdout).toContain('\tinet 127.0.0.1 netmask 0xff000000\n');
  });
});
