import { describe, expect, it } from 'vitest';
import { parseYaml, MAX_FLOW_DEPTH } from '../../src/spec/parse.js';
import { brief, load } from './helpers.js';

describe('parse phase', () => {
  it('parses a map and locates nodes by path', () => {
    const p = parseYaml('containers:\n  db:\n    path: /jails/db\n', 'f.yaml');
    expect(p.diagnostics).toEqual([]);
    expect(p.value).toEqual({ containers: { db: { path: '/jails/db' } } });
    expect(p.locate(['containers', 'db', 'path'])).toEqual({ line: 3, column: 11 });
    expect(p.locate(['containers', 'db', 'path'], 'key')).toEqual({ line: 3, column: 5 });
    // A missing path resolves to its nearest existing ancestor.
    expect(p.locate(['containers', 'db', 'nothing'])).toEqual({ line: 3, column: 5 });
  });

  it('refuses duplicate keys at the second key', () => {
    const p = parseYaml('a: 1\nb: 2\na: 3\n', 'f.yaml');
    expect(p.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([[3, 1, 'duplicate key: each key may appear only once in a map']]);
    expect(p.value).toBeUndefined();
  });

  it("refuses a second YAML document in klee's words, at the line of its ---", () => {
    const p = parseYaml('containers:\n  db:\n    path: /jails/db\n\n--- # another\nname: x\n', 'f.yaml');
    expect(p.diagnostics.map((d) => [d.file, d.line, d.column, d.message, d.hint])).toEqual([
      ['f.yaml', 5, 1, 'a second YAML document starts here: klee reads one document (one project) per file', 'remove this `---` and what follows, or move it to a file of its own'],
    ]);
    expect(p.diagnostics[0].message).not.toMatch(/parseAllDocuments/);
    expect(p.value).toBeUndefined();
    expect(parseYaml('a: 1\n---\nb: 2\n', 'f.yaml').diagnostics.map((d) => [d.line, d.column])).toEqual([[2, 1]]);
  });

  it('reports a syntax error at its line and column', () => {
    const p = parseYaml('containers:\n  db: [a, b\n', 'f.yaml');
    expect(p.diagnostics.length).toBeGreaterThan(0);
    expect(p.diagnostics[0].severity).toBe('error');
    expect(p.diagnostics[0].message).toMatch(/^YAML syntax: /);
    expect([p.diagnostics[0].line, p.diagnostics[0].column]).toEqual([3, 1]);
  });

  it('reports a bad indentation inside a map', () => {
    const p = parseYaml('a:\n  b: 1\n c: 2\n', 'f.yaml');
    expect(p.diagnostics[0].line).toBe(3);
  });

  it('refuses a billion-laughs file quickly', () => {
    let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 10; i++) {
      const c = String.fromCharCode(97 + i);
      const prev = String.fromCharCode(96 + i);
      text += `${c}: &${c} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
    }
    const t = Date.now();
    const r = load(text);
    expect(Date.now() - t).toBeLessThan(2000);
    expect(brief(r)).toEqual(['1:1 error too many alias expansions (more than 100): refusing a possible "billion laughs" file']);
  });

  it('accepts a few aliases', () => {
    const p = parseYaml('x: &p [allow.raw_sockets]\ny: *p\n', 'f.yaml');
    expect(p.value).toEqual({ x: ['allow.raw_sockets'], y: ['allow.raw_sockets'] });
  });

  it('refuses binary input at the first control character', () => {
    const r = load('name: x\nab\u0000\u0001\u0002\u00ff');
    expect(brief(r)).toEqual(['2:3 error not a text YAML file: it contains a binary control character']);
  });

  it('limits the size in bytes, not in characters', () => {
    // 600 000 three-byte characters: under 1 Mi characters, 1.7 MiB of UTF-8.
    const text = `name: demo\n# ${'€'.repeat(600000)}\n`;
    expect(text.length).toBeLessThan(1 << 20);
    expect(brief(load(text))).toEqual(['1:1 error the file is 1.7 MiB: klee reads files up to 1 MiB']);
  });

  it('refuses an empty or blank file', () => {
    expect(brief(load(''))).toEqual(['1:1 error the file is empty']);
    expect(brief(load('\n  \n# only a comment\n')).length).toBe(1);
  });

  it('refuses deeply nested flow collections before parsing', () => {
    const depth = 100_000;
    const t = Date.now();
    const r = load(`a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
    expect(Date.now() - t).toBeLessThan(2000);
    expect(brief(r)).toEqual([`1:${4 + MAX_FLOW_DEPTH} error the file is nested more than ${MAX_FLOW_DEPTH} levels deep`]);
  });

  it('handles deep block nesting without throwing', () => {
    let text = '';
    for (let i = 0; i < 300; i++) text += `${' '.repeat(i)}k${i}:\n`;
    const r = load(text);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics[0].message).toBe('unknown key "k0" at the top level');
  });
});
