// The human view of a run: a live display redrawn in place on a terminal (like `docker compose up`), plain lines otherwise.
import type { ExecEvent, UndoEvent } from '../../executor/events.js';
import { painter, rowText, type Paint, type Row } from './progress-format.js';
import { shJoin } from '../../host/quote.js';
import { foldedHalves } from './plan-summary.js';

/** Where the view writes. */
export interface Out {
  write(s: string): unknown;
}

/** A subscriber to executor events; stop() ends the redraw timer (also done on the done event). */
export interface ProgressView {
  onEvent(e: ExecEvent): void;
  /** Outcomes counted per row, i.e. per resource as `klee plan` counts them. */
  rowCounts(): { ok: number; failed: number; skipped: number; interrupted: number };
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

/** A row's outcome is final once it failed, was skipped or interrupted, or its last action ended. */
const FINAL = new Set(['ok', 'failed', 'skipped', 'interrupted']);

/**
 * Shared bookkeeping: one row per resource, in plan order, as `klee plan` shows them: a replacement's delete half
 * (its `replacedBy`) and its create half share the create half's row, which is "Replacing" from the first half's start and
 * "Replaced" when the second half is done (a failed first half is the row's error).
 */
abstract class RowsView implements ProgressView {
  protected rows = new Map<string, Row>();
  protected width = 0;
  /** Delete halves -> the id of the row they belong to. */
  private halves = new Map<string, string>();
  constructor(protected out: Out, protected p: Paint) {}

  onEvent(e: ExecEvent): void {
    const now = Date.now();
    let ended: Row | undefined;
    if (e.event === 'plan') {
      this.halves = foldedHalves(e.actions);
      for (const a of e.actions) if (!this.halves.has(a.id)) this.rows.set(a.id, { id: a.id, op: a.op, label: rowLabel(a), state: 'waiting', ...(a.verb ? { verb: a.verb } : {}) });
      this.width = Math.max(0, ...[...this.rows.values()].map((r) => r.label.length));
    } else if (e.event === 'action-start') {
      const row = this.rowOf(e.id);
      if (row.state === 'waiting') Object.assign(row, { state: 'running', startedAt: now });
    } else if (e.event === 'action-done') {
      const row = this.rowOf(e.id);
      const firstHalfOk = this.halves.has(e.id) && e.status === 'ok';
      if (!FINAL.has(row.state) && !firstHalfOk) {
        Object.assign(row, { state: e.status, durationMs: row.startedAt === undefined ? e.durationMs : now - row.startedAt, cause: e.cause });
        ended = row;
      }
    }
    this.render(e, ended);
  }

  /** Counts of rows by outcome (a replacement counts once, as in `klee plan`), for the summary line. */
  rowCounts(): { ok: number; failed: number; skipped: number; interrupted: number } {
    const c = { ok: 0, failed: 0, skipped: 0, interrupted: 0 };
    for (const r of this.rows.values()) if (r.state in c) c[r.state as keyof typeof c]++;
    return c;
  }

  private rowOf(id: string): Row {
    return this.rows.get(this.halves.get(id) ?? id)!;
  }

  stop(): void {}
  /** Draw after an event; `ended` is the row that reached its outcome with it. */
  protected abstract render(e: ExecEvent, ended?: Row): void;
}

/** A row's label: resource and name, with the address family for an IPv6 gateway (the IPv4 one shares its name). */
function rowLabel(a: { id: string; resource: string; name: string }): string {
  return `${a.resource} ${a.name}${a.resource === 'gateway' && /:inet6(:|$)/.test(a.id) ? ' (IPv6)' : ''}`;
}

/** CI-friendly: a line when an action ends, and one per undo. */
class PlainView extends RowsView {
  protected render(e: ExecEvent, ended?: Row): void {
    if (ended) this.out.write(`${rowText(ended, this.width, this.p, Date.now())}\n`);
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
