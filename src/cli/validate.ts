// `klee validate`: check the file; exit 0 when valid (warnings allowed), 1 when not; --json for scripts, --format for CI.
import type { CliContext } from './context.js';
import { printDiagnostics, readSpec } from './load-spec.js';
import { hasErrors } from '../spec/diagnostic.js';
import { githubAnnotations, gitlabCodeQuality } from './views/annotations.js';

/** Options of `klee validate`. */
export interface ValidateOptions {
  /** text (default): the compiler-style view; github: workflow annotations; gitlab: a Code Quality report. */
  format?: 'text' | 'github' | 'gitlab';
}

/** Validate the project file and report every diagnostic. */
export async function run(ctx: CliContext, opts: ValidateOptions = {}): Promise<number> {
  const r = await readSpec(ctx);
  const valid = !hasErrors(r.diagnostics) && r.spec !== undefined;
  if (ctx.json) {
    // The JSON contract scripts rely on (fields may be added, never changed): {"valid", "diagnostics": [{"severity","message","file","line","column","path","hint"?}]}
    const diagnostics = r.diagnostics.map((d) => ({ severity: d.severity, message: d.message, file: d.file, line: d.line, column: d.column, path: d.path, ...(d.hint !== undefined ? { hint: d.hint } : {}) }));
    ctx.io.stdout.write(`${JSON.stringify({ valid, diagnostics }, null, 2)}\n`);
    return valid ? 0 : 1;
  }
  if (opts.format === 'github' || opts.format === 'gitlab') {
    ctx.io.stdout.write((opts.format === 'github' ? githubAnnotations : gitlabCodeQuality)(r.diagnostics, ctx.cwd));
    return valid ? 0 : 1;
  }
  printDiagnostics(ctx, r);
  if (valid) {
    const s = r.spec!;
    ctx.io.stdout.write(`${r.shownAs} is valid: project ${s.project}, ${s.networks.length} network${s.networks.length === 1 ? '' : 's'}, ${s.containers.length} container${s.containers.length === 1 ? '' : 's'}\n`);
  }
  return valid ? 0 : 1;
}
