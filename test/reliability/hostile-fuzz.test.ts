// Hostile input, part 2: seeded random byte/line/token mutations of every example. Each result either validates (and
// `plan` against a fresh simulated host succeeds or fails with a user error) or is rejected with positioned diagnostics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { klee, uncleanRejection } from './hostile-helpers.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).sort().map((f) => readFileSync(join(EXAMPLES, f), 'utf8'));
const TOKENS = [':', '- ', '[', ']', '{', '}', ',', '"', "'", '&a ', '*a', '!!str ', '|', '>', '#', '\t', '  ', '\n', '${X}', '$(id)', ';', '..', '/', '0', '-1', '999999', 'null', 'true', '~', '10.10.0.300', 'fd00::/129', 'vnet', 'bridge', 'klee:x', '\u0430', '\u200d', '\ufeff', '\u0000', '\r'];

type Mut = (text: string) => string;
/** One mutation: a byte changed, a line deleted/duplicated/moved, a token inserted, or the file cut. */
const mutation: fc.Arbitrary<{ what: string; apply: Mut }> = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([i, b]) => ({ what: `byte ${b} at ${i}`, apply: (t: string) => { const k = i % t.length; return t.slice(0, k) + String.fromCharCode(b) + t.slice(k + 1); } })),
  fc.nat().map((i) => ({ what: `delete line ${i}`, apply: (t: string) => { const ls = t.split('\n'); ls.splice(i % ls.length, 1); return ls.join('\n'); } })),
  fc.nat().map((i) => ({ what: `duplicate line ${i}`, apply: (t: string) => { const ls = t.split('\n'); const k = i % ls.length; ls.splice(k, 0, ls[k]); return ls.join('\n'); } })),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]) => ({ what: `swap lines ${i} ${j}`, apply: (t: string) => { const ls = t.split('\n'); const a = i % ls.length; const b = j % ls.length; [ls[a], ls[b]] = [ls[b], ls[a]]; return ls.join('\n'); } })),
  fc.tuple(fc.nat(), fc.constantFrom(...TOKENS)).map(([i, tok]) => ({ what: `insert ${JSON.stringify(tok)} at ${i}`, apply: (t: string) => { const k = i % t.length; return t.slice(0, k) + tok + t.slice(k); } })),
  fc.nat().map((i) => ({ what: `cut at ${i}`, apply: (t: string) => t.slice(0, i % t.length) })),
);

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'klee-hostile-fuzz-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile input: fuzzed examples', () => {
  it('every mutation validates (and plans or fails as a user error) or is rejected with a line, exit 1, no stack trace', { timeout: 120_000 }, async () => {
    const runs = Number(process.env.KLEE_FUZZ_RUNS ?? 300);
    const stats = { tried: 0, valid: 0, planned: 0, refusedPlan: 0, rejected: 0 };
    const bad: string[] = [];
    let n = 0;
    await fc.assert(fc.asyncProperty(fc.nat({ max: examples.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (e, muts) => {
      stats.tried++;
      const text = muts.reduce((t, m) => m.apply(t), examples[e]);
      writeFileSync(join(dir, 'kleene.yaml'), text);
      const label = `example ${e} ${muts.map((m) => m.what).join(', ')}`;
      const v = await klee(dir, ['validate']);
      if (v.code === 0) {
        stats.valid++;
        const p = await klee(dir, ['plan', '-H', `sim:${join(dir, `host-${n++}.json`)}`]);
        if (/^ {4}at /m.test(p.stderr) || /internal error/.test(p.stderr)) bad.push(`${label}: plan crashed: ${p.stderr.slice(0, 300)}`);
        else if (p.code === 0) stats.planned++;
        else if (p.code === 1 && /^klee: /m.test(p.stderr)) stats.refusedPlan++;
        else bad.push(`${label}: plan exit ${p.code}: ${p.stderr.slice(0, 300)}`);
      } else {
        stats.rejected++;
        const why = uncleanRejection(v, { file: 'kleene.yaml' });
        if (why.length) bad.push(`${label}: ${why.join(', ')}: ${v.stderr.slice(0, 300)}`);
      }
    }), { seed: 806, numRuns: runs });
    console.log(`reliability: hostile: fuzz: ${stats.tried - bad.length}/${stats.tried} mutated examples handled cleanly (${stats.rejected} rejected with a line, ${stats.valid} valid: ${stats.planned} planned, ${stats.refusedPlan} refused by plan with a user error)`);
    expect(bad).toEqual([]);
    expect(stats.tried).toBe(runs);
    // both ways out were taken: mutations the loader rejected and mutations it accepted and planned
    expect([stats.rejected > 0, stats.planned > 0]).toEqual([true, true]);
  });
});
