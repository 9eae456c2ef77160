// `klee completion SHELL`: generated from the command definitions. bash's script is run by bash here; zsh and fish are
// not installed on this machine, so their scripts are checked for covering every command and option.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { GLOBAL_OPTIONS } from '../../src/cli/globals.js';

const dir = mkdtempSync(join(tmpdir(), 'klee-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The script klee prints for a shell. */
async function script(shell: string): Promise<string> {
  let out = '';
  const code = await runCli(['completion', shell], { stdout: { write: (s: string) => void (out += s) }, stderr: { write: () => true } }, {}, dir);
  expect(code).toBe(0);
  return out;
}

/** What bash completes for a command line (the last word is being completed). */
function complete(file: string, words: string[]): string[] {
  const cmd = `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _klee; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', cmd], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** Every long option of every command, and the globals. */
const ALL_LONGS = [...GLOBAL_OPTIONS, ...COMMANDS.flatMap((c) => c.options ?? [])].map((o) => /--[a-z][a-z0-9-]*/.exec(o.flags)?.[0]).filter(Boolean) as string[];

describe('klee completion bash (run by bash)', () => {
  it('completes commands, options, choices and values, skipping global options before the command', async () => {
    const file = join(dir, 'klee.bash');
    writeFileSync(file, await script('bash'));
    expect(complete(file, ['klee', 'pl'])).toEqual(['plan']);
    expect(complete(file, ['klee', ''])).toEqual(expect.arrayContaining(COMMANDS.map((c) => c.name)));
    expect(complete(file, ['klee', '-H', 'sim:x', 'plan', '--det'])).toEqual(['--detailed-exitcode']);
    expect(complete(file, ['klee', 'validate', '--format', 'g'])).toEqual(['github', 'gitlab']);
    expect(complete(file, ['klee', '-H', 's'])).toEqual(['ssh://', 'sim:', 'snapshot:']);
    expect(complete(file, ['klee', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    expect(complete(file, ['klee', 'logs', '--f'])).toEqual(['--follow', '--file']);
  });

  it('offers the file\'s containers for exec, logs, up and start/stop/restart (from `klee config --services`)', async () => {
    const file = join(dir, 'klee.bash');
    writeFileSync(file, await script('bash'));
    // A stand-in `klee` on PATH answers `config --services` as the real one would for a file with web and db.
    const bin = join(dir, 'bin');
    execFileSync('mkdir', ['-p', bin]);
    writeFileSync(join(bin, 'klee'), '#!/bin/sh\n[ "$1 $2" = "config --services" ] && printf "web\\ndb\\n"\n', { mode: 0o755 });
    for (const command of ['exec', 'logs', 'up', 'start', 'stop', 'restart']) {
      const cmd = `PATH=${bin}:$PATH; source ${file}; COMP_WORDS=(klee ${command} w); COMP_CWORD=2; _klee; printf '%s\\n' "\${COMPREPLY[@]}"`;
      expect(execFileSync('bash', ['-c', cmd], { encoding: 'utf8' }).trim(), command).toBe('web');
    }
  });
});

describe.each(['bash', 'zsh', 'fish'])('klee completion %s', (shell) => {
  it('names every command and every long option of the definitions', async () => {
    const s = await script(shell);
    for (const c of COMMANDS) expect(s, c.name).toContain(c.name);
    for (const long of ALL_LONGS) expect(s, long).toContain(shell === 'fish' ? `-l ${long.slice(2)}` : long);
  });
});

it('an unknown shell is refused with the supported ones', async () => {
  let err = '';
  const code = await runCli(['completion', 'tcsh'], { stdout: { write: () => true }, stderr: { write: (s: string) => void (err += s) } }, {}, dir);
  expect([code, err]).toEqual([1, 'klee: no completion for shell "tcsh": use one of bash, zsh, fish\n']);
});
