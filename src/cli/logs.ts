// `klee logs CONTAINER [-f] [-n N | --tail N]`: a supervised program's output (daemon -o, inside its jail), or the
// thin VM's console log (exec.consolelog, on the host), with tail(1).
import type { CliContext } from './context.js';
import { UserError } from '../errors.js';
import { consoleLogPath } from '../host/labels.js';
import { openHost } from '../host/open.js';
import { programLog } from '../host/program.js';
import { containerJail } from './exec.js';
import { projectAndSpec } from './ps.js';

/** Options of `klee logs`. */
export interface LogsOptions {
  follow?: boolean;
  lines?: number;
  /** compose's --tail N. */
  tail?: number;
  timestamps?: boolean;
}

/** Lines shown without -n. */
export const DEFAULT_LINES = 100;

/** `tail -n N <log>`, or `tail -n N -F <log>` to follow across rotation (tail(1)). */
export function logsArgv(path: string, opts: LogsOptions): string[] {
  const n = String(opts.tail ?? opts.lines ?? DEFAULT_LINES);
  return opts.follow ? ['tail', '-n', n, '-F', path] : ['tail', '-n', n, path];
}

/** Print (or follow) the log; exit code of tail. */
export async function run(ctx: CliContext, container: string, opts: LogsOptions = {}): Promise<number> {
  if (opts.timestamps) {
    throw new UserError('klee logs cannot show timestamps: daemon(8) writes the program\'s output as it comes, without any (usr.sbin/daemon/daemon.c do_output)', 'have the program print its own timestamps');
  }
  const { project, spec } = await projectAndSpec(ctx, 'logs');
  const jail = containerJail(project, spec, container);
  const supervised = spec?.containers.find((c) => c.name === container)?.supervised;
  const host = await openHost(ctx.host);
  try {
    // The program's log lives in the jail (read there, as root, through jexec); the console log on the host.
    const candidates: string[][] = [];
    if (supervised !== false) candidates.push(['jexec', jail, ...logsArgv(programLog(jail), opts)]);
    if (supervised !== true) candidates.push(logsArgv(consoleLogPath(project, container), opts));
    if (opts.follow) {
      if (!host.interactive) throw new UserError(`following a log needs a live terminal to ${host.uri}; run without -f`);
      return await host.interactive(candidates[0]);
    }
    let last;
    for (const argv of candidates) {
      last = await host.run(argv);
      if (last.exitCode === 0) {
        ctx.io.stdout.write(last.stdout);
        return 0;
      }
    }
    const why = last!.stderr.trim() || `tail exited ${last!.exitCode}`;
    if (/jexec: jail ".*" not found/.test(why)) throw new UserError(`container "${container}" has no jail on ${host.uri}: ${why}`, 'its log is in its jail: start it with `klee up`');
    throw new UserError(`cannot read the log of "${container}" on ${host.uri}: ${why}`, 'the log exists once the container has been started by `klee up`');
  } finally {
    await host.close();
  }
}
