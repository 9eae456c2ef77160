// `klee watch [--interval D]`: keep the host converged to the file (level-triggered: probe, plan, apply whenever the
// plan is not empty), recover unhealthy containers, until SIGTERM/SIGINT; the file changing or SIGHUP runs a pass at
// once. The loop: watch/loop.ts; why one watch per project: docs/decisions.md "Issue 19".
import { unwatchFile, watchFile } from 'node:fs';
import type { CliContext } from './context.js';
import { UserError } from '../errors.js';
import { envFilePath, findSpecFile, requireSpec, STDIN_FILE } from './load-spec.js';
import { openHost } from '../host/open.js';
import { jsonEvents } from './views/events-json.js';
import { systemClock } from './watch/clock.js';
import type { WatchEvent } from './watch/events.js';
import { reconcileLoop } from './watch/loop.js';
import { watchLog } from './watch/view.js';
import { Wakeup } from './watch/wakeup.js';

/** Options of `klee watch`. */
export interface WatchOptions {
  /** Seconds between passes (parsed from --interval). */
  interval?: number;
  /** Each pass as `up --remove-orphans` (never asking: a watch has no one to ask). */
  removeOrphans?: boolean;
}

/** The default interval between passes. */
const DEFAULT_INTERVAL_S = 30;

/** Run until SIGTERM/SIGINT (ctx.signal): 0 after a clean stop; 1 when the file is invalid at the start. */
export async function run(ctx: CliContext, opts: WatchOptions = {}): Promise<number> {
  if (opts.interval !== undefined && opts.interval <= 0) throw new UserError(`--interval must be longer than 0, got ${opts.interval}s`);
  if (findSpecFile(ctx) === STDIN_FILE) throw new UserError('klee watch reads the file again at every pass: give its path with -f, not -f -');
  // Each pass reads the file again; its warnings are printed when they change, not at every pass.
  let notes = '';
  const load = async () => {
    let now = '';
    try {
      return (await requireSpec({ ...ctx, io: { ...ctx.io, stderr: { write: (s: string) => (now += s, true) } } })).spec;
    } finally {
      if (now !== notes) ctx.io.stderr.write(now);
      notes = now;
    }
  };
  const first = await load();
  const file = findSpecFile(ctx)!;
  const intervalS = opts.interval ?? DEFAULT_INTERVAL_S;
  const clock = systemClock;
  const host = await openHost(ctx.host);
  if (host.kind === 'snapshot') {
    await host.close();
    throw new UserError(`klee watch needs a host it can change: ${host.uri} is a read-only snapshot`, 'use `klee plan -H snapshot:PATH --detailed-exitcode` to check a snapshot for drift');
  }
  const wakeup = new Wakeup();
  const sink = ctx.json ? jsonEvents(ctx.io.stdout) : watchLog(ctx.io.stdout, ctx.color);
  const emit = (e: WatchEvent) => sink(e as never);
  // Polling the files' stat (fs.watchFile) sees an edit in place and a replacement by rename (git checkout) alike, on
  // FreeBSD's kqueue as on inotify; at most a second late, and the interval's pass reads the file anyway.
  const files = [file, envFilePath(ctx, file)];
  const onChange = (cur: { mtimeMs: number }, prev: { mtimeMs: number }) => { if (cur.mtimeMs !== prev.mtimeMs) wakeup.trigger('file'); };
  for (const f of files) watchFile(f, { interval: Math.min(1000, intervalS * 1000), persistent: false }, onChange);
  const onHup = () => wakeup.trigger('signal');
  process.on('SIGHUP', onHup);
  let loaded = true;
  try {
    emit({ event: 'watch', time: new Date(clock.now()).toISOString(), project: first.project, host: host.uri, file, intervalS });
    const passes = await reconcileLoop({
      host, clock, wakeup, stop: ctx.signal, emit, intervalMs: intervalS * 1000, removeOrphans: opts.removeOrphans,
      // The first pass uses the file as read above; later ones read it again.
      load: async () => (loaded ? ((loaded = false), first) : load()),
    });
    emit({ event: 'stopped', time: new Date(clock.now()).toISOString(), passes, reason: String((ctx.signal.reason as Error)?.message ?? 'stopped') });
    return 0;
  } finally {
    process.off('SIGHUP', onHup);
    for (const f of files) unwatchFile(f, onChange);
    await host.close();
  }
}
