// Test helpers: load inline YAML through the pure loader.
import { loadSpec, type LoadResult } from '../../src/spec/load.js';

/** Load inline YAML as kleene.yaml in directory "proj", with an empty environment unless given. */
export function load(text: string, opts: { env?: Record<string, string>; envText?: string; projectName?: string; dirName?: string } = {}): LoadResult {
  return loadSpec({ text, file: 'kleene.yaml', env: opts.env ?? {}, envText: opts.envText, projectName: opts.projectName, dirName: opts.dirName ?? 'proj' });
}

/** Diagnostics as compact "line:col severity message" strings. */
export function brief(r: LoadResult): string[] {
  return r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.message}`);
}

/** Strip a common leading indentation so inline YAML can be indented in tests. */
export function y(s: string): string {
  const lines = s.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
