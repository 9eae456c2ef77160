// The times FreeBSD's tools print, on the simulated clock: `date +%s` (bin/date) and `stat -f %m FILE...`
// (usr.bin/stat), the forms klee's program status reads (src/host/program.ts STATUS).
import { type Ctx, type Out, fail, ok } from './ctx.js';
import { hostPath } from './files.js';

/**
 * The simulated clock's zero as seconds since the Epoch (2026-01-01T00:00:00Z): a fixed date, so that what the
 * simulated host prints does not depend on when a test runs (docs/simulator.md).
 */
const EPOCH_S = 1_767_225_600;

/** Seconds since the Epoch at `ms` of the simulated clock, as time(3) gives them (whole seconds). */
const epochSeconds = (ms: number): number => EPOCH_S + Math.floor(ms / 1000);

/** `date +%s` (bin/date: a `+format` operand is handed to strftime(3); %s is the seconds since the Epoch). */
export function date(ctx: Ctx, args: string[]): Out {
  if (args.length === 1 && args[0] === '+%s') return ok(`${epochSeconds(ctx.st.clock.now)}\n`);
  return fail(`sim: date prints only +%s (got ${JSON.stringify(args.join(' '))})`);
}

const STAT_USAGE = 'usage: stat [-FHLnq] [-f format | -l | -r | -s | -x] [-t timefmt] [file|handle ...]';

/**
 * `stat -f %m FILE...` (usr.bin/stat/stat.c: %m is st_mtime, printed in decimal by default; one line per file; a
 * missing one is warned about as `stat: FILE: stat: No such file or directory` and the status is 1).
 */
export function stat(ctx: Ctx, args: string[]): Out {
  if (args[0] !== '-f' || args[1] === undefined) return fail(STAT_USAGE);
  if (args[1] !== '%m') return fail(`sim: stat -f prints only %m (got ${JSON.stringify(args[1])})`);
  if (args.length === 2) return fail('sim: stat reads only files, not its standard input');
  let stdout = '';
  let stderr = '';
  for (const file of args.slice(2)) {
    const path = hostPath(ctx, file);
    const ms = ctx.st.files[path] === undefined ? undefined : ctx.st.mtimes[path];
    if (ms === undefined) stderr += `stat: ${file}: stat: No such file or directory\n`;
    else stdout += `${epochSeconds(ms)}\n`;
  }
  return { stdout, stderr, code: stderr ? 1 : 0 };
}
