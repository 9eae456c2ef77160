// Helpers to read the captured FreeBSD fixtures and the seeds, without their source-header comment lines.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Real FreeBSD captures and seed walk-throughs kept in the repository (test/fixtures/README.md says where each came from).
export const FIXTURES = resolve(import.meta.dirname, '../fixtures/freebsd');
export const SEEDS = resolve(import.meta.dirname, '../fixtures/seeds');

/** A fixture's text with the leading `# ...` header lines (where it came from) removed. */
export function fixture(name: string): string {
  const lines = readFileSync(join(FIXTURES, name), 'utf8').split('\n');
  let i = 0;
  while (i < lines.length && lines[i].startsWith('#')) i++;
  return lines.slice(i).join('\n');
}

/** The lines from the first line matching `start` (inclusive) up to the first matching `end` (exclusive) or the end. */
export function between(text: string, start: RegExp, end?: RegExp): string {
  const lines = text.split('\n');
  const s = lines.findIndex((l) => start.test(l));
  if (s < 0) throw new Error(`no line matches ${start}`);
  const rest = lines.slice(s);
  const e = end ? rest.findIndex((l, i) => i > 0 && end.test(l)) : -1;
  return (e < 0 ? rest : rest.slice(0, e)).join('\n');
}

/** The body of the n-th ```console block of a seed that contains `needle`. */
export function seedBlock(name: string, needle: string): string {
  const text = readFileSync(join(SEEDS, name), 'utf8');
  const blocks = [...text.matchAll(/```console\n([\s\S]*?)```/g)].map((m) => m[1]);
  const b = blocks.find((x) => x.includes(needle));
  if (!b) throw new Error(`no console block with ${needle} in ${name}`);
  return b;
}
