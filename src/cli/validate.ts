// `klee validate`: check the file; exit 0 when valid (warnings allowed), 1 when not; --json for scripts.
import type { CliContext } from './context.js';
import { printDiagnostics, readSpec } from './load-spec.js';
import { hasErrors } from '../spec/diagnostic.js';

/** Validate the project file and report every diagnostic. */
export async function run(ctx: CliContext): Promise<number> {
  const r = await readSpec(ctx);
  const valid = !hasErrors(r.diagnostics) && r.spec !== undefined;
  if (ctx.json) {
    // The JSON contract scripts rely on (fields may be added, never changed): {"valid", "diagnostics": [{"severity","message","file","line","column","path","hint"?}]}
    const diagnostics = r.diagnostics.map((d) => ({ severity: d.severity, message: d.message, file: d.file, line: d.line, column: d.column, path: d.path, ...(d.hint !== undefined ? { hint: d.hint } : {}) }));
    ctx.io.stdout.write(`${JSON.stringify({ valid, diagnostics }, null, 2)}\n`);
    return valid ? 0 : 1;
  }
  printDiagnostics(ctx, r);
  if (valid) {
    const s = r.spec!;
    ctx.io.stdout.write(`${ctx.file ?? r.file.split('/').pop()} is valid: project ${s.project}, ${s.networks.length} network${s.networks.length === 1 ? '' : 's'}, ${s.containers.length} container${s.containers.length === 1 ? '' : 's'}\n`);
  }
  return valid ? 0 : 1;
}
