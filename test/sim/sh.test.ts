// The simulator's narrow sh against the real /bin/sh of this machine (POSIX semantics: XCU 2.2-2.10), for every
// construct it supports: ; and newlines, && and ||, $?, positional parameters, "$@", field splitting, for loops,
// [n]>&m. Both run the same scripts with the same stub `jexec` (FreeBSD's "not found" message, fixture 22).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSh } from '../../src/host/sim/sh.js';
import { runArgv } from '../../src/host/sim/dispatch.js';
import { freshState } from '../../src/host/sim/state.js';
import { INSIDE_BATCH_SCRIPT } from '../../src/host/probe-commands.js';
import type { Ctx, Out } from '../../src/host/sim/ctx.js';

// A jexec that knows one jail, "web_db", and prints what it would run there (the same in both shells).
const STUB = `#!/bin/sh
if [ "$1" != web_db ]; then echo "jexec: jail \\"$1\\" not found" >&2; exit 1; fi
shift
echo "in web_db: $*"
if [ "$1" = route ]; then echo "route: route has not been found" >&2; exit 1; fi
`;
const dir = mkdtempSync(join(tmpdir(), 'klee-sh-'));
writeFileSync(join(dir, 'jexec'), STUB);
chmodSync(join(dir, 'jexec'), 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function stubRun(ctx: Ctx, argv: string[]): Out {
  if (argv[0] !== 'jexec') return runArgv(ctx, argv);
  if (argv[1] !== 'web_db') return { stdout: '', stderr: `jexec: jail "${argv[1]}" not found\n`, code: 1 };
  const r = { stdout: `in web_db: ${argv.slice(2).join(' ')}\n`, stderr: '', code: 0 };
  return argv[2] === 'route' ? { ...r, stderr: 'route: route has not been found\n', code: 1 } : r;
}

function both(script: string, args: string[] = []): { real: Out; sim: Out } {
  const p = spawnSync('/bin/sh', ['-c', script, ...args], { encoding: 'utf8', env: { PATH: `${dir}:/usr/bin:/bin` } });
  const real = { stdout: p.stdout, stderr: p.stderr, code: p.status ?? -1 };
  const sim = runSh({ st: freshState({ hooks: true, vimage: true, meta: true }), opts: { missing: [] } }, script, stubRun, args);
  return { real, sim };
}

describe('the simulator sh behaves as /bin/sh', () => {
  const cases: [string, string, string[]?][] = [
    ['lists', 'echo a; echo b\necho c\n\necho d'],
    ['&& and || with $?', 'false || echo "failed $?"; true && echo ok; false && echo no; echo "status $?"; false || false || echo "three $?"'],
    ['last status is the exit code', 'echo a; false', []],
    ['positional parameters and $#', 'echo "$#" "$1" "$2" "[$3]" "$0"; echo ${1}x $10', ['probe', 'a', 'b c']],
    ['"$@" keeps each parameter one field', 'for j in "$@"; do echo "[$j]"; done', ['sh', 'a', 'b  c', '']],
    ['"$@" without parameters is no field', 'for w in "$@" x; do echo "[$w]"; done; echo "[$@]"; echo $#', ['sh']],
    ['prefix and suffix around "$@"', 'for w in "x$@y"; do echo "[$w]"; done', ['sh', 'a', 'b']],
    ['unquoted expansions are split on blanks', 'for w in $1 "$1" $@; do echo "[$w]"; done', ['sh', ' a  b ', 'c']],
    ['"$*" joins with a space', 'echo "$*"', ['sh', 'a', 'b c']],
    ['unset variables are empty', 'echo "[$nope]" [$nope] [${nope}]'],
    ['for without in iterates "$@"; a loop variable outlives the loop', 'for j; do echo "<$j>"; done; echo "last $j"', ['sh', 'p', 'q r']],
    ['a loop with no iteration leaves status 0', 'false; for j in "$@"; do echo x; done; echo "status $?"', ['sh']],
    ['nested loops and && inside', 'for a in 1 2; do for b in x y; do true && echo "$a$b"; done; done'],
    ['quoting', 'echo \'single $1\' "double $1" \\$1 a\\ b "" \'\' end', ['sh', 'P']],
    ['2>&1 sends stderr to stdout', 'jexec "$1" ifconfig -a 2>&1 || echo "failed $?"', ['sh', 'gone']],
    ['stderr stays stderr without it', 'jexec "$1" ifconfig -a || echo "failed $?"', ['sh', 'gone']],
    ['>&2 and 1>&2 send stdout to stderr', 'echo one >&2; echo two 1>&2; echo three'],
    ['the inside probe batch', INSIDE_BATCH_SCRIPT, ['sh', 'web_db', 'gone', 'web_db']],
    ['the inside probe batch without jails', INSIDE_BATCH_SCRIPT, ['sh']],
  ];
  for (const [name, script, args] of cases) {
    it(name, () => {
      const { real, sim } = both(script, args ?? ['sh']);
      expect(sim).toEqual(real);
    });
  }

  it('syntax errors exit 2 in both', () => {
    for (const script of ['for do', 'echo a &&', '; echo a', 'for j in a; do echo $j', 'for j in a; do done', 'echo "open']) {
      const { real, sim } = both(script);
      expect([script, sim.code]).toEqual([script, real.code]);
      expect(sim.code).toBe(2);
      expect(sim.stdout).toBe('');
    }
  });
});

describe('what the simulator sh refuses instead of misreading', () => {
  const sim = (script: string) => runSh({ st: freshState({ hooks: true, vimage: true, meta: true }), opts: { missing: [] } }, script, stubRun);
  it.each([['echo $(hostname)'], ['echo `hostname`'], ['echo a > /tmp/x'], ['echo ${x:-y}'], ['if true; then echo a; fi'], ['echo a 3>&1']])('%s', (script) => {
    const r = sim(script);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sh: Syntax error: /);
    expect(r.stdout).toBe('');
  });
});
