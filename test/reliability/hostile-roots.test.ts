// Roots of two klee projects on one host (issue 14.5, the host side), end to end on the simulated host: the second
// project's container root holds the first's, lies inside it, or sits beside it, in generated spellings (trailing
// and doubled slashes, `.` segments). Nested, its `up` is refused before any command naming the other project's jail,
// whose plan stays empty; beside, both converge; each `down` removes only its own.
import { describe, expect, it } from 'vitest';
import { budget, figure, rng, sandboxWith, SEED } from './harness.js';

const file = (project: string, path: string) => `name: ${project}
containers:
  c: { path: "${path}" }
`;

/** A path spelled another way the kernel resolves the same: a trailing slash, a doubled one, a `.` segment. */
function respell(path: string, next: () => number): string {
  const parts = path.split('/').filter(Boolean);
  const k = Math.floor(next() * parts.length);
  const how = Math.floor(next() * 3);
  if (how === 0) return `${path}/`;
  if (how === 1) return `/${parts.slice(0, k + 1).join('/')}/${['', ...parts.slice(k + 1)].join('/')}`.replace(/\/$/, '');
  return `/${[...parts.slice(0, k + 1), '.', ...parts.slice(k + 1)].join('/')}`;
}

const RELATIONS = [
  { what: 'holds', nested: true, second: (r: string) => r.slice(0, r.lastIndexOf('/')) },
  { what: 'lies inside', nested: true, second: (r: string) => `${r}/sub/dir` },
  { what: 'beside', nested: false, second: (r: string) => `${r}-other` },
  { what: 'a prefix of its name', nested: false, second: (r: string) => r.slice(0, -1) },
] as const;

describe('hostile roots: a root holding or inside another project\'s is refused', () => {
  it('generated roots: nested refused before any command naming the other jail, beside both converge', { timeout: 300_000 }, async () => {
    const next = rng(SEED + 5);
    const cases = Array.from({ length: budget(8, 32) }, (_, i) => {
      const root = `/jails/${['web', 'db', 'srv/app', 'a/b/c'][Math.floor(next() * 4)]}`;
      const rel = RELATIONS[i % RELATIONS.length];
      return { rel, first: root, second: respell(rel.second(root), next) };
    });
    const bad: string[] = [];
    let refused = 0;
    let failed = 0;
    for (const c of cases) {
      const before = bad.length;
      const what = `${c.second} ${c.rel.what} ${c.first}`;
      const a = sandboxWith(file('first', c.first));
      const b = sandboxWith(file('second', c.second));
      const H = ['-H', a.host()];
      try {
        const upA = await a.klee(['up', ...H]);
        if (upA.code !== 0) throw new Error(`first up: ${upA.stderr}`);
        const upB = await b.klee(['up', '--json', ...H]);
        const ran = upB.stdout.split('\n').filter((l) => l.includes('"event":"command"')).length;
        // with --json a failure is the one JSON document on stdout: {"error": {"message": ...}}
        const said = upB.stdout.split('\n').filter((l) => l.startsWith('{"error"')).map((l) => JSON.parse(l).error.message as string).join('\n') + upB.stderr;
        if (c.rel.nested) {
          if (upB.code !== 1 || !said.includes(`${c.rel.what} ${c.first}, the root of jail "first_c" of klee project "first"`) || ran) bad.push(`${what}: second up exit ${upB.code}, ${ran} commands: ${said.slice(0, 300)}`);
          else refused++;
        } else if (upB.code !== 0) bad.push(`${what}: second up failed: ${said.slice(0, 300)}`);
        const planA = await a.klee(['plan', '--detailed-exitcode', ...H]);
        if (planA.code !== 0) bad.push(`${what}: the first project's plan is not empty: ${planA.stdout}${planA.stderr}`);
        for (const x of [b, a]) {
          const down = await x.klee(['down', ...H]);
          if (down.code !== 0) bad.push(`${what}: down: ${down.stderr}`);
        }
        const st = a.state() as any;
        if (st.jails.length) bad.push(`${what}: jails left: ${st.jails.map((j: any) => j.name).join(' ')}`);
      } catch (e) {
        bad.push(`${what}: ${String(e)}`);
      } finally {
        a.remove();
        b.remove();
      }
      if (bad.length > before) failed++;
    }
    figure('hostile: roots', cases.length - failed, cases.length, `pairs of projects' roots (nested either way, or beside, in other spellings) handled (${refused} nested ups refused naming the other jail)`);
    expect(bad).toEqual([]);
  });
});
