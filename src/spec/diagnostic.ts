// Diagnostic helpers shared by the loader's phases: paths, construction, file-order sorting.
import type { Diagnostic } from './types.js';

/** A location in the document: map keys and list indexes from the root. */
export type Path = (string | number)[];

/** A 1-based line and column (0/0 when unknown). */
export interface Pos {
  line: number;
  column: number;
}

/** Finds the position of a path's key ('key') or value ('value', default) in the source. */
export type Locator = (path: Path, at?: 'key' | 'value') => Pos;

/** The dotted form of a path ("containers.db.networks.0"). */
export function dotted(path: Path): string {
  return path.map(String).join('.');
}

/** Build a diagnostic at a path, located by the locator. */
export function diagAt(
  locate: Locator,
  file: string,
  severity: Diagnostic['severity'],
  path: Path,
  message: string,
  opts: { hint?: string; at?: 'key' | 'value' } = {},
): Diagnostic {
  const pos = locate(path, opts.at);
  const d: Diagnostic = { severity, message, file, line: pos.line, column: pos.column, path: dotted(path) };
  if (opts.hint !== undefined) d.hint = opts.hint;
  return d;
}

/** Sort diagnostics in file order (line, column), errors before warnings at the same place; stable otherwise. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds
    .map((d, i) => ({ d, i }))
    .sort((a, b) =>
      a.d.file.localeCompare(b.d.file) ||
      a.d.line - b.d.line ||
      a.d.column - b.d.column ||
      (a.d.severity === b.d.severity ? 0 : a.d.severity === 'error' ? -1 : 1) ||
      a.i - b.i)
    .map((x) => x.d);
}

/** True when any diagnostic is an error. */
export function hasErrors(ds: Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}
