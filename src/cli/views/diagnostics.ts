// Human view of diagnostics, like a compiler: file:line:col: severity: message, the line, a caret, a hint.
import { relative, isAbsolute } from 'node:path';
import type { Diagnostic } from '../../spec/types.js';

const ANSI = { red: '\x1b[31m', yellow: '\x1b[33m', bold: '\x1b[1m', dim: '\x1b[2m', cyan: '\x1b[36m', reset: '\x1b[0m' };

/** Options of the view: the source texts by file (for the quoted line), colour, and the directory paths are shown relative to. */
export interface DiagnosticViewOptions {
  sources: Map<string, string>;
  color: boolean;
  cwd: string;
}

/** Render diagnostics (in file order) followed by a one-line summary. */
export function renderDiagnostics(diags: Diagnostic[], opts: DiagnosticViewOptions): string {
  const paint = (code: string, s: string) => (opts.color ? `${code}${s}${ANSI.reset}` : s);
  const linesOf = new Map<string, string[]>();
  let out = '';
  for (const d of diags) {
    const shown = displayPath(d.file, opts.cwd);
    const where = d.line > 0 ? `${shown}:${d.line}:${d.column}` : shown;
    const sev = d.severity === 'error' ? paint(ANSI.red + ANSI.bold, 'error') : paint(ANSI.yellow + ANSI.bold, 'warning');
    out += `${paint(ANSI.bold, where)}: ${sev}: ${d.message}\n`;
    const src = opts.sources.get(d.file);
    if (src !== undefined && d.line > 0) {
      if (!linesOf.has(d.file)) linesOf.set(d.file, src.split(/\r?\n/));
      const full = linesOf.get(d.file)![d.line - 1];
      if (full !== undefined) {
        const num = String(d.line);
        const gutter = ' '.repeat(num.length);
        const { line, column } = clip(full, d.column);
        // Keep tabs under the caret so it lines up with the quoted line.
        const pad = line.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, ' ');
        out += `${paint(ANSI.dim, ` ${num} |`)} ${line}\n${paint(ANSI.dim, ` ${gutter} |`)} ${pad}${paint(d.severity === 'error' ? ANSI.red : ANSI.yellow, '^')}\n`;
      }
    }
    if (d.hint) out += `  ${paint(ANSI.cyan, 'hint:')} ${d.hint}\n`;
  }
  const errors = diags.filter((d) => d.severity === 'error').length;
  const warnings = diags.length - errors;
  if (diags.length > 0) out += `${count(errors, 'error')}, ${count(warnings, 'warning')}\n`;
  return out;
}

/** Lines longer than this are quoted as a window around the column, with "…" where cut. */
const MAX_QUOTED = 120;

/** A long line cut to a window around the column (1-based), and the column within it. */
export function clip(line: string, column: number): { line: string; column: number } {
  if (line.length <= MAX_QUOTED) return { line, column };
  const start = Math.max(0, Math.min(column - 1 - MAX_QUOTED / 2, line.length - MAX_QUOTED));
  const head = start > 0 ? '…' : '';
  const tail = start + MAX_QUOTED < line.length ? '…' : '';
  return { line: `${head}${line.slice(start, start + MAX_QUOTED)}${tail}`, column: column - start + head.length };
}

/** "1 error", "2 warnings". */
function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A path relative to cwd when it lies below it, else as given. */
export function displayPath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
