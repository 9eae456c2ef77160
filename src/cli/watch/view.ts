// The human view of `klee watch`: one log line per pass, action, health change and recovery, each with its time, as a
// log file under daemon(8) wants them (daemon's -o output has no timestamps of its own).
import type { Op } from '../../planner/types.js';
import { painter } from '../views/progress-format.js';
import type { WatchEvent } from './events.js';

const DONE: Record<Op, string> = { create: 'created', update: 'updated', replace: 'replaced', delete: 'removed' };

/** A subscriber writing the log lines of the events to `out`. */
export function watchLog(out: { write(s: string): unknown }, color: boolean): (e: WatchEvent) => void {
  const p = painter(color);
  const ops = new Map<string, string>();
  let now = '';
  // a pass's warnings are printed when they change, not at every pass
  let warned = '';
  const line = (s: string) => void out.write(`${now} ${s}\n`);
  return (e) => {
    if ('time' in e) now = e.time;
    switch (e.event) {
      case 'watch':
        return line(`klee watch: project ${e.project} on ${e.host}, file ${e.file}, every ${e.intervalS}s`);
      case 'plan':
        for (const a of e.actions) ops.set(a.id, a.verb ? a.verb.done.toLowerCase() : DONE[a.op]);
        return;
      case 'action-done': {
        const where = 'recovery' in e ? `${e.recovery}: ` : '';
        if (e.status === 'ok') return line(`  ${where}${ops.get(e.id) ?? 'done'} ${e.id}`);
        if (e.status === 'failed' && e.error) return line(`  ${where}${p.red('failed')} ${e.id}: \`${e.error.argv.join(' ')}\` exited ${e.error.exitCode}${e.error.stderr ? `: ${e.error.stderr}` : ''}`);
        return line(`  ${where}${e.status} ${e.id}${e.cause ? ` (after ${e.cause})` : ''}`);
      }
      case 'pass': {
        const warnings = e.warnings.map((w) => `${p.yellow('warning:')} ${w}`).join('\n');
        if (warnings !== warned && warnings) line(warnings);
        warned = warnings;
        const head = `pass ${e.pass} (${e.trigger}):`;
        const held = e.held.map((h) => `; left ${h.container} alone: ${h.reason}`).join('');
        if (!e.ok) return line(`${head} ${p.red('failed')}: ${e.error}; next try in ${e.retryInS}s${held}`);
        return line(`${head} ${e.changes === 0 ? 'in step with the file' : `${e.changes} change${e.changes === 1 ? '' : 's'} applied`} (${(e.durationMs / 1000).toFixed(1)}s)${held}`);
      }
      case 'health':
        return line(`${e.container}: ${e.status === 'unhealthy' ? p.red('unhealthy') : e.status}${e.failures ? ` (${e.failures} failed check${e.failures === 1 ? '' : 's'})` : ''}`);
      case 'recovery':
        if (e.action === 'restart') return line(`${e.container}: ${e.reason}: restart ${e.attempt} ${e.ok ? 'done' : `${p.red('failed')}: ${e.error}`}; no other restart for ${e.nextRestartInS}s`);
        if (e.action === 'none') return line(`${e.container}: ${e.reason}: not restarted`);
        return line(`${e.container}: ${e.reason}; next restart in ${e.retryInS}s at the earliest`);
      case 'stopped':
        return line(`klee watch: stopped (${e.reason}) after ${e.passes} pass${e.passes === 1 ? '' : 'es'}; lock released`);
      default:
        return;
    }
  };
}
