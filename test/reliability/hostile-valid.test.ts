// Hostile input that is VALID (metacharacters inside values): each string reaches the host as ONE argv element,
// verbatim, and the `up --dry-run` script quotes it so that sh passes it through unchanged (to its runner, the tool by
// absolute path). Environment values reach the host on no argv at all: through jail(8)'s stdin into klee's
// environment file, which sh sources verbatim.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validInjections } from './hostile-corpus.js';
import { klee } from './hostile-helpers.js';
import { SCRIPT_RUNNER } from '../../src/cli/views/script.js';
import { toolArgv } from '../../src/host/tools.js';
import { envFileText } from '../../src/host/program.js';
import { loadSpec } from '../../src/spec/load.js';

let root: string;
beforeAll(() => { root = mkdtempSync(join(tmpdir(), 'klee-hostile-valid-')); });
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * Run a script with its runner (every command goes through it: SCRIPT_RUNNER) replaced by one that records its
 * arguments and its standard input; returns each command's argv as sh handed it over, and its stdin.
 */
function runRecorded(dir: string, script: string): { status: number | null; stderr: string; argvs: string[][]; stdins: string[] } {
  const log = join(dir, 'argv.log');
  writeFileSync(log, '');
  writeFileSync(`${log}.in`, '');
  const recorder = 'klee_run() { for a in "$@"; do printf \'%s\\0\' "$a"; done >> "$KLEE_LOG"; printf \'\\036\\0\' >> "$KLEE_LOG"; /bin/cat >> "$KLEE_LOG.in"; printf \'\\036\\0\' >> "$KLEE_LOG.in"; }';
  writeFileSync(join(dir, 'up.sh'), script.replace(SCRIPT_RUNNER, recorder));
  const r = spawnSync('/bin/sh', [join(dir, 'up.sh')], { env: { PATH: '/nonexistent', KLEE_LOG: log }, encoding: 'utf8' });
  const argvs: string[][] = [];
  let cur: string[] = [];
  for (const w of readFileSync(log, 'utf8').split('\0').slice(0, -1)) {
    if (w === '\x1e') { argvs.push(cur); cur = []; } else cur.push(w);
  }
  const stdins = readFileSync(`${log}.in`, 'utf8').split('\x1e\0').slice(0, -1);
  return { status: r.status, stderr: r.stderr, argvs, stdins };
}

/** The variables a shell has after sourcing `text` (klee's environment file), from a clean environment. */
function sourced(dir: string, text: string): Record<string, string> {
  writeFileSync(join(dir, 'env'), text);
  const r = spawnSync('/bin/sh', ['-c', '. "$0" && exec /usr/bin/env -0', join(dir, 'env')], { env: {}, encoding: 'utf8' });
  const vars: Record<string, string> = {};
  for (const kv of r.stdout.split('\0').slice(0, -1)) vars[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
  return vars;
}

describe('hostile input: metacharacters in valid values', () => {
  it('are one verbatim argv element in the plan, and survive the --dry-run script through sh unchanged', { timeout: 60_000 }, async () => {
    const cases = validInjections();
    const failures: string[] = [];
    for (const [i, c] of cases.entries()) {
      const dir = join(root, `v${i}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'kleene.yaml'), c.content);
      const why: string[] = [];
      const v = await klee(dir, ['validate']);
      if (v.code !== 0) why.push(`validate exit ${v.code}: ${v.stderr.slice(0, 300)}`);
      const p = await klee(dir, ['plan', '--json', '-H', `sim:${join(dir, 'plan-host.json')}`]);
      if (p.code !== 0) { failures.push(`${c.name}: plan exit ${p.code}: ${p.stderr.slice(0, 300)}`); continue; }
      const actions: { commands: string[][]; stdin?: string }[] = JSON.parse(p.stdout).actions;
      const commands = actions.flatMap((a) => a.commands);
      const jail = commands.find((a) => a[0] === 'jail' && a[1] === '-c');
      const stdin = actions.find((a) => a.commands.includes(jail!))?.stdin;
      if (!c.verbatim?.length && Object.keys(c.environment ?? {}).length === 0) why.push('the case names no words to find verbatim and no environment values');
      if (!jail) why.push('no jail -c in the plan');
      // Verbatim and whole: the exact strings appear, in order, as consecutive argv elements.
      else if (c.verbatim && !jail.some((_, k) => c.verbatim!.every((w, j) => jail[k + j] === w))) why.push(`not verbatim in ${JSON.stringify(jail)}`);
      // The environment file as jail -c gets it (the planner's stdin; every view shows it redacted: issue 15).
      const spec = loadSpec({ text: c.content, file: join(dir, 'kleene.yaml'), env: {}, dirName: 'project' }).spec;
      const envFile = envFileText(Object.assign({}, ...(spec?.containers ?? []).map((x) => x.env)));
      for (const [k, v] of Object.entries(c.environment ?? {})) {
        // Off argv (issue 15): no command of the plan carries the value (a value of one or two characters proves nothing).
        if (v.length > 2 && commands.some((a) => a.some((w) => w.includes(v)))) why.push(`${k}'s value is on an argv`);
        if (stdin === undefined) why.push('jail -c has no stdin (the environment file)');
        else if (stdin.includes(v) && v.length > 2) why.push(`${k}'s value is shown in the plan's stdin`);
        if (sourced(dir, envFile)[k] !== v) why.push(`${k} sourced from the environment file is ${JSON.stringify(sourced(dir, envFile)[k])}`);
      }
      const d = await klee(dir, ['up', '--dry-run', '-H', `sim:${join(dir, 'dry-host.json')}`]);
      if (d.code !== 0) why.push(`up --dry-run exit ${d.code}`);
      const syntax = spawnSync('/bin/sh', ['-n'], { input: d.stdout, encoding: 'utf8' });
      if (syntax.status !== 0) why.push(`sh -n: ${syntax.stderr}`);
      const names = [...new Set(commands.map((a) => a[0]))];
      if (names.some((n) => n.includes('/'))) why.push(`absolute command in plan: ${names.join(' ')}`);
      if (d.stdout.split(SCRIPT_RUNNER).length !== 2) why.push('the script does not define its runner once');
      const ran = runRecorded(dir, d.stdout);
      if (ran.status !== 0) why.push(`script exit ${ran.status}: ${ran.stderr}`);
      // The plan's argv, each tool by its absolute path: what the script hands its runner.
      const expected = commands.map((a) => toolArgv(a) ?? ['not a tool:', ...a]);
      const key = (xs: string[][]) => xs.map((a) => JSON.stringify(a)).sort();
      if (JSON.stringify(key(ran.argvs)) !== JSON.stringify(key(expected))) why.push(`sh passed different argv: ${JSON.stringify(ran.argvs.find((a) => !key(expected).includes(JSON.stringify(a))))}`);
      // The script's here-document hands jail -c the plan's stdin byte for byte.
      const jailTool = JSON.stringify(toolArgv(jail ?? []));
      if (stdin !== undefined && ran.stdins[ran.argvs.findIndex((a) => JSON.stringify(a) === jailTool)] !== stdin) why.push('the script gave jail -c another stdin');
      if (why.length) failures.push(`${c.name}: ${why.join(' | ')}`);
    }
    console.log(`reliability: hostile: ${cases.length - failures.length}/${cases.length} valid files with shell metacharacters passed verbatim (plan argv, dry-run script through sh)`);
    expect(failures).toEqual([]);
  });
});
