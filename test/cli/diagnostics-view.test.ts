// The compiler-like diagnostics view quotes long lines as a window around the column, caret aligned.
import { describe, expect, it } from 'vitest';
import { clip, renderDiagnostics } from '../../src/cli/views/diagnostics.js';

describe('diagnostics view', () => {
  it('quotes a short line whole', () => {
    expect(clip('  type: brige', 9)).toEqual({ line: '  type: brige', column: 9 });
  });

  it('cuts a long line to a window around the column and keeps the caret under it', () => {
    const long = `a: ${'['.repeat(3000)}x${']'.repeat(3000)}`;
    const col = 3 + 3000 + 1; // the "x"
    const { line, column } = clip(long, col);
    expect(line.length).toBeLessThanOrEqual(122);
    expect(line.startsWith('…') && line.endsWith('…')).toBe(true);
    expect(line[column - 1]).toBe('x');
    const out = renderDiagnostics(
      [{ severity: 'error', message: 'too deep', file: '/p/kleene.yaml', line: 1, column: col, path: '' }],
      { sources: new Map([['/p/kleene.yaml', long]]), color: false, cwd: '/p' },
    );
    const [, quoted, caret] = out.split('\n');
    expect(quoted.length).toBeLessThan(140);
    expect(quoted[caret.indexOf('^')]).toBe('x');
  });

  it('a column near the start keeps the head and cuts the tail only', () => {
    const { line, column } = clip(`${'b'.repeat(10)}X${'c'.repeat(500)}`, 11);
    expect(line.startsWith('b')).toBe(true);
    expect(line.endsWith('…')).toBe(true);
    expect(line[column - 1]).toBe('X');
  });
});
