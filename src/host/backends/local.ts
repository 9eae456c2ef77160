// The local host: FreeBSD's tools run with execa by absolute path (no shell, no PATH lookup) in a fixed environment;
// changes need FreeBSD and root; lock file under /var/run/klee.
import { hostname } from 'node:os';
import type { CommandResult, Host, HostLock, RunOptions } from '../types.js';
import { UserError } from '../../errors.js';
import { isMutating } from '../mutating.js';
import { shJoin } from '../quote.js';
import { TOOL_ENV, refusedTool, terminalEnv, toolArgv } from '../tools.js';
import { acquireFileLock } from './file-lock.js';
import { commandSignal } from '../abort-fanout.js';

/**
 * Actions at once by default: every command is a child process of klee, so the bound is what one run may spawn at
 * once (about 3 descriptors each), not a session limit; it is wider than the widest wave of a 200-container plan
 * (docs/benchmarks.md "4. Apply").
 */
export const LOCAL_PARALLEL = 256;

/** Options of the local host (tests point the lock directory elsewhere). */
export interface LocalOptions {
  lockDir?: string;
  /** Overrides for the OS/root check (tests). */
  uid?: () => number;
}

/**
 * Run one argv on this machine: its program by absolute path (src/host/tools.ts; any other program is refused, exit
 * 127) with exactly TOOL_ENV; a program missing from disk is a result with exit 127, like a shell would report.
 */
export async function runLocal(argv: string[], opts: RunOptions = {}): Promise<CommandResult> {
  const tool = toolArgv(argv);
  if (!tool) return refusedTool(argv);
  // execa is loaded only when a command actually runs (klee validate never pays for it).
  const { execa } = await import('execa');
  const started = Date.now();
  const cancel = commandSignal(opts.signal);
  const r = await execa(tool[0], tool.slice(1), {
    reject: false, input: opts.stdin, cancelSignal: cancel.signal, stripFinalNewline: false, encoding: 'utf8', shell: false,
    env: { ...TOOL_ENV }, extendEnv: false,
  }).finally(cancel.done);
  const exitCode = typeof r.exitCode === 'number' ? r.exitCode : r.failed ? 127 : 0;
  const stderr = String(r.stderr ?? '') || (r.failed && r.exitCode === undefined ? `${argv[0]}: ${r.shortMessage ?? 'could not be run'}\n` : '');
  return { argv, stdout: String(r.stdout ?? ''), stderr, exitCode, durationMs: Date.now() - started };
}

/** The `local` host. */
export function openLocal(opts: LocalOptions = {}): Host {
  let checked: Promise<void> | undefined;
  const canChange = async (argv: string[]) => {
    checked ??= (async () => {
      const u = await runLocal(['uname', '-s']);
      const os = u.stdout.trim() || 'this system';
      if (os !== 'FreeBSD') throw new UserError(`refusing to run \`${shJoin(argv)}\`: this is ${os}, not FreeBSD`, 'use -H ssh://root@host for a FreeBSD machine, or -H sim:PATH to try klee on a simulated one');
      const uid = (opts.uid ?? (() => process.getuid?.() ?? -1))();
      if (uid !== 0) throw new UserError(`refusing to run \`${shJoin(argv)}\`: changing the host needs root (running as uid ${uid})`, 'run klee as root (klee plan and klee probe work without root)');
    })();
    await checked;
  };
  return {
    uri: 'local',
    kind: 'local',
    parallel: LOCAL_PARALLEL,
    async run(argv, runOpts) {
      if (isMutating(argv)) await canChange(argv);
      return runLocal(argv, runOpts);
    },
    async interactive(argv) {
      if (isMutating(argv)) await canChange(argv);
      const tool = toolArgv(argv);
      if (!tool) throw new UserError(refusedTool(argv).stderr.trim());
      const { execa } = await import('execa');
      const r = await execa(tool[0], tool.slice(1), { reject: false, stdio: 'inherit', env: { ...TOOL_ENV, ...terminalEnv() }, extendEnv: false });
      return typeof r.exitCode === 'number' ? r.exitCode : 127;
    },
    acquireLock(project: string, owner: string): Promise<HostLock> {
      return acquireFileLock(`${opts.lockDir ?? '/var/run/klee'}/${project}.lock`, owner, hostname());
    },
    async close() {},
  };
}
