// Split the output of insideProbeBatchCommand into each jail's part (the form parseInside reads), or its failure.
import { INSIDE_FAILED_MARK, INSIDE_JAIL_MARK, INSIDE_MARK } from '../probe-commands.js';

/** One jail's part of the batch: its inside output, or why `jexec <jail> ifconfig -a` failed. */
export type InsidePart = { output: string } | { failed: { status: number; message: string } };

/** Parts by jail name, in output order; a jail whose part is missing or cut short before its routes is absent. */
export function splitInsideBatch(stdout: string): Map<string, InsidePart> {
  const parts = new Map<string, InsidePart>();
  const open = `${INSIDE_JAIL_MARK} `;
  const failed = `${INSIDE_FAILED_MARK} `;
  let jail: string | undefined;
  let lines: string[] = [];
  const close = () => {
    if (jail === undefined) return;
    const k = lines.findIndex((l) => l.startsWith(failed) && /^\d+$/.test(l.slice(failed.length)));
    if (k >= 0) parts.set(jail, { failed: { status: Number(lines[k].slice(failed.length)), message: lines.slice(0, k).join('\n').trim() } });
    else if (lines.includes(`${INSIDE_MARK}4`)) parts.set(jail, { output: lines.join('\n') });
  };
  for (const line of stdout.split(/\r?\n/)) {
    if (line.startsWith(open)) {
      close();
      jail = line.slice(open.length);
      lines = [];
    } else if (jail !== undefined) lines.push(line);
  }
  close();
  return parts;
}
