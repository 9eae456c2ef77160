// The build's stamp: the hash of the build's inputs changes with any of them and with nothing else.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILD_INPUTS, sourcesHash } from '../scripts/sources-hash.mjs';

const root = mkdtempSync(join(tmpdir(), 'klee-stamp-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const put = (rel: string, text: string) => {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
};

describe('sourcesHash (dist/.sources-hash)', () => {
  it('changes when a source changes, is added or is renamed; not for files the build does not read', () => {
    put('src/a.ts', 'export const a = 1;\n');
    put('package.json', '{}\n');
    const h0 = sourcesHash(root);
    expect(sourcesHash(root)).toBe(h0);
    put('test/x.test.ts', 'anything'); // tests are not build inputs
    put('docs/x.md', 'anything');
    expect(sourcesHash(root)).toBe(h0);
    put('src/a.ts', 'export const a = 2;\n');
    const h1 = sourcesHash(root);
    expect(h1).not.toBe(h0);
    put('schemas/kleene.schema.json', '{}');
    const h2 = sourcesHash(root);
    expect(h2).not.toBe(h1);
    rmSync(join(root, 'src/a.ts'));
    put('src/b.ts', 'export const a = 2;\n'); // same content, another path
    expect(sourcesHash(root)).not.toBe(h2);
    expect(BUILD_INPUTS).toEqual(expect.arrayContaining(['src', 'schemas', 'scripts', 'package-lock.json', 'tsconfig.build.json']));
  });
});
