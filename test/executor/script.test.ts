import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SCRIPT_RUNNER, planScript } from '../../src/cli/views/script.js';
import { TOOL_ENV } from '../../src/host/tools.js';
import { shJoin } from '../../src/host/quote.js';
import { nameRef } from '../../src/planner/kernel-names.js';
import { action, planOf } from './plans.js';

describe('dry-run script', () => {
  it('quotes words the shell would otherwise split or expand', () => {
    expect(shJoin(['jail', '-c', 'name=web_db', 'ip4.addr=kleene0|10.2.3.2/32', 'exec.stop=/bin/sh /etc/rc.shutdown jail', "it's"]))
      .toBe(`jail -c name=web_db 'ip4.addr=kleene0|10.2.3.2/32' 'exec.stop=/bin/sh /etc/rc.shutdown jail' 'it'\\''s'`);
    expect(shJoin(['A=b', 'x=y', ''])).toBe(`'A=b' x=y ''`);
  });

  it('prints actions in dependency order with comments and stdin as a quoted heredoc', () => {
    const plan = planOf(
      { ...action('pf', ['net']), commands: [{ argv: ['pfctl', '-a', 'klee/web', '-f', '-'], stdin: 'nat on em0 from 10.2.3.0/24 to any -> (em0)\n' }] },
      { ...action('net'), commands: [{ argv: ['ifconfig', 'lo', 'create', 'name', 'kleene0', 'description', 'klee:web:testnet', 'up'] }] },
    );
    const s = planScript(plan, 'up');
    expect(s.startsWith('#!/bin/sh\n')).toBe(true);
    expect(s).toContain('set -e\n');
    const net = s.indexOf('# create network net (net): not on host\nklee_run /sbin/ifconfig lo create name kleene0 description klee:web:testnet up\n');
    const pf = s.indexOf("klee_run /sbin/pfctl -a klee/web -f - <<'KLEE_EOF'\nnat on em0 from 10.2.3.0/24 to any -> (em0)\nKLEE_EOF\n");
    expect(net).toBeGreaterThan(0);
    expect(pf).toBeGreaterThan(net);
  });

  it('is a script /bin/sh accepts, and runs the commands in order with stdin', () => {
    const plan = planOf(
      { ...action('a'), commands: [{ argv: ['sh', '-c', 'printf "%s\\n" "$1"', 'sh', "a 'quoted' word | not a pipe"] }] },
      { ...action('b', ['a']), commands: [{ argv: ['cat'], stdin: 'line $HOME `x`\nKLEE_EOF\n' }] },
    );
    const out = execFileSync('/bin/sh', ['-c', planScript(plan, 'up')], { encoding: 'utf8' });
    expect(out).toBe("a 'quoted' word | not a pipe\nline $HOME `x`\nKLEE_EOF\n");
  });

  it('runs each tool by absolute path in the fixed environment, whatever the root shell running it holds', () => {
    const s = planScript(planOf({ ...action('a'), commands: [{ argv: ['env'] }] }), 'up');
    expect(s).toContain(`${SCRIPT_RUNNER}\n`);
    expect(s).toContain('\nklee_run /usr/bin/env\n');
    const out = execFileSync('/bin/sh', ['-c', s], { encoding: 'utf8', env: { ...process.env, IFCONFIG_FORMAT: 'addr:fqdn', PATH: `/nonexistent:${process.env.PATH}` } });
    expect(out).toBe(Object.entries(TOOL_ENV).map(([k, v]) => `${k}=${v}\n`).join(''));
    expect(() => planScript(planOf({ ...action('x'), commands: [{ argv: ['/usr/local/bin/ifconfig'] }] }), 'up')).toThrow(/not one of the FreeBSD tools/);
  });

  it('keeps a name the kernel prints in a variable, and gives it to the commands that refer to it', () => {
    const ref = nameRef('epair:db:lan');
    const plan = planOf(
      { ...action('e'), commands: [{ argv: ['ifconfig', 'epair', 'create', 'up'], prints: { key: 'epair:db:lan', suffix: 'a' } }, { argv: ['ifconfig', 'kleene0', 'addm', `${ref}a`] }] },
      { ...action('c', ['e']), commands: [{ argv: ['jail', '-c', `exec.created=/sbin/ifconfig ${ref}b vnet web_db && echo 'it''s'`] }] },
    );
    const s = planScript(plan, 'up');
    expect(s).toContain('epair_db_lan=$(klee_run /sbin/ifconfig epair create up)\nepair_db_lan=${epair_db_lan%a}\n');
    expect(s).toContain('klee_run /sbin/ifconfig kleene0 addm "${epair_db_lan}"a\n');
    // /bin/sh runs it: a stand-in klee_run prints what ifconfig epair create prints, and echoes everything else
    const stub = s.replace(SCRIPT_RUNNER, `klee_run() { if [ "$2" = epair ]; then echo epair7a; else printf '[%s]' "$@"; echo; fi; }`);
    expect(execFileSync('/bin/sh', ['-c', stub], { encoding: 'utf8' })).toBe("[/sbin/ifconfig][kleene0][addm][epair7a]\n[/usr/sbin/jail][-c][exec.created=/sbin/ifconfig epair7b vnet web_db && echo 'it''s']\n");
  });
});
