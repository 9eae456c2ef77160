// The context a simulated command runs in (state, options, which jail) and its result shape.
import type { SimIface, SimJail, SimState } from './state.js';
import type { Scratch } from './scratch.js';

/** Options from the sim: query string that affect command behaviour. */
export interface SimOptions {
  /** Paths that do not exist (?missing=/a,/b). */
  missing: string[];
  /** IPv6 addresses another node on the link already has (?dad-fail=A,B): their duplicate address detection fails. */
  dadFail?: string[];
  /** Jails that something still holds when they are removed (?dying=N,M): `jail -r` leaves them dying. */
  dying?: string[];
}

/** Where a command runs: the host, or inside a jail (jexec, exec.start, command), and with which environment. */
export interface Ctx {
  st: SimState;
  opts: SimOptions;
  jail?: SimJail;
  /** The process environment (sh passes its exported variables); absent: root's login environment (LOGIN_ENV). */
  env?: Readonly<Record<string, string>>;
  /** Files this command made for its own use (scratch.ts). */
  scratch?: Scratch;
  /** The user it runs as inside the jail (jexec -U, daemon -u); root when absent. */
  user?: string;
  /** The simulated process that runs it (its parent for what it starts); absent for a command klee runs itself. */
  parent?: number;
  /** A supervised process's command, not klee's: a foreground wait blocks the process instead of the caller. */
  process?: boolean;
  /** timeout(1) around this command: the clock time it is cut off at. */
  deadline?: number;
  /** Host path the command's standard output and error go to when it outlives the caller (exec.consolelog, a log). */
  out?: string;
  /** Standard input shared by the commands of one invocation: the first that reads it takes it all. */
  stdin?: { text: string };
}

/**
 * The environment of a root login on a fresh FreeBSD host: login.conf(5) `default` class setenv/path
 * (etc/login.conf: `:path=/sbin /bin /usr/sbin /usr/bin /usr/local/sbin /usr/local/bin ~/bin:`), what sshd gives a
 * session and what a command starts with when nothing else is said.
 */
export const LOGIN_ENV: Readonly<Record<string, string>> = {
  PATH: '/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin:/root/bin', HOME: '/root', SHELL: '/bin/sh', USER: 'root', BLOCKSIZE: 'K',
};

/**
 * The environment a command in this context sees: its own, else a login one for its user (USER is the user's name,
 * as jexec -l and jail(8)'s exec.clean set it; users are not modelled, so HOME and ~/bin in PATH stay root's).
 */
export function envOf(ctx: Ctx): Readonly<Record<string, string>> {
  if (ctx.env) return ctx.env;
  return ctx.user === undefined || ctx.user === 'root' ? LOGIN_ENV : { ...LOGIN_ENV, USER: ctx.user };
}

/** What a simulated command printed and its exit status (signal: it was killed by that signal, code = 128 + it). */
export interface Out {
  stdout: string;
  stderr: string;
  code: number;
  signal?: number;
}

/** A successful result. */
export function ok(stdout = '', stderr = ''): Out {
  return { stdout, stderr, code: 0 };
}

/** A failed result (stderr gets a trailing newline when the text has none). */
export function fail(stderr: string, code = 1, stdout = ''): Out {
  return { stdout, stderr: stderr && !stderr.endsWith('\n') ? stderr + '\n' : stderr, code };
}

/** The vnet id commands in this context see: the jail's jid for vnet jails, else 0 (host). */
export function vnetOf(ctx: Ctx): number {
  return ctx.jail && ctx.jail.vnet ? ctx.jail.jid : 0;
}

/** Interfaces visible in this context, in kernel (index) order. */
export function visibleIfaces(ctx: Ctx): SimIface[] {
  const v = vnetOf(ctx);
  return ctx.st.interfaces.filter((i) => i.vnet === v).sort((a, b) => a.index - b.index);
}

/** Find an interface by name in this context's vnet. */
export function findIface(ctx: Ctx, name: string): SimIface | undefined {
  const v = vnetOf(ctx);
  return ctx.st.interfaces.find((i) => i.vnet === v && i.name === name);
}

/**
 * Find a jail by jid (all digits) or name, as libjail's jail_getid does: a live one, or with `dying` (JAIL_DYING, jls -d)
 * also a dying one, the live one first (a dying jail's name is free for a new jail).
 */
export function findJail(st: SimState, key: string, dying = false): SimJail | undefined {
  const match = (j: SimJail) => (/^\d+$/.test(key) ? j.jid === Number(key) : j.name === key);
  return st.jails.find((j) => match(j) && !j.dying) ?? (dying ? st.jails.find((j) => match(j)) : undefined);
}

/** Join two outputs (stdout and stderr concatenated, last code wins). */
export function concat(a: Out, b: Out): Out {
  return { stdout: a.stdout + b.stdout, stderr: a.stderr + b.stderr, code: b.code };
}
