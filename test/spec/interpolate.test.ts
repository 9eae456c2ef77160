import { describe, expect, it } from 'vitest';
import { substitute } from '../../src/spec/template.js';
import { parseDotenv } from '../../src/spec/dotenv.js';
import { interpolate } from '../../src/spec/interpolate.js';
import { brief, load, y } from './helpers.js';

const vars: Record<string, string> = { SET: 'value', EMPTY: '' };
const look = (n: string) => vars[n];

describe('substitute (compose rules)', () => {
  it.each([
    ['plain', 'plain'],
    ['$$SET', '$SET'],
    ['a$SET-b', 'avalue-b'],
    ['${SET}', 'value'],
    ['${SET:-d}', 'value'],
    ['${EMPTY:-d}', 'd'],
    ['${EMPTY-d}', ''],
    ['${UNSET-d}', 'd'],
    ['${UNSET:-d}', 'd'],
    ['${UNSET:-${SET}}', 'value'],
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['cost $ 5', 'cost $ 5'],
  ])('%s -> %s', (input, out) => {
    const r = substitute(input, look);
    expect(r.value).toBe(out);
    expect(r.errors).toEqual([]);
  });

  it('required variables', () => {
    expect(substitute('${UNSET:?give it}', look).errors).toEqual(['required variable UNSET is missing a value: give it']);
    expect(substitute('${EMPTY:?}', look).errors).toEqual(['required variable EMPTY is missing a value']);
    expect(substitute('${EMPTY?x}', look)).toEqual({ value: '', errors: [], unset: [] });
    expect(substitute('${UNSET?}', look).errors).toEqual(['required variable UNSET is missing a value']);
  });

  it('unset variables without default are reported as unset', () => {
    expect(substitute('a${UNSET}b$OTHER', look)).toEqual({ value: 'ab', errors: [], unset: ['UNSET', 'OTHER'] });
  });

  it('malformed templates are errors', () => {
    expect(substitute('${SET', look).errors[0]).toContain('missing "}"');
    expect(substitute('${1A}', look).errors[0]).toContain('invalid interpolation');
    expect(substitute('${SET!x}', look).errors[0]).toContain('invalid interpolation');
  });
});

describe('.env parsing', () => {
  it('reads KEY=VALUE forms, quotes and comments', () => {
    const text = ['# comment', 'A=1', 'export B = two words # trailing', "C='${A} literal'", 'D="line\\nbreak ${A}"', 'E=${A}x', '', 'BARE'].join('\n');
    expect(parseDotenv(text)).toEqual({ vars: { A: '1', B: 'two words', C: '${A} literal', D: 'line\nbreak 1', E: '1x' }, problems: [] });
  });
  it('reports malformed lines by number, all of them', () => {
    expect(parseDotenv('A=1\nbad key=2\nC=${NOPE:?give it}\nD$=4\nB="open\n').problems).toEqual([
      { line: 2, message: 'key "bad key" cannot contain a space' },
      { line: 3, message: 'C: required variable NOPE is missing a value: give it' },
      { line: 4, message: 'unexpected character "$" in variable name "D$=4"' },
      { line: 5, message: 'unterminated double quote in the value of B' },
    ]);
  });

  it('the real environment wins inside .env too (compose), over an earlier line', () => {
    expect(parseDotenv('A=file\nB=${A}\n', { A: 'env' }).vars).toEqual({ A: 'file', B: 'env' });
  });

  it('bounds the size of its values after interpolation, at the line that crosses it', () => {
    const big = 'x'.repeat(400_000);
    const r = parseDotenv(`BIG=${big}\nMANY=${'$BIG'.repeat(3000)}\n`);
    expect(r.problems).toEqual([{ line: 2, message: `MANY: the value is longer than ${(1 << 20) - 400_000} characters after interpolation` }]);
    expect(Object.keys(r.vars)).toEqual(['BIG']);
  });
});

describe('interpolate phase', () => {
  it('substitutes values only, never keys, and leaves the input untouched', () => {
    const input = { containers: { '${X}': { path: '/jails/${X}' } } };
    const r = interpolate(input, { env: { X: 'db' } }, () => ({ line: 1, column: 1 }), 'f');
    expect(r.value).toEqual({ containers: { '${X}': { path: '/jails/db' } } });
    expect(input.containers['${X}'].path).toBe('/jails/${X}');
  });

  it('the real environment wins over .env; .env fills the rest', () => {
    const r = load(y(`
      containers:
        a:
          path: /jails/\${WHERE}
          hostname: \${HOST}
    `), { env: { WHERE: 'env' }, envText: 'WHERE=dotenv\nHOST=fromdotenv\n' });
    expect(r.diagnostics).toEqual([]);
    expect(r.spec!.containers[0].path).toBe('/jails/env');
    expect(r.spec!.containers[0].hostname).toBe('fromdotenv');
  });

  it('a missing required variable is an error at the scalar that uses it', () => {
    const r = load(y(`
      containers:
        a:
          path: /jails/a
          user: \${RUN_AS:?set RUN_AS to the jail user}
    `));
    expect(brief(r)).toEqual(['4:11 error required variable RUN_AS is missing a value: set RUN_AS to the jail user']);
    expect(r.diagnostics[0].path).toBe('containers.a.user');
    expect(r.diagnostics[0].hint).toBe('set it in the environment or in .env beside the file');
  });

  it('an unset variable without default is a warning, once per variable', () => {
    const r = load(y(`
      containers:
        a:
          path: /jails/a\${SUFFIX}
          hostname: h\${SUFFIX}
    `));
    expect(brief(r)).toEqual(['3:11 warning variable SUFFIX is not set; using an empty string']);
    expect(r.spec!.containers[0].path).toBe('/jails/a');
  });

  it('casts interpolated booleans where the schema wants them', () => {
    const r = load(y(`
      networks:
        n:
          icc: \${ICC}
          internal: \${INTERNAL:-false}
          nat: \${NAT}
      containers:
        a: { path: /jails/a, allow_host_exec: "\${TRUST}" }
    `), { env: { ICC: 'false', NAT: 'em0', TRUST: 'yes' } });
    expect(r.diagnostics).toEqual([]);
    expect(r.spec!.networks[0]).toMatchObject({ icc: false, internal: false, nat: 'em0' });
    expect(r.spec!.containers[0].allowHostExec).toBe(true);
  });

  it('a non-boolean interpolated into a boolean field is a schema error at that scalar', () => {
    const r = load('networks:\n  n:\n    icc: ${ICC}\n', { env: { ICC: 'maybe' } });
    expect(brief(r)).toEqual(['3:10 error networks.n.icc must be true or false, not the string "maybe"']);
  });

  it('.env problems are reported against the .env file', () => {
    const r = loadWithEnvFile();
    expect(r.diagnostics.map((d) => [d.file, d.line, d.message])).toEqual([['/p/.env', 2, 'key "not a line" cannot contain a space']]);
  });

  it('bounds the document after interpolation, with an error at the value that crosses the bound (issue 14, item 14)', () => {
    // 120 KB referenced 4,000 times was accepted (a 480 MB value); 400 KB referenced 3,000 times was an internal RangeError.
    for (const [size, refs] of [[120_000, 4000], [400_000, 3000]]) {
      const r = load(`containers:\n  a:\n    path: /jails/a\n    env:\n      X: "${'${BIG}'.repeat(refs)}"\n`, { env: { BIG: 'x'.repeat(size) } });
      expect(brief(r)).toEqual([`5:10 error interpolation makes the file's values longer than ${1 << 20} characters (the limit on the file itself) at this value`]);
      expect(r.diagnostics[0].path).toBe('containers.a.env.X');
    }
    // Below the bound, many references are fine.
    const ok = load('containers:\n  a:\n    path: /jails/a\n    env:\n      X: "${BIG}${BIG}"\n', { env: { BIG: 'x'.repeat(100_000) } });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.spec!.containers[0].env.X).toHaveLength(200_000);
  });
});

import { loadSpec } from '../../src/spec/load.js';
function loadWithEnvFile() {
  return loadSpec({ text: 'containers: {}\n', file: '/p/kleene.yaml', env: {}, envText: 'A=1\nnot a line\n', envFile: '/p/.env', dirName: 'p' });
}
