// The human view of a run: a live display redrawn in place on a terminal (like `docker compose up`), plain lines otherwise.
import type { ExecEvent, UndoEvent } from '../../executor/events.js';
import { painter, rowText, type Paint, type Row } from './progress-format.js';
import { shJoin } from '../../host/quote.js';

/** Where the view writes. */
export interface Out {
  write(s: string): unknown;
}

/** A subscriber to executor events; stop() ends the redraw timer (also done on the done event). */
export interface ProgressView {
  onEvent(e: ExecEvent): void;
  stop(): void;
}

/** The view for this output: live when `live` (a TTY), plain lines otherwise. */
export function progressView(out: Out, opts: { color: boolean; live: boolean }): ProgressView {
  return opts.live ? new LiveView(out, painter(opts.color)) : new PlainView(out, painter(opts.color));
}

/** The text of one undo event. */
function undoLine(e: UndoEvent, p: Paint): string {
  if (!e.possible) return `   ${p.yellow('undo')} ${e.id}: \`${shJoin(e.of)}\` cannot be undone`;
  const tail = e.ok ? '' : p.red(` failed (exit ${e.exitCode}): ${e.stderr ?? ''}`);
  return `   ${p.yellow('undo')} ${e.id}: ${shJoin(e.argv!)}${tail}`;
}

/** Shared bookkeeping: one row per action, in plan order. */
abstract class RowsView implements ProgressView {
  protected rows = new Map<string, Row>();
  protected width = 0;
  constructor(protected out: Out, protected p: Paint) {}

  onEvent(e: ExecEvent): void {
    const now = Date.now();
    if (e.event === 'plan') {
      for (const a of e.actions) this.rows.set(a.id, { id: a.id, op: a.op, label: `${a.resource} ${a.name}`, state: 'waiting', ...(a.verb ? { verb: a.verb } : {}) });
      this.width = Math.max(0, ...[...this.rows.values()].map((r) => r.label.length));
    } else if (e.event === 'action-start') {
      Object.assign(this.rows.get(e.id)!, { state: 'running', startedAt: now });
    } else if (e.event === 'action-done') {
      Object.assign(this.rows.get(e.id)!, { state: e.status, durationMs: e.durationMs, cause: e.cause });
    }
    this.render(e);
  }

  stop(): void {}
  protected abstract render(e: ExecEvent): void;
}

/** CI-friendly: a line when an action ends, and one per undo. */
class PlainView extends RowsView {
  protected render(e: ExecEvent): void {
    if (e.event === 'action-done') this.out.write(`${rowText(this.rows.get(e.id)!, this.width, this.p, Date.now())}\n`);
    if (e.event === 'undo') this.out.write(`${undoLine(e, this.p)}\n`);
  }
}

/** Terminal: all rows redrawn in place with a spinner on the running ones. */
class LiveView extends RowsView {
  private drawn = 0;
  private frame = 0;
  private notes: string[] = [];
  private timer?: NodeJS.Timeout;

  protected render(e: ExecEvent): void {
    if (e.event === 'undo') this.notes.push(undoLine(e, this.p));
    if (e.event === 'plan' && !this.timer) {
      this.timer = setInterval(() => { this.frame++; this.draw(); }, 100);
      this.timer.unref();
    }
    this.draw();
    if (e.event === 'done') this.stop();
  }

  override stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private draw(): void {
    const now = Date.now();
    const lines = [...this.rows.values()].map((r) => rowText(r, this.width, this.p, now, this.frame)).concat(this.notes);
    const up = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    this.out.write(up + lines.map((l) => `\x1b[2K${l}\n`).join(''));
    this.drawn = lines.length;
  }
}
