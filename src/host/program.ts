// How klee runs a container's program inside its jail (docs/decisions.md "Issue 13"): the files it keeps there, and
// the exact commands that start, stop, check and wait for it. Pure: argv arrays only. Every script is fixed text;
// names and values reach it as positional parameters, never inside it (except exec.start, which jail(8) hands to
// sh -c as one string: there only the jail name appears, and jail names are [A-Za-z0-9_-]).
import type { ContainerSpec } from '../spec/types.js';
import { secondsArg } from '../spec/duration.js';

/** What of a container the program commands need. */
export type ProgramSpec = Pick<ContainerSpec, 'jailName' | 'command' | 'user' | 'env' | 'supervised' | 'restart' | 'stopSignal' | 'stopGracePeriodS' | 'healthcheck'>;

/**
 * klee's directory inside the jail: `env` (the environment, root-only), `daemon.pid` (daemon(8)'s supervisor, -P),
 * `child.pid` (its child, -p) and `stopped` (present while `klee stop` keeps it stopped).
 */
export function programDir(jail: string): string {
  return `${RUN_DIR}/${jail}`;
}

/** The program's output inside the jail (daemon -o), read by `klee logs`; the wrapper ends each run with an exit line. */
export function programLog(jail: string): string {
  return `${LOG_DIR}/${jail}.log`;
}

const RUN_DIR = '/var/run/klee';
const LOG_DIR = '/var/log/klee';

/** The line the wrapper writes after each run of the program: its exit status as sh reports it (128 + N: signal N). */
export const EXIT_LINE = /^klee: exited with status (\d+)$/;

/**
 * The environment file: one `export NAME='value'` line per variable, sorted. The only place env values go: klee
 * writes it through jail(8)'s standard input (never an argument, so no process list shows them) and the starting
 * shell sources it as root before daemon(8) drops to the container's user.
 */
export function envFileText(env: Record<string, string>): string {
  return Object.keys(env).sort().map((k) => `export ${k}='${env[k].replace(/'/g, `'\\''`)}'\n`).join('');
}

/**
 * The environment file as a standard input, with what every view shows instead of it (plan, --commands, --json,
 * --dry-run, events: src/planner/types.ts PlannedCommand.stdinShown): each variable as `NAME=<redacted>`.
 */
export function envStdin(env: Record<string, string>): { stdin: string; stdinShown: string } {
  return { stdin: envFileText(env), stdinShown: shownEnv(env).map((v) => `export ${v}\n`).join('') };
}

/** The environment as klee shows it anywhere (views, inspect): `NAME=<redacted>` per variable, sorted. */
export function shownEnv(env: Record<string, string>): string[] {
  return Object.keys(env).sort().map((k) => `${k}=<redacted>`);
}

/**
 * jail(8)'s `exec.start` for a container: as root inside the new jail, before `command=`, it writes the environment
 * file from jail(8)'s standard input (command.c run_command forks exec.* commands with jail(8)'s own stdin), mode
 * 0600 (umask 077), and makes klee's directories.
 */
export function envWriterParam(jail: string): string {
  return `exec.start=umask 077 && mkdir -p ${programDir(jail)} ${LOG_DIR} && cat > ${programDir(jail)}/env`;
}

/** The starting shell: sources the environment file (as root), clears `stopped`, then execs the rest of its arguments. */
const START = '[ ! -f "$0"/env ] || . "$0"/env; rm -f "$0"/stopped; exec "$@"';

/**
 * The wrapper daemon(8) supervises, run as the container's user: it runs the program in the foreground (so the
 * program gets signals with their default actions), then writes the exit line. It traps SIGTERM, which daemon(8)
 * passes on when klee stops it, so that it outlives the program and still writes that line (a trapped signal waits
 * for the foreground command: XCU 2.11).
 */
const WRAP = 'trap : TERM; "$@"; echo "klee: exited with status $?"';

/**
 * restart: on-failure: daemon(8) restarts after any end, so the wrapper itself runs the program again after a
 * non-zero status (after 1 s, daemon -r's delay) until it succeeds or klee stops it (SIGTERM sets k).
 */
const WRAP_ON_FAILURE = 'trap \'k=1\' TERM; while [ -z "$k" ]; do "$@"; s=$?; echo "klee: exited with status $s"; [ "$s" -eq 0 ] && break; [ -n "$k" ] || sleep 1; done';

/**
 * What starts the program: `/bin/sh -c START <dir> <runner...>` (the command= of `jail -c`, and `klee start` through
 * jexec). For a supervised program the runner is daemon(8): `-f` (stdio to /dev/null), `-P`/`-p` pidfiles klee signals
 * and checks, `-o` the log, `-t` the jail's name as title, `-u` the user, `-r` for restart: always; for the thin VM it
 * is `/bin/sh /etc/rc`, waited for by jail(8) as before.
 */
export function startArgv(p: ProgramSpec): string[] {
  const dir = programDir(p.jailName);
  if (!p.supervised) return ['/bin/sh', '-c', START, dir, ...p.command];
  const daemon = ['/usr/sbin/daemon', '-f', '-P', `${dir}/daemon.pid`, '-p', `${dir}/child.pid`, '-o', programLog(p.jailName), '-t', p.jailName];
  if (p.user !== 'root') daemon.push('-u', p.user);
  if (p.restart === 'always') daemon.push('-r');
  return ['/bin/sh', '-c', START, dir, ...daemon, '/bin/sh', '-c', p.restart === 'on-failure' ? WRAP_ON_FAILURE : WRAP, 'klee', ...p.command];
}

/**
 * What is left in the jail then ends as jail(8)'s term_procs ends it (usr.sbin/jail/command.c): SIGTERM to every
 * process of the jail, up to 10 s (its DEFAULT_STOP_TIMEOUT) for them to go, then SIGKILL; inside the jail pkill and
 * pgrep see only its processes and skip themselves and their ancestors (bin/pkill: PSKIP, !ancestors). So nothing of
 * the jail holds its mounts when they are unmounted (container-removal.ts).
 */
const END_ALL = 'pkill -TERM . 2>/dev/null && for i in 1 2 3 4 5 6 7 8 9 10; do pgrep -q . || break; sleep 1; done; pkill -KILL . 2>/dev/null';

/**
 * Stopping the supervised program, inside the jail as root (one command, which waits): mark it stopped; SIGTERM to the
 * supervisor (daemon.c: no more restarts, SIGTERM passed to the wrapper, which waits for the program); stop_signal to
 * the program (the wrapper's child, pkill -P); wait for the supervisor up to stop_grace_period (pwait -t; a grace of
 * 0 waits not at all, since `pwait -t 0` would wait without limit: bin/pwait/pwait.c, setitimer(2)); then SIGKILL
 * the program, and the supervisor if it is still there a second later; then whatever else runs in the jail (END_ALL).
 */
const STOP = [
  ': > "$0"/stopped',
  's=$(cat "$0"/daemon.pid 2>/dev/null) && w=$(cat "$0"/child.pid 2>/dev/null) && pkill -TERM -LF "$0"/daemon.pid || s=',
  '[ -z "$s" ] || pkill -"$1" -P "$w"',
  '[ -z "$s" ] || { [ "$2" != 0 ] && pwait -t "$2" "$s" 2>/dev/null; } || pkill -KILL -P "$w"',
  '[ -z "$s" ] || pwait -t 1 "$s" 2>/dev/null || pkill -KILL -LF "$0"/daemon.pid',
  END_ALL,
  'exit 0',
].join('; ');

/**
 * The thin VM's stop: its exec.stop (Kleene's `/bin/sh /etc/rc.shutdown jail`, or the file's), marked stopped first,
 * then END_ALL. Its status is END_ALL's success, not rc.shutdown's: whatever an rc.d script says, what counts for a
 * removal is that nothing of the jail runs any more.
 */
const RC_STOP = `: > "$0"/stopped; /bin/sh -c "$1"; ${END_ALL}; exit 0`;

/** Kleene's exec.stop of the thin VM. */
const RC_SHUTDOWN = '/bin/sh /etc/rc.shutdown jail';

/**
 * The command that stops a container's program and leaves its jail (klee stop, and the first step of a removal). The
 * thin VM runs `exec.stop` (Kleene's rc.shutdown unless the file gives `rcStop`).
 */
export function stopArgv(p: ProgramSpec, rcStop?: string): string[] {
  const dir = programDir(p.jailName);
  if (!p.supervised) return ['jexec', p.jailName, '/bin/sh', '-c', RC_STOP, dir, rcStop ?? RC_SHUTDOWN];
  return ['jexec', p.jailName, '/bin/sh', '-c', STOP, dir, p.stopSignal, secondsArg(p.stopGracePeriodS)];
}

/** A removal forgets klee's directory in the jail (the environment file with it), which no later start needs. */
export function forgetArgv(jail: string): string[] {
  return ['jexec', jail, '/bin/rm', '-rf', programDir(jail)];
}

/**
 * The healthcheck's shell, as the container's user: it sources the environment file's text from its standard input
 * (`/dev/stdin`, which devfs gives every jail klee makes: sbin/devfs/devfs.rules devfsrules_jail unhides stdin), then
 * execs the test. compose runs a check with the container's environment; the file inside the jail is root's alone
 * (umask 077), so klee hands the same text on stdin, as it hands it to jail -c: never on an argv.
 */
const HEALTH = '. /dev/stdin; exec "$@"';

/**
 * The healthcheck once: `timeout T jexec -l -U <user> <jail> /bin/sh -c HEALTH klee <test...>` with the environment
 * file's text on stdin (timeout(1): 124 when it takes too long).
 */
export function healthCommand(p: ProgramSpec): { argv: string[]; stdin: string; stdinShown: string } | undefined {
  const h = p.healthcheck;
  if (!h) return undefined;
  return { argv: ['timeout', secondsArg(h.timeoutS), 'jexec', '-l', '-U', p.user, p.jailName, '/bin/sh', '-c', HEALTH, 'klee', ...h.argv], ...envStdin(p.env) };
}

/** Waits until a one-shot ended (pwait on its supervisor), then succeeds only if its last run exited 0, else prints that line. */
const COMPLETED = 's=$(cat "$0"/daemon.pid 2>/dev/null) && pwait "$s" 2>/dev/null; l=$(tail -n 1 "$1" 2>/dev/null); [ "$l" = "klee: exited with status 0" ] && exit 0; echo "$l" >&2; exit 1';

/** The command that waits for a container's program to complete (depends_on: service_completed_successfully). */
export function completedArgv(p: Pick<ContainerSpec, 'jailName'>): string[] {
  return ['jexec', p.jailName, '/bin/sh', '-c', COMPLETED, programDir(p.jailName), programLog(p.jailName)];
}

/** Marker lines of the status batch. */
export const STATUS_JAIL_MARK = '@@klee-jail';
export const STATUS_FAILED_MARK = '@@klee-failed';

/**
 * Inside one jail: which of klee's program files tell what (run as root; prints marker lines, then the log's last
 * line). For a live child, when its run started: daemon(8)'s child writes the child pidfile at every start, restarts
 * included (usr.sbin/daemon/daemon.c: `if (pid == 0) { pidfile_write(child_pidfh); ...`), so the file's mtime
 * (stat -f %m: seconds, usr.bin/stat/stat.c) is that start, printed with the host's clock (date +%s) to compare it to.
 */
const STATUS = 'pgrep -qLF "$0"/daemon.pid 2>/dev/null && echo @@klee-supervisor; pgrep -qF "$0"/child.pid 2>/dev/null && echo @@klee-child && t=$(stat -f %m "$0"/child.pid 2>/dev/null) && echo "@@klee-started $t $(date +%s)"; [ -f "$0"/stopped ] && echo @@klee-stopped; [ -f "$1" ] && echo @@klee-log && tail -n 1 "$1"; exit 0';

/** The status of every given jail's program in one host command; the per-jail script is the first positional parameter. */
const STATUS_BATCH = `st=$1; shift; for j in "$@"; do echo "${STATUS_JAIL_MARK} $j"; jexec "$j" /bin/sh -c "$st" ${RUN_DIR}/"$j" ${LOG_DIR}/"$j".log 2>&1 || echo "${STATUS_FAILED_MARK} $?"; done`;

/** One host command reading the program status of all the given jails (the probe; its count does not grow with them). */
export function statusBatchArgv(jails: readonly string[]): string[] {
  return ['/bin/sh', '-c', STATUS_BATCH, 'sh', STATUS, ...jails];
}
