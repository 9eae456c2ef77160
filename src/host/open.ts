// openHost: a host URI (-H/--host, KLEE_HOST) to a Host backend.
import type { Host } from './types.js';
import type { SshSpawn } from './backends/ssh-spawn.js';
import { UserError } from '../errors.js';

/** Options passed to backends (tests: lock directories, a fake ssh program or the simulated sshd). */
export interface OpenOptions {
  lockDir?: string;
  ssh?: string;
  sshSpawn?: SshSpawn;
}

/** The valid forms, for messages. */
export const HOST_FORMS = 'local, ssh://[user@]host[:port], sim:PATH, snapshot:PATH';

/** Open `local` (default), `ssh://...`, `snapshot:PATH` or `sim:PATH[?query]`; backends load lazily. */
export async function openHost(uri = 'local', opts: OpenOptions = {}): Promise<Host> {
  if (uri === '' || uri === 'local') return (await import('./backends/local.js')).openLocal({ lockDir: opts.lockDir });
  if (uri.startsWith('ssh://')) return (await import('./backends/ssh.js')).openSsh(uri, { ssh: opts.ssh, spawn: opts.sshSpawn, lockDir: opts.lockDir });
  if (uri.startsWith('snapshot:')) {
    const path = uri.slice('snapshot:'.length);
    if (!path) throw new UserError('snapshot: needs a path: -H snapshot:PATH');
    return (await import('./backends/snapshot.js')).openSnapshot(path);
  }
  if (uri.startsWith('sim:')) {
    const rest = uri.slice('sim:'.length);
    if (!rest) throw new UserError('sim: needs a path: -H sim:PATH (created empty if missing)');
    // The simulator lives in src/host/sim (its own module), loaded only for sim: hosts. The specifier is a literal so that
    // esbuild puts it in a chunk of the bundled binary (scripts/bundle.mjs).
    const sim = await import('./sim/index.js');
    return sim.openSimHost(rest);
  }
  throw new UserError(`unknown host "${uri}": use one of ${HOST_FORMS}`, 'select it with -H/--host or KLEE_HOST');
}
