// compose-go's own test cases (test/spec/compose-go-cases.json, ported as data with the files and commits they come from),
// run against klee's substitution (template.ts) and .env parser (dotenv.ts): every value case must come out as compose's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { substitute } from '../../src/spec/template.js';
import { parseDotenv } from '../../src/spec/dotenv.js';

interface TemplateCase { source: string; template: string; expected?: string; error?: string | null; vars?: string }
interface DotenvCase { source: string; text: string; env?: Record<string, string>; expected?: Record<string, string>; exact?: true; error?: string }

const data = JSON.parse(readFileSync(new URL('./compose-go-cases.json', import.meta.url), 'utf8')) as {
  template: { vars: Record<string, string>; cases: TemplateCase[] };
  interpolation: { vars: Record<string, Record<string, string>>; cases: TemplateCase[] };
  dotenv: { cases: DotenvCase[] };
};

/** Check one substitution case: the value, or an error (containing compose's text when the case gives one). */
function checkTemplate(c: TemplateCase, vars: Record<string, string>): void {
  const r = substitute(c.template, (n) => (Object.hasOwn(vars, n) ? vars[n] : undefined));
  if ('error' in c) {
    expect(r.errors.length, `${c.template} must fail`).toBeGreaterThan(0);
    if (c.error) expect(r.errors[0]).toBe(c.error);
  } else {
    expect(r.errors).toEqual([]);
    expect(r.value).toBe(c.expected);
  }
}

describe('compose-go template/template_test.go', () => {
  it.each(data.template.cases.map((c) => [c.source, c.template, c] as const))('%s: %s', (_s, _t, c) => checkTemplate(c, data.template.vars));
});

describe('compose-go interpolation/interpolation_test.go', () => {
  it.each(data.interpolation.cases.map((c) => [c.source, c.template, c] as const))('%s: %s', (_s, _t, c) => checkTemplate(c, data.interpolation.vars[c.vars!]));
});

describe('compose-go dotenv tests and fixtures', () => {
  it.each(data.dotenv.cases.map((c) => [c.source, JSON.stringify(c.text), c] as const))('%s: %s', (_s, _t, c) => {
    const r = parseDotenv(c.text, c.env ?? {});
    if (c.error !== undefined) {
      expect(r.problems.length, 'must be refused').toBeGreaterThan(0);
      expect(r.problems[0].message).toContain(c.error);
      return;
    }
    expect(r.problems).toEqual([]);
    if (c.exact) expect(r.vars).toEqual(c.expected);
    else expect(r.vars).toMatchObject(c.expected!);
  });

  it('covers the cases the issue names', () => {
    const texts = data.dotenv.cases.map((c) => c.text);
    // multi-line quoted values, `KEY: value`, unicode and bracket keys, `=value`, `KEY='value\'`, `\$`, octal escapes.
    for (const needle of ["'first line\nsecond line", 'OPTION_A: 1', 'a[1]=c', '="value"', "KEY='value\\'", 'foo\\$BAR', '\\0123']) {
      expect(texts.some((t) => t.includes(needle)), needle).toBe(true);
    }
  });
});
