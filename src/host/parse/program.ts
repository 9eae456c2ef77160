// Parse the program status batch (src/host/program.ts statusBatchArgv): per jail, which of klee's files were there.
import type { ProgramStatus } from '../types.js';
import { EXIT_LINE, STATUS_FAILED_MARK, STATUS_JAIL_MARK } from '../program.js';

/** Each jail's status, or the message and status of its failed jexec; a jail without a part is absent. */
export function parseStatusBatch(stdout: string): Map<string, ProgramStatus | { failed: string }> {
  const out = new Map<string, ProgramStatus | { failed: string }>();
  let jail: string | undefined;
  let lines: string[] = [];
  const close = () => {
    if (jail === undefined) return;
    const f = lines.findIndex((l) => l.startsWith(`${STATUS_FAILED_MARK} `));
    if (f >= 0) { out.set(jail, { failed: lines.slice(0, f).join('\n').trim() || `jexec exited ${lines[f].slice(STATUS_FAILED_MARK.length + 1)}` }); return; }
    const at = lines.indexOf('@@klee-log');
    const last = at >= 0 ? lines.slice(at + 1).find((l) => l !== '') : undefined;
    const m = last === undefined ? null : EXIT_LINE.exec(last.trim()) ?? /klee: exited with status (\d+)$/.exec(last);
    const started = lines.map((l) => /^@@klee-started (\d+) (\d+)$/.exec(l)).find((x) => x !== null);
    out.set(jail, {
      supervisor: lines.includes('@@klee-supervisor'), child: lines.includes('@@klee-child'), stopped: lines.includes('@@klee-stopped'),
      log: at >= 0, ...(m ? { lastExit: Number(m[1]) } : {}),
      // A clock set back since the start reads as a run that just started.
      ...(started ? { runningForS: Math.max(0, Number(started[2]) - Number(started[1])) } : {}),
    });
  };
  for (const line of stdout.split(/\r?\n/)) {
    if (line.startsWith(`${STATUS_JAIL_MARK} `)) {
      close();
      jail = line.slice(STATUS_JAIL_MARK.length + 1);
      lines = [];
    } else if (jail !== undefined) lines.push(line);
  }
  close();
  return out;
}
