// klee's own version, read from its package.json (the same file from src/, dist/src/ and the bundle's chunks).
import { readFileSync } from 'node:fs';

/** The version in package.json; "unknown" when the package file cannot be found (a copied bundle). */
export function kleeVersion(): string {
  for (const rel of ['../package.json', '../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'klee' && pkg.version) return pkg.version;
    } catch { /* try the next layout (src/cli, dist/src/cli, dist/bin/chunks) */ }
  }
  return 'unknown';
}
