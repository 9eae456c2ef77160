// The ssh backend as it was before waves, replayed over the same simulated sshd for the side-by-side figure: every
// command its own session (`ssh ... host 'argv quoted for the login shell'`), the first one (`true`) alone to open
// the master connection, the executor's old default of 8 actions at once.
import type { SshSpawn } from '../src/host/backends/ssh-spawn.js';
import { shJoin } from '../src/host/quote.js';
import type { CommandResult, Host, RunOptions } from '../src/host/types.js';

/** A Host sending one session per command over `spawn` (the simulated sshd), as the old backend did. */
export function sessionPerCommand(spawn: SshSpawn): Host {
  let master: Promise<unknown> | undefined;
  const one = async (argv: string[], opts: RunOptions = {}): Promise<CommandResult> => {
    const t0 = Date.now();
    const r = await spawn(['-o', 'ControlMaster=auto', '--', 'root@freebsd', shJoin(argv)], { input: opts.stdin });
    return { argv, stdout: r.stdout.toString('utf8'), stderr: r.stderr, exitCode: r.exitCode, durationMs: Date.now() - t0 };
  };
  return {
    uri: 'ssh://root@freebsd (one session per command)',
    kind: 'ssh',
    parallel: 8,
    async run(argv, opts) {
      await (master ??= one(['true']));
      return one(argv, opts);
    },
    async acquireLock() { return { async release() {} }; },
    async close() {},
  };
}
