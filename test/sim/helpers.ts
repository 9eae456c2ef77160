// Test helpers: a fresh simulated host in a temp dir and a shorthand to run commands on it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSimHost } from '../../src/host/sim/index.js';
import type { CommandResult, Host } from '../../src/host/types.js';

/** A temp state path (the file does not exist yet). */
export function tmpState(): string {
  return join(mkdtempSync(join(tmpdir(), 'klee-sim-')), 'host.json');
}

/** A fresh simulated host plus `sh`, which runs a command (argv array) and returns its result. */
export async function freshHost(query = ''): Promise<{ host: Host; path: string; sh: (...argv: string[]) => Promise<CommandResult> }> {
  const path = tmpState();
  const host = await openSimHost(path + query);
  return { host, path, sh: (...argv: string[]) => host.run(argv) };
}

/** Normalise MACs so outputs can be compared modulo generated addresses. */
export function noMac(s: string): string {
  return s.replace(/([0-9a-f]{2}:){5}[0-9a-f]{2}/g, 'MAC');
}
