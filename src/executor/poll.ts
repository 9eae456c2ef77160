// Running a check until it succeeds (PlannedCommand.poll): compose's healthcheck rules, with the waiting done on the
// host (`sleep N`), so that the time is the host's (the simulator's clock jumps; tests never sleep).
import type { CommandResult, Host } from '../host/types.js';
import type { Poll } from '../planner/types.js';
import { secondsArg } from '../spec/duration.js';
import { safeRun } from './safe-run.js';

/**
 * The attempts and sleeps of one polled check, reported as they run; the last attempt's result, or 'interrupted' when
 * the signal stopped the wait before the check succeeded or failed for good (the check did not fail: it was cut short).
 */
export async function runPolled(host: Host, cmd: { argv: string[]; stdin?: string }, poll: Poll, report: (r: CommandResult) => void, signal?: AbortSignal): Promise<CommandResult | 'interrupted'> {
  let waited = 0;
  let failures = 0;
  const retries = Math.max(1, poll.retries);
  for (;;) {
    const r = await safeRun(host, cmd.argv, cmd.stdin);
    report(r);
    if (r.exitCode === 0) return r;
    const pending = poll.pending !== undefined && r.exitCode === poll.pending;
    if (poll.pending !== undefined && !pending) return r; // a check with a "not yet" status failed for good
    if (!pending && waited >= poll.startPeriodS) failures++;
    if (failures >= retries) return r;
    if (poll.timeoutS !== undefined && waited + poll.intervalS > poll.timeoutS) {
      return { ...r, exitCode: r.exitCode || 1, stderr: `${r.stderr.trim() ? `${r.stderr.trim()}\n` : ''}gave up after waiting ${secondsArg(waited)}s` };
    }
    if (signal?.aborted) return 'interrupted';
    const s = await safeRun(host, ['sleep', secondsArg(poll.intervalS)]);
    report(s);
    waited += poll.intervalS;
  }
}
