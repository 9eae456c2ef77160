// The hash of everything `npm run build` reads. The build ends with `node scripts/sources-hash.mjs --write`, which
// stores it in dist/.sources-hash; tests that run dist/ compare it with the sources as they are (test/dist-fresh.ts).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What tsc, scripts/build-validator.mjs and scripts/bundle.mjs read (tsconfig.build.json includes src and bench). */
export const BUILD_INPUTS = ['src', 'bench', 'schemas', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

/** Where the build records the hash of the inputs it was built from. */
export const STAMP = 'dist/.sources-hash';

/** sha256 over the inputs' relative paths and contents, in sorted path order. */
export function sourcesHash(root) {
  const files = [];
  const walk = (p) => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    else files.push(p);
  };
  for (const i of BUILD_INPUTS) walk(join(root, i));
  const h = createHash('sha256');
  for (const f of files.map((p) => relative(root, p)).sort()) h.update(`${f}\0`).update(readFileSync(join(root, f))).update('\0');
  return h.digest('hex');
}

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--write') {
  writeFileSync(join(root, STAMP), `${sourcesHash(root)}\n`);
  console.log(`wrote ${join(root, STAMP)}`);
}
