// `klee logs CONTAINER [-f] [-n N]`: the container's console log (exec.consolelog), with tail(1) on the host.
import type { CliContext } from './context.js';
import { UserError } from '../errors.js';
import { consoleLogPath } from '../host/labels.js';
import { openHost } from '../host/open.js';
import { containerJail } from './exec.js';
import { projectAndSpec } from './ps.js';

/** Options of `klee logs`. */
export interface LogsOptions {
  follow?: boolean;
  lines?: number;
}

/** Lines shown without -n. */
export const DEFAULT_LINES = 100;

/** `tail -n N <log>`, or `tail -n N -F <log>` to follow across rotation (tail(1)). */
export function logsArgv(path: string, opts: LogsOptions): string[] {
  const n = String(opts.lines ?? DEFAULT_LINES);
  return opts.follow ? ['tail', '-n', n, '-F', path] : ['tail', '-n', n, path];
}

/** Print (or follow) the log; exit code of tail. */
export async function run(ctx: CliContext, container: string, opts: LogsOptions = {}): Promise<number> {
  const { project, spec } = await projectAndSpec(ctx, 'logs');
  containerJail(project, spec, container);
  const path = consoleLogPath(project, container);
  const host = await openHost(ctx.host);
  try {
    const argv = logsArgv(path, opts);
    if (opts.follow) {
      if (!host.interactive) throw new UserError(`following a log needs a live terminal to ${host.uri}; run without -f`);
      return await host.interactive(argv);
    }
    const r = await host.run(argv);
    ctx.io.stdout.write(r.stdout);
    if (r.exitCode !== 0) {
      throw new UserError(`cannot read ${path} on ${host.uri}: ${r.stderr.trim() || `tail exited ${r.exitCode}`}`,
        'the log exists once the container has been started by `klee up`');
    }
    return 0;
  } finally {
    await host.close();
  }
}
