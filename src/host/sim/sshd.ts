// The simulated host behind a simulated sshd and one multiplexed connection (for tests and the benchmark): what
// an ssh client started with klee's arguments gets from a FreeBSD host. Each session costs one round trip, half
// before the remote command starts and half after its output; the connection itself costs three more on first use
// (TCP, key exchange, authentication); more than MaxSessions sessions at once are refused as sshd refuses them.
import type { SshSpawn } from '../backends/ssh-spawn.js';
import { LOGIN_ENV } from './ctx.js';
import { runOnSim } from './index.js';
import { parseSimSpec } from './options.js';

/** How the simulated sshd and its connection behave. */
export interface SimSshdOptions {
  /** The simulated host: what follows `sim:` (its state file and query options). */
  sim: string;
  /** Round-trip time of the connection in ms. */
  rttMs?: number;
  /** sshd_config(5) MaxSessions: sessions open at once on one connection (default 10). */
  maxSessions?: number;
  /** The environment of the login session that runs the remote command (default: root's, LOGIN_ENV). */
  loginEnv?: Readonly<Record<string, string>>;
}

/** A simulated sshd: an SshSpawn for the ssh backend, and the sessions it served (total, most at once). */
export type SimSshd = SshSpawn & { readonly sessions: { total: number; peak: number } };

/** Serve klee's ssh client invocations from the simulated host `opts.sim`. */
export function simSshd(opts: SimSshdOptions): SimSshd {
  const spec = parseSimSpec(opts.sim);
  const rtt = opts.rttMs ?? 0;
  const max = opts.maxSessions ?? 10;
  const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());
  let connection: Promise<unknown> | undefined;
  let open = 0;
  const sessions = { total: 0, peak: 0 };
  const spawn = (async (args, io) => {
    const dd = args.indexOf('--');
    if (args.includes('-O')) return { exitCode: 0, stdout: Buffer.alloc(0), stderr: '' }; // ssh -O exit: the master ends
    if (dd < 0 || args[dd + 1] === undefined) return { exitCode: 255, stdout: Buffer.alloc(0), stderr: 'usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] ... destination [command [argument ...]]\n' };
    await (connection ??= sleep(3 * rtt));
    if (open >= max) {
      // OpenSSH mux.c mux_client_request_session: the server refused one more channel on the connection.
      return { exitCode: 255, stdout: Buffer.alloc(0), stderr: 'mux_client_request_session: session request failed: Session open refused by peer\n' };
    }
    open++;
    sessions.total++;
    sessions.peak = Math.max(sessions.peak, open);
    try {
      await sleep(rtt / 2);
      // sshd runs the words after the destination, joined by spaces, with the login shell: sh -c "<command>".
      const out = await runOnSim(spec, ['/bin/sh', '-c', args.slice(dd + 2).join(' ')], io.input ?? '', opts.loginEnv ?? LOGIN_ENV);
      await sleep(rtt / 2);
      const stdout = Buffer.from(out.stdout);
      io.onStdout?.(stdout);
      return { exitCode: out.code, stdout, stderr: out.stderr };
    } finally {
      open--;
    }
  }) as SimSshd;
  Object.defineProperty(spawn, 'sessions', { value: sessions });
  return spawn;
}
