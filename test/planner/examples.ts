// Test helper: the repository's examples loaded through the real loader.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpec } from '../../src/spec/load.js';
import type { Spec } from '../../src/spec/types.js';

export const EXAMPLES_DIR = join(import.meta.dirname, '../../examples');

/** Names of examples/*.yaml without extension, sorted. */
export function exampleNames(): string[] {
  return readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
}

/** Load one example (env for ${VAR} interpolation). */
export function loadExample(name: string, env: Record<string, string> = {}, text?: string): Spec {
  const file = join(EXAMPLES_DIR, `${name}.yaml`);
  const r = loadSpec({ text: text ?? readFileSync(file, 'utf8'), file, env, dirName: 'examples' });
  if (!r.spec) throw new Error(`example ${name}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.spec;
}

/**
 * What the simulator must be told about a file's programs (docs/simulator.md `prog=`): an example whose programs'
 * behaviour matters carries it in a `# sim-controls: <query>` comment line.
 */
export function simControls(text: string): string {
  return /^# sim-controls: (\S+)$/m.exec(text)?.[1] ?? '';
}
