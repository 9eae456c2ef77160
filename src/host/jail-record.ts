// What a container was created with, where the kernel has no `meta` jail parameter (before 14.3: kern_jailmeta.c):
// the same value klee gives `meta=` (labels.ts jailMeta), kept on the host in /var/db/klee/jails/<jail>, written
// atomically (a new file renamed over the old: rename(2)), removed with the jail. docs/decisions.md, Issue 16.
import { jailName, parseJailMeta } from './labels.js';

/** The directory of the records (hier(7): /var/db holds per-host state that persists across reboots). */
export const RECORD_DIR = '/var/db/klee/jails';

/** The record file of a jail. */
export function recordPath(jail: string): string {
  return `${RECORD_DIR}/${jail}`;
}

/**
 * Writes the record: the value on stdin into `<jail>.new`, then renamed over `<jail>`, so that a reader sees the old
 * record or the new one, never a part. The paths come as positional parameters, never in the script's text.
 */
const WRITE = 'umask 022 && mkdir -p "$0" && cat > "$0/$1.new" && mv -f "$0/$1.new" "$0/$1"';

/** The command that records for `jail` what it reads on stdin (recordText), undone by removeRecordArgv. */
export function writeRecordArgv(jail: string): string[] {
  return ['sh', '-c', WRITE, RECORD_DIR, jail];
}

/** The record's text: the meta value (a jailMeta value) on one line. */
export function recordText(meta: string): string {
  return `${meta}\n`;
}

/** Removes the record of `jail` (rm -f: no record is no error). */
export function removeRecordArgv(jail: string): string[] {
  return ['rm', '-f', recordPath(jail)];
}

/** The probe's read of the records of the given jails: one `cat` (a missing record is a message on stderr). */
export function readRecordsArgv(jails: readonly string[]): string[] {
  return ['cat', ...jails.map(recordPath)];
}

/**
 * The records in `cat`'s output, by jail name: each a whole line that parses as klee's meta value for that jail's
 * project and container (a record is self-describing, so the order of cat's output does not matter; anything else is
 * ignored, as a foreign meta value is).
 */
export function parseRecords(stdout: string, jails: readonly string[]): Map<string, string> {
  const wanted = new Set(jails);
  const out = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const m = parseJailMeta(line);
    const jail = m && jailName(m.project, m.container);
    if (jail && wanted.has(jail) && !out.has(jail)) out.set(jail, line);
  }
  return out;
}
