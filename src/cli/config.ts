// `klee config`: the normalised file (variables interpolated, defaults filled) as YAML, or JSON with --json;
// `--services` / `--networks` list the names only (compose's `config --services`).
import { stringify } from 'yaml';
import type { CliContext } from './context.js';
import { invalidFile, printDiagnostics, readSpec } from './load-spec.js';
import { hasErrors } from '../spec/diagnostic.js';

/** Options of `klee config`. */
export interface ConfigOptions {
  services?: boolean;
  networks?: boolean;
}

/** Print the normalised document (or its names); an invalid file prints its diagnostics and exits 1. */
export async function run(ctx: CliContext, opts: ConfigOptions = {}): Promise<number> {
  const r = await readSpec(ctx);
  printDiagnostics(ctx, r);
  if (hasErrors(r.diagnostics) || !r.normalized) throw invalidFile(r);
  const doc = r.normalized;
  if (opts.services || opts.networks) {
    const names = [...(opts.services ? Object.keys(doc.containers) : []), ...(opts.networks ? Object.keys(doc.networks) : [])];
    ctx.io.stdout.write(ctx.json ? `${JSON.stringify(names)}\n` : names.map((n) => `${n}\n`).join(''));
    return 0;
  }
  ctx.io.stdout.write(ctx.json ? `${JSON.stringify(doc, null, 2)}\n` : stringify(doc, { lineWidth: 0 }));
  return 0;
}
