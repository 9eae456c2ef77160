// `klee config`: the normalised file (variables interpolated, defaults filled) as YAML, or JSON with --json.
import { stringify } from 'yaml';
import type { CliContext } from './context.js';
import { printDiagnostics, readSpec } from './load-spec.js';
import { hasErrors } from '../spec/diagnostic.js';

/** Print the normalised document; an invalid file prints its diagnostics and exits 1. */
export async function run(ctx: CliContext): Promise<number> {
  const r = await readSpec(ctx);
  printDiagnostics(ctx, r);
  if (hasErrors(r.diagnostics) || !r.normalized) return 1;
  const doc = r.normalized;
  ctx.io.stdout.write(ctx.json ? `${JSON.stringify(doc, null, 2)}\n` : stringify(doc, { lineWidth: 0 }));
  return 0;
}
