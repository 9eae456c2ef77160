// Hostile input, part 1: every bad kleene.yaml of the corpus is rejected cleanly by `validate` and `plan`, no host command runs.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { badFiles } from './hostile-corpus.js';
import { klee, recording, uncleanRejection, type Recorder } from './hostile-helpers.js';

const rec = vi.hoisted((): Recorder => ({ opened: [], calls: [] }));
vi.mock('../../src/host/open.js', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../src/host/open.js')>();
  return {
    ...mod,
    openHost: async (uri?: string, opts?: import('../../src/host/open.js').OpenOptions) => {
      rec.opened.push(String(uri));
      return recording(await mod.openHost(uri, opts), rec);
    },
  };
});

let root: string;
beforeAll(() => { root = mkdtempSync(join(tmpdir(), 'klee-hostile-')); });
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('hostile input: the bad-file corpus', () => {
  const corpus = badFiles();

  it('has at least 200 files', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
  });

  it('every file: exit 1, file:line:col diagnostics, no stack trace, no host command, < 2 s, bounded heap', { timeout: 120_000 }, async () => {
    const failures: string[] = [];
    let clean = 0;
    let slowest = { name: '', ms: 0 };
    let maxHeapGrowth = 0;
    for (const [i, c] of corpus.entries()) {
      const dir = join(root, `c${i}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'kleene.yaml'), c.content);
      const state = join(dir, 'host.json');
      const why: string[] = [];
      for (const argv of [['validate'], ['plan', '-H', `sim:${state}`]]) {
        rec.opened.length = 0;
        rec.calls.length = 0;
        global.gc?.();
        const heap0 = process.memoryUsage().heapUsed;
        const r = await klee(dir, argv);
        const growth = process.memoryUsage().heapUsed - heap0;
        if (c.huge) maxHeapGrowth = Math.max(maxHeapGrowth, growth);
        if (r.ms > slowest.ms) slowest = { name: `${c.name} ${argv[0]}`, ms: r.ms };
        why.push(...uncleanRejection(r, { file: 'kleene.yaml' }).map((w) => `${argv[0]}: ${w}`));
        if (r.ms > 2000) why.push(`${argv[0]}: took ${Math.round(r.ms)} ms`);
        // The heap may hold the file's text a few times over (string, lines, parse tree): never unbounded.
        if (growth > 64 * Buffer.byteLength(c.content) + (64 << 20)) why.push(`${argv[0]}: heap grew ${growth >> 20} MB`);
        if (rec.calls.length > 0) why.push(`${argv[0]}: ran ${rec.calls.map((a) => a.join(' ')).join('; ')}`);
        if (rec.opened.length > 0) why.push(`${argv[0]}: opened host ${rec.opened.join(', ')}`);
        if (why.length) why.push(`stderr: ${r.stderr.slice(0, 400)}`);
      }
      if (existsSync(state)) why.push('the sim state file was written');
      if (why.length) failures.push(`${c.name}: ${why.join(' | ')}`);
      else clean++;
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`reliability: hostile: ${clean}/${corpus.length} files rejected cleanly (validate and plan; slowest ${slowest.name} ${Math.round(slowest.ms)} ms; max heap growth on huge files ${maxHeapGrowth >> 20} MB)`);
    expect(failures).toEqual([]);
    expect(corpus.length).toBeGreaterThan(0);
    expect(clean).toBe(corpus.length);
  });
});
