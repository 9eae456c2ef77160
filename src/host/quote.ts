// Quoting: POSIX shell quoting of argv for a remote /bin/sh (ssh) and for messages; host-supplied text in messages.

/** Quote one argument for /bin/sh: plain words stay as they are, anything else goes in single quotes ('\'' for a quote). */
export function shQuote(arg: string): string {
  if (/^[A-Za-z0-9_\/.,:=@%+-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** An argv as one /bin/sh command line, each argument quoted so that none can be reinterpreted
 * (a bare first word with "=" is quoted too, or sh would take it as a variable assignment). */
export function shJoin(argv: readonly string[], quote: (arg: string) => string = shQuote): string {
  return argv.map((w, i) => (i === 0 && w.includes('=') && quote(w) === w ? `'${w}'` : quote(w))).join(' ');
}

/** What JSON.stringify leaves as it is but a terminal acts on: DEL, C1 controls, the line separators, the bidirectional marks, overrides and isolates (which reorder the rest of klee's line). */
const BEYOND_JSON = '\\u007f-\\u009f\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';

/** What text from the host cannot be shown as it is: C0 controls and BEYOND_JSON. */
export const UNSHOWABLE = new RegExp(`[\\u0000-\\u001f${BEYOND_JSON}]`);

const ESCAPED = new RegExp(`[${BEYOND_JSON}]`, 'g');

/**
 * A string the host supplied (a foreign jail's meta or name, an interface description, a mount point), quoted for a
 * message: JSON's escapes for quotes, backslashes and C0 controls, and \u escapes for the rest of UNSHOWABLE, so no
 * character of it can end klee's line, drive the terminal or reorder the line (kern_jailmeta.c takes any bytes).
 */
export function hostText(s: string): string {
  return JSON.stringify(s).replace(ESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
