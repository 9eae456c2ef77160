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
import { type WaveResult, WaveReader, waveScript } from '../../src/host/backends/ssh-wave.js';
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
let scratches = 0;
/** A directory under /tmp that does not exist yet (the scripts make and remove it, in both shells). */
const scratch = () => `/tmp/klee-sh-${process.pid}-${scratches++}`;

function stubRun(ctx: Ctx, argv: string[], stdin?: string): Out {
  if (argv[0] !== 'jexec') return runArgv(ctx, argv, stdin);
  if (argv[1] !== 'web_db') return { stdout: '', stderr: `jexec: jail "${argv[1]}" not found\n`, code: 1 };
  const r = { stdout: `in web_db: ${argv.slice(2).join(' ')}\n`, stderr: '', code: 0 };
  return argv[2] === 'route' ? { ...r, stderr: 'route: route has not been found\n', code: 1 } : r;
}

function both(script: string, args: string[] = []): { real: Out; sim: Out } {
  // Each side starts without files: the real one in an empty directory of its own, the simulator with its fresh state.
  const cwd = mkdtempSync(join(dir, 'cwd-'));
  const p = spawnSync('/bin/sh', ['-c', script, ...args], { encoding: 'utf8', cwd, env: { PATH: `${dir}:/usr/bin:/bin` } });
  const real = { stdout: p.stdout, stderr: p.stderr, code: p.status ?? -1 };
  const sim = runSh({ st: freshState({ hooks: true, vimage: true }), opts: { missing: [] } }, script, stubRun, args);
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
    ['redirections to files, groups, appending, reading back', 'd=$1; mkdir -m 700 "$d" || exit 125; { echo out; echo err >&2; } >"$d/o" 2>"$d/e"; cat "$d/o" "$d/e"; printf \'%s\' \'no newline\' >"$d/n"; cat "$d/n"; echo; echo more >>"$d/o"; cat <"$d/o"; rm -rf "$d"; cat "$d/o" 2>/dev/null || echo gone', ['sh', scratch()]],
    ['mkdir of an existing directory fails, without touching it', 'd=$1; mkdir "$d" && mkdir -m 700 "$d" 2>/dev/null; echo "status $?"; rm -rf "$d"', ['sh', scratch()]],
    ['assignments, prefix assignments, $! and wait', 'x=1; y="$x 2"; echo "$y"; FOO=bar /bin/sh -c \'echo "[$FOO]"\'; echo "[$FOO]"; /bin/sh -c \'exit 3\' & p=$!; wait $p; echo "status $?"; for x in $p; do echo "has a pid"; done'],
    ['read splits a line, the last name takes the rest', 'd=$1; mkdir "$d"; printf \'a  b c d\\n\\nlast\' >"$d/x"; { read p q; echo "[$p] [$q]"; read p q; echo "[$p] [$q] $?"; read p q; echo "[$p] [$q] $?"; read p q; echo "[$p] [$q] $?"; } <"$d/x"; rm -rf "$d"', ['sh', scratch()]],
    ['exec opens and closes a descriptor for the rest of the shell', 'd=$1; mkdir "$d"; exec 3>"$d/f3"; echo x >&3; echo y 1>&3; exec 3>&-; cat "$d/f3"; { echo z >&3; } 2>/dev/null; echo "after close $?"; rm -rf "$d"', ['sh', scratch()]],
    ['a FIFO opened read-write carries lines from a background job', 'd=$1; mkdir "$d"; mkfifo "$d/f"; exec 3<>"$d/f"; { echo "7 $?" >&3; } & read i s <&3; echo "got [$i] [$s]"; exec 3>&-; rm -rf "$d"', ['sh', scratch()]],
    ['printf reuses its format and knows %s %d %%', 'printf \'%s=%d;\' a 1 b 2 c; echo; printf \'100%%\\t\\\\\\n\''],
    ['command substitution: fields, quotes, nesting, trailing newlines dropped', 'x=$(echo a  b); echo "[$x]" [$x]; echo "$(echo "$(echo in)")"; for w in $(echo p q); do echo "<$w>"; done'],
    ['an assignment takes the status of its substitution; its value is not split', 'x=$(false); echo "$?"; y=$(true) || echo no; echo "[$x$y]"; z=$(printf \'a  b\'); echo "[$z]"'],
    ['redirections to and from files', 'd=$1; mkdir "$d"; echo a > "$d/f"; echo b >> "$d/f"; cat "$d/f"; cat < "$d/f"; echo c > "$d/f"; cat "$d/f"; cat "$d/missing" 2>/dev/null || echo "gone $?"; echo quiet >/dev/null; rm -rf "$d"', ['sh', scratch()]],
    ['redirections are done left to right', 'd=$1; mkdir "$d"; echo x 2>&1 >"$d/g"; cat "$d/g"; echo y >"$d/g" 2>&1; cat "$d/g"; rm -rf "$d"', ['sh', scratch()]],
    ['while and until', 'i=; while [ "$i" != xxx ]; do i=x$i; echo "$i"; done; until true; do echo no; done; echo "after $?"'],
    ['break leaves the innermost loop', 'for a in 1 2; do for b in x y z; do echo "$a$b"; [ "$b" = y ] && break; done; done'],
    ['trap and exit', 'trap : TERM; echo a; exit 3; echo never'],
    ['exec ends the script with the command', 'exec /bin/echo hi; echo never'],
    ['. runs a file in this shell; export', 'd=$1; mkdir "$d"; echo \'export A=1 B="two words"\' > "$d/f"; . "$d/f"; echo "$A $B"; umask 077; rm -rf "$d"', ['sh', scratch()]],
    ['$$ is a number', 'case_ok=$$; [ "$case_ok" -gt 0 ] && echo yes'],
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

describe('the ssh wave script (src/host/backends/ssh-wave.ts) in both shells', () => {
  it('gives every command the same status, stdout and stderr', () => {
    const cmds = [
      { argv: ['/bin/cat'], stdin: "pf rules 'quoted'\n$(not run)\n" },
      { argv: ['/bin/sh', '-c', 'printf out; printf err >&2; exit 3'] },
      { argv: ['/bin/echo', 'a  b', '@@n0-e'] },
      { argv: ['/usr/bin/true'] },
      { argv: ['/bin/sh', '-c', 'echo gone >&2; exit 1'] },
      { argv: ['/bin/cat'], stdin: 'no newline' },
    ];
    const results = (stdout: string) => {
      const got: WaveResult[] = [];
      new WaveReader('n0', (r) => got.push(r)).push(Buffer.from(stdout));
      return got.sort((a, b) => a.index - b.index);
    };
    const script = waveScript(cmds, scratch(), 'n0');
    const real = spawnSync('/bin/sh', ['-s'], { input: script, encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
    const sim = runArgv({ st: freshState({ hooks: true, vimage: true }), opts: { missing: [] }, env: { PATH: '/usr/bin:/bin' } }, ['/bin/sh', '-s'], script);
    expect(real.status).toBe(0);
    expect(sim.code).toBe(0);
    expect(results(sim.stdout)).toEqual(results(real.stdout));
    expect(results(sim.stdout).map((r) => r.exitCode)).toEqual([0, 3, 0, 0, 1, 0]);
    expect(results(sim.stdout)[5].stdout).toBe('no newline');
    expect(sim.stderr).toBe(real.stderr);
  });
});

describe('what the simulator sh refuses instead of misreading', () => {
  const sim = (script: string) => runSh({ st: freshState({ hooks: true, vimage: true }), opts: { missing: [] } }, script, stubRun);
  it.each([['echo `hostname`'], ['cat <<EOF\nx\nEOF'], ['echo ${x:-y}'], ['if true; then echo a; fi'], ['(echo a)']])('%s', (script) => {
    const r = sim(script);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sh: Syntax error: /);
    expect(r.stdout).toBe('');
  });
});

describe('an unterminated $( is a syntax error worded as the ash family words it', () => {
  it('exits 2 with the text of parser.c synexpect (dash, this machine\'s /bin/sh, prints it after "sh: 1: ")', () => {
    const { real, sim } = both('echo $(echo');
    expect(sim.code).toBe(2);
    expect(real.code).toBe(2);
    expect(sim.stdout).toBe('');
    const tail = (s: string) => s.slice(s.indexOf('Syntax error:')).trim();
    expect(tail(sim.stderr)).toBe('Syntax error: end of file unexpected (expecting ")")');
    expect(tail(sim.stderr)).toBe(tail(real.stderr));
  });
});
