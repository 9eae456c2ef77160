// Helpers for the hostile-input tests: run klee in-process with captured output, judge "rejected cleanly".
import { runCli } from '../../src/cli/program.js';
import type { CommandResult, Host } from '../../src/host/types.js';

/** Output of one in-process klee run. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run klee with argv in cwd (empty environment unless given) and capture everything. */
export async function klee(cwd: string, argv: string[], env: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  const t = performance.now();
  const code = await runCli(argv, io, env, cwd);
  return { code, stdout, stderr, ms: performance.now() - t };
}

/** Every argv any Host opened by the CLI ran (filled by the vi.mock of src/host/open.js in each test file). */
export interface Recorder {
  opened: string[];
  calls: string[][];
}

/** Wrap a Host so every command it runs is recorded before it runs. */
export function recording(host: Host, rec: Recorder): Host {
  return {
    get uri() { return host.uri; },
    get kind() { return host.kind; },
    get parallel() { return host.parallel; },
    run(argv: string[], opts?: Parameters<Host['run']>[1]): Promise<CommandResult> {
      rec.calls.push([...argv]);
      return host.run(argv, opts);
    },
    ...(host.interactive ? { interactive: (argv: string[]) => { rec.calls.push([...argv]); return host.interactive!(argv); } } : {}),
    acquireLock: (project: string, owner: string) => host.acquireLock(project, owner),
    close: () => host.close(),
  } as Host;
}

/** Why a run is not a clean rejection (empty when it is): exit 1, positioned diagnostic, no stack trace, no internal error. */
export function uncleanRejection(r: Run, opts: { file: string; wholeFile?: boolean }): string[] {
  const why: string[] = [];
  if (r.code !== 1) why.push(`exit ${r.code}`);
  if (/^ {4}at /m.test(r.stderr) || /^ {4}at /m.test(r.stdout)) why.push('stack trace');
  if (/internal error/i.test(r.stderr)) why.push('internal error');
  const located = new RegExp(`^${opts.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+): error: `, 'm').exec(r.stderr);
  if (!located) why.push('no file:line:col error');
  else if (!opts.wholeFile && Number(located[1]) < 1) why.push('line 0');
  return why;
}
