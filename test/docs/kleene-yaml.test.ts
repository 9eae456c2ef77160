// docs/kleene-yaml.md is generated from the schema (scripts/kleene-yaml-doc.mjs): this fails when they drift apart,
// and when a key of the schema has no row, description or example there.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { currentReference, sections } from '../../scripts/kleene-yaml-doc.mjs';

const root = new URL('../../', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('schemas/kleene.schema.json', root), 'utf8'));
const doc = readFileSync(new URL('docs/kleene-yaml.md', root), 'utf8');

describe('docs/kleene-yaml.md', () => {
  it('is what the schema generates (run `npm run docs` after changing the schema)', () => {
    expect(doc).toBe(currentReference());
  });

  it.each(sections(schema) as [string, Record<string, any>][])('every %s key has a row, a description and an example', (_where, props) => {
    for (const [key, prop] of Object.entries(props)) {
      expect(doc, key).toMatch(new RegExp(`^\\| \`${key}\` \\|`, 'm'));
      expect(prop.description, key).toBeTruthy();
      expect(prop.examples?.length, `${key} has examples`).toBeGreaterThan(0);
    }
  });

  it('is linked from the README', () => {
    expect(readFileSync(new URL('README.md', root), 'utf8')).toContain('docs/kleene-yaml.md');
  });
});
