// Tests that run the build (dist/bin/klee.js, dist/src) must not run a stale one: `npx vitest run` does not build.
// Call useFreshDist() at the top of such a file: before its tests, dist/ is rebuilt when its stamp (written by
// `npm run build`, scripts/sources-hash.mjs) differs from the sources as they are. One build at a time: test files run
// in parallel forks, so the build is taken under a lock directory and the stamp checked again once it is held.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll } from 'vitest';
import { sourcesHash, STAMP } from '../scripts/sources-hash.mjs';

const root = resolve(import.meta.dirname, '..');
const LOCK = join(root, 'dist-build.lock');
/** A lock older than this was left by a killed build. */
const STALE_MS = 120_000;

/** True when dist/ was built from exactly the current sources. */
export function distIsFresh(): boolean {
  const stamp = join(root, STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === sourcesHash(root);
}

/** Build dist/ unless it is fresh; throws with the build's output when the build fails. */
export async function ensureFreshDist(): Promise<void> {
  if (distIsFresh()) return;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (distIsFresh()) return; // another fork built it while we waited
    const b = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`dist/ is older than the sources and \`npm run build\` failed:\n${b.stdout}${b.stderr}`);
    if (!distIsFresh()) throw new Error('dist/ is still stale after `npm run build`: the sources changed during the build');
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Register ensureFreshDist before the file's tests. */
export function useFreshDist(): void {
  beforeAll(ensureFreshDist, 180_000);
}
