// openHost: a host URI (-H/--host, KLEE_HOST) to a Host backend.
import type { Host } from './types.js';
import type { SshSpawn } from './backends/ssh-spawn.js';
import { UserError } from '../errors.js';

/** Options passed to backends (tests: lock directories, a fake ssh program or the simulated sshd, the platform `local` checks). */
export interface OpenOptions {
  lockDir?: string;
  ssh?: string;
  sshSpawn?: SshSpawn;
  /** process.platform unless given. */
  platform?: string;
}

/** How the refusal of `local` names the usual platforms. */
const PLATFORM_NAMES: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows', openbsd: 'OpenBSD', netbsd: 'NetBSD' };

/** `up`, `down`, `start`, `stop` and `restart` change the host: a snapshot (a recording) is refused before anything is planned. */
export function refuseReadOnly(host: Host, command: string): void {
  if (host.kind === 'snapshot') {
    throw new UserError(`klee ${command} cannot change ${host.uri}: a snapshot is a read-only recording of a host`,
      `plan against it with \`klee plan -H ${host.uri}\`; to apply, run klee ${command} on the host itself (or -H ssh://...)`);
  }
}

/** The valid forms, for messages. */
export const HOST_FORMS = 'local, ssh://[user@]host[:port], sim:PATH, snapshot:PATH';

/** What every host openHost returns is passed through (the host kit's recorder); undefined: returned as opened. */
let wrapOpened: ((h: Host) => Host) | undefined;

/** From now on, pass every host openHost opens through `wrap` (undefined: stop); the host kit records klee's commands. */
export function wrapOpenedHosts(wrap: ((h: Host) => Host) | undefined): void {
  wrapOpened = wrap;
}

/**
 * Open `local` (default), `ssh://...`, `snapshot:PATH` or `sim:PATH[?query]`; backends load lazily. `local` on a
 * machine that is not FreeBSD is refused before anything runs (its tools are FreeBSD's: nothing there would work).
 * The host is passed through the wrapper wrapOpenedHosts set, if any.
 */
export async function openHost(uri = 'local', opts: OpenOptions = {}): Promise<Host> {
  const host = await openBackend(uri, opts);
  return wrapOpened ? wrapOpened(host) : host;
}

/** The backend a host URI names, opened. */
async function openBackend(uri: string, opts: OpenOptions): Promise<Host> {
  if (uri === '' || uri === 'local') {
    const platform = opts.platform ?? process.platform;
    if (platform !== 'freebsd') {
      throw new UserError(`this machine runs ${PLATFORM_NAMES[platform] ?? platform}, not FreeBSD: klee drives FreeBSD's ifconfig, jail and pf`,
        'try it on the simulated FreeBSD host with -H sim:PATH (e.g. -H sim:.klee/host.json), or reach a FreeBSD machine with -H ssh://root@host');
    }
    return (await import('./backends/local.js')).openLocal({ lockDir: opts.lockDir });
  }
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
