// The shipped `klee` binary, read from package.json "bin" (the bundle built by `npm run build`), for tests that spawn it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** Absolute path of package.json's bin.klee (dist/bin/klee.js): what `npx klee` and an installed klee run. */
export const BIN = resolve(root, (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { bin: { klee: string } }).bin.klee);
