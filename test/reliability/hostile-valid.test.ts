// Hostile input that is VALID (metacharacters inside values): each string reaches the host as ONE argv element,
// verbatim, and the `up --dry-run` script quotes it so that sh passes it through unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validInjections } from './hostile-corpus.js';
import { klee } from './hostile-helpers.js';

let root: string;
beforeAll(() => { root = mkdtempSync(join(tmpdir(), 'klee-hostile-valid-')); });
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Run a script with PATH holding only recording stubs for `names`; returns each command's argv as the stub saw it. */
function runWithStubs(dir: string, script: string, names: string[]): { status: number | null; stderr: string; argvs: string[][] } {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const log = join(dir, 'argv.log');
  writeFileSync(log, '');
  for (const n of names) {
    writeFileSync(join(bin, n), '#!/bin/sh\nfor a in "${0##*/}" "$@"; do printf \'%s\\0\' "$a"; done >> "$KLEE_LOG"\nprintf \'\\036\\0\' >> "$KLEE_LOG"\n');
    chmodSync(join(bin, n), 0o755);
  }
  writeFileSync(join(dir, 'up.sh'), script);
  const r = spawnSync('/bin/sh', [join(dir, 'up.sh')], { env: { PATH: bin, KLEE_LOG: log }, encoding: 'utf8' });
  const argvs: string[][] = [];
  let cur: string[] = [];
  for (const w of readFileSync(log, 'utf8').split('\0').slice(0, -1)) {
    if (w === '\x1e') { argvs.push(cur); cur = []; } else cur.push(w);
  }
  return { status: r.status, stderr: r.stderr, argvs };
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
      const commands: string[][] = JSON.parse(p.stdout).actions.flatMap((a: { commands: string[][] }) => a.commands);
      const jail = commands.find((a) => a[0] === 'jail' && a[1] === '-c');
      if (!jail) why.push('no jail -c in the plan');
      // Verbatim and whole: the exact strings appear, in order, as consecutive argv elements.
      else if (!jail.some((_, k) => c.verbatim.every((w, j) => jail[k + j] === w))) why.push(`not verbatim in ${JSON.stringify(jail)}`);
      const d = await klee(dir, ['up', '--dry-run', '-H', `sim:${join(dir, 'dry-host.json')}`]);
      if (d.code !== 0) why.push(`up --dry-run exit ${d.code}`);
      const syntax = spawnSync('/bin/sh', ['-n'], { input: d.stdout, encoding: 'utf8' });
      if (syntax.status !== 0) why.push(`sh -n: ${syntax.stderr}`);
      const names = [...new Set(commands.map((a) => a[0]))];
      if (names.some((n) => n.includes('/'))) why.push(`absolute command in plan: ${names.join(' ')}`);
      const ran = runWithStubs(dir, d.stdout, names);
      if (ran.status !== 0) why.push(`script exit ${ran.status}: ${ran.stderr}`);
      const key = (xs: string[][]) => xs.map((a) => JSON.stringify(a)).sort();
      if (JSON.stringify(key(ran.argvs)) !== JSON.stringify(key(commands))) why.push(`sh passed different argv: ${JSON.stringify(ran.argvs.find((a) => !key(commands).includes(JSON.stringify(a))))}`);
      if (why.length) failures.push(`${c.name}: ${why.join(' | ')}`);
    }
    console.log(`reliability: hostile: ${cases.length - failures.length}/${cases.length} valid files with shell metacharacters passed verbatim (plan argv, dry-run script through sh)`);
    expect(failures).toEqual([]);
  });
});
