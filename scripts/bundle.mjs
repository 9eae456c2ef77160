// Bundle the `klee` binary with esbuild (start-up: one resolve and compile per chunk instead of ~200 files).
// Input: tsc's output dist/src/cli/main.js, where scripts/build-validator.mjs has put the precompiled schema validator
// (dist/src/spec/schema-validator.js, imported by load-spec with a literal specifier, so it is bundled too).
// Output: dist/bin/klee.js (package.json "bin") and its chunks: each command's lazy import() stays a separate chunk.
import { build } from 'esbuild';
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist/src/cli/main.js');
const outdir = join(root, 'dist/bin');
for (const f of [entry, join(root, 'dist/src/spec/schema-validator.js')]) {
  if (!existsSync(f)) throw new Error(`bundle: ${f} is missing: run tsc and scripts/build-validator.mjs first`);
}
rmSync(outdir, { recursive: true, force: true });

const result = await build({
  entryPoints: { klee: entry },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  splitting: true,
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // Bundled CommonJS packages (yaml, commander) call require() for node builtins; ESM has no require of its own.
  banner: { js: "import { createRequire as __kleeCreateRequire } from 'node:module'; const require = __kleeCreateRequire(import.meta.url);" },
  // ajv's compiler is loaded only by the runtime fallback (src/spec/schema-runtime.ts, through createRequire): not bundled.
  logLevel: 'warning',
  metafile: true,
  legalComments: 'none',
});
chmodSync(join(outdir, 'klee.js'), 0o755);
const outputs = Object.entries(result.metafile.outputs);
const bytes = outputs.reduce((n, [, o]) => n + o.bytes, 0);
console.log(`wrote ${join(outdir, 'klee.js')} and ${outputs.length - 1} chunks (${Math.round(bytes / 1024)} KiB)`);
