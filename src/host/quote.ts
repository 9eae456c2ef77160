// POSIX shell quoting of argv for a remote /bin/sh (ssh) and for messages.

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
