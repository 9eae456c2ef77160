// The project name: -p, then KLEE_PROJECT_NAME, then `name:`, then the directory name (sanitised).

/** Project names: lowercase letters, digits, '-'; no '_' or ':' (src/host/labels.ts splits jail names at '_'). */
export const PROJECT_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Network and container names: a letter or digit, then letters, digits, '_' or '-' (no ':', which labels split at). */
export const OBJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Where the project name came from. */
export type ProjectNameSource = 'option' | 'env' | 'file' | 'directory';

/** The chosen name and its source; `name` is undefined when nothing usable is left. */
export interface ProjectNameChoice {
  name?: string;
  source: ProjectNameSource;
  /** The raw value before sanitising (for messages). */
  raw: string;
}

/**
 * Choose the project name like compose: an explicit -p wins over KLEE_PROJECT_NAME, which wins over
 * the file's `name:`, which wins over the directory name. Explicit names must already be valid
 * (checked by the rules); the directory name is sanitised.
 */
export function chooseProjectName(opts: { option?: string; env?: string; file?: string; dirName: string }): ProjectNameChoice {
  if (opts.option) return { name: opts.option, source: 'option', raw: opts.option };
  if (opts.env) return { name: opts.env, source: 'env', raw: opts.env };
  if (opts.file) return { name: opts.file, source: 'file', raw: opts.file };
  const name = sanitizeProjectName(opts.dirName);
  return { name: name || undefined, source: 'directory', raw: opts.dirName };
}

/** Lowercase, every run of other characters (incl. '_' and '.') becomes '-', leading/trailing '-' dropped. */
export function sanitizeProjectName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
}
