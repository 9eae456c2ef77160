// The FreeBSD tools klee runs (an allow-list, each by absolute path) and the fixed environment they run with.
import type { CommandResult } from './types.js';

/**
 * Every program klee runs on a host, by the path FreeBSD installs it at: a tool built from `bin/X` lives in /bin,
 * `sbin/X` (and `cddl/sbin/X`) in /sbin, `usr.bin/X` in /usr/bin, `usr.sbin/X` in /usr/sbin (the source tree's
 * layout, share/mk/bsd.prog.mk BINDIR). Plans name the tools bare; the backends run them from here, never through
 * a PATH lookup, so no program earlier in root's PATH (a stub `ifconfig`) is ever run instead.
 */
export const TOOL_PATHS: Readonly<Record<string, string>> = {
  cat: '/bin/cat', // bin/cat
  kill: '/bin/kill', // bin/kill
  mkdir: '/bin/mkdir', // bin/mkdir
  mv: '/bin/mv', // bin/mv (a record renamed into place: host/jail-record.ts)
  rm: '/bin/rm', // bin/rm
  sh: '/bin/sh', // bin/sh
  sleep: '/bin/sleep', // bin/sleep (the wait between two polls of a healthcheck: executor/poll.ts)
  ifconfig: '/sbin/ifconfig', // sbin/ifconfig
  mount: '/sbin/mount', // sbin/mount
  pfctl: '/sbin/pfctl', // sbin/pfctl
  route: '/sbin/route', // sbin/route
  sysctl: '/sbin/sysctl', // sbin/sysctl
  umount: '/sbin/umount', // sbin/umount
  zfs: '/sbin/zfs', // cddl/sbin/zfs
  env: '/usr/bin/env', // usr.bin/env
  mkfifo: '/usr/bin/mkfifo', // usr.bin/mkfifo
  tail: '/usr/bin/tail', // usr.bin/tail
  timeout: '/usr/bin/timeout', // usr.bin/timeout (a healthcheck's limit: host/program.ts healthArgv)
  true: '/usr/bin/true', // usr.bin/true
  uname: '/usr/bin/uname', // usr.bin/uname
  jail: '/usr/sbin/jail', // usr.sbin/jail
  jexec: '/usr/sbin/jexec', // usr.sbin/jexec
  jls: '/usr/sbin/jls', // usr.sbin/jls
};

/**
 * The whole environment of every tool klee runs (nothing of klee's own is inherited): the tools' own directories
 * for what they run in turn (jail(8) runs exec.* through /bin/sh with its environment, usr.sbin/jail/command.c),
 * and the C locale. `IFCONFIG_FORMAT` in particular would make ifconfig print host names or other mask forms
 * (sbin/ifconfig/ifconfig.c setformat, af_inet.c print_addr).
 */
export const TOOL_ENV: Readonly<Record<string, string>> = { PATH: '/sbin:/bin:/usr/sbin:/usr/bin', LC_ALL: 'C' };

const ALLOWED = new Set(Object.values(TOOL_PATHS));

/** argv with its program given by absolute path; undefined when the program is not one of TOOL_PATHS. */
export function toolArgv(argv: readonly string[]): string[] | undefined {
  const prog = argv[0] ?? '';
  const path = prog.startsWith('/') ? (ALLOWED.has(prog) ? prog : undefined) : Object.hasOwn(TOOL_PATHS, prog) ? TOOL_PATHS[prog] : undefined;
  return path === undefined ? undefined : [path, ...argv.slice(1)];
}

/** The result for an argv whose program is not an allowed tool: a failure of the usual shape, nothing was run. */
export function refusedTool(argv: string[]): CommandResult {
  const stderr = `klee: refusing to run ${JSON.stringify(argv[0] ?? '')}: not one of the FreeBSD tools klee runs (src/host/tools.ts)\n`;
  return { argv, stdout: '', stderr, exitCode: 127, durationMs: 0 };
}

/** For interactive programs (klee exec, logs -f): the terminal's type, the one thing they need from klee's environment. */
export function terminalEnv(): Record<string, string> {
  const term = process.env.TERM;
  return term && /^[A-Za-z0-9._+-]+$/.test(term) ? { TERM: term } : {};
}

/** `/usr/bin/env -i NAME=VALUE... ` followed by argv: the argv run with exactly TOOL_ENV (and `extra`), for a shell. */
export function withToolEnv(argv: readonly string[], extra: Readonly<Record<string, string>> = {}): string[] {
  const env = Object.entries({ ...TOOL_ENV, ...extra }).map(([k, v]) => `${k}=${v}`);
  return [TOOL_PATHS.env, '-i', ...env, ...argv];
}
