// The commander program, built from the command definitions (src/cli/commands): global options before and after
// every command, lazy-loaded implementations, and one catch that turns errors into messages (or JSON) and exit codes.
// The shipped binary is bundled (scripts/bundle.mjs): commander is part of it, so no ESM wrapper of a CJS package is loaded.
import { Command, CommanderError, Option } from 'commander';
import type { CliContext, Io } from './context.js';
import type { CommandDef, OptionDef } from './commands/types.js';
import { UserError } from '../errors.js';
import { COMMANDS } from './commands/index.js';
import { globalsFor } from './globals.js';
import { kleeVersion } from './version.js';

/** What the program calls when a command is chosen: its definition, the context, and commander's arguments. */
export type ActionHandler = (def: CommandDef, ctx: CliContext, args: unknown[]) => Promise<void>;

/** An option of a definition as commander's Option. */
function toOption(o: OptionDef): Option {
  const opt = new Option(o.flags, o.description);
  if (o.parse) opt.argParser(o.parse);
  if (o.choices) opt.choices(o.choices);
  return opt;
}

/** The program: every command of COMMANDS with its own and the global options; `onAction` runs the chosen one. */
export function buildProgram(io: Io, env: Record<string, string | undefined>, cwd: string, signal: AbortSignal, onAction: ActionHandler): Command {
  const program = new Command('klee')
    .description('Declarative FreeBSD jails and their networks from one kleene.yaml')
    .version(kleeVersion(), '-V, --version', "print klee's version")
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError(false);
  for (const o of globalsFor(undefined)) program.addOption(toOption(o));
  for (const def of COMMANDS) {
    const cmd = program.command(def.name).description(def.description);
    for (const a of def.args ?? []) cmd.argument(a.name, a.description);
    for (const o of def.options ?? []) cmd.addOption(toOption(o));
    for (const o of globalsFor(def)) cmd.addOption(toOption(o));
    if (def.passThrough) cmd.passThroughOptions();
    cmd.action(async (...args: unknown[]) => {
      const c = args[args.length - 1] as Command;
      await onAction(def, contextOf(program, c, io, env, cwd, signal), args.slice(0, -1));
    });
  }
  return program;
}

/** The context of a chosen command: global options from either side of the command, environment, terminal. */
function contextOf(program: Command, cmd: Command, io: Io, env: Record<string, string | undefined>, cwd: string, signal: AbortSignal): CliContext {
  const g = cmd.optsWithGlobals();
  // A terminal that cannot move the cursor (TERM=dumb) gets neither the live view nor colours.
  const tty = Boolean(io.stdout.isTTY) && env.TERM !== 'dumb';
  return {
    file: g.file,
    projectName: g.projectName ?? env.KLEE_PROJECT_NAME,
    projectDirectory: g.projectDirectory,
    envFile: g.envFile,
    host: g.host ?? env.KLEE_HOST ?? 'local',
    hostGiven: g.host !== undefined || env.KLEE_HOST !== undefined,
    json: Boolean(g.json),
    // --no-color may be given before or after the command: off if any level says so.
    color: cmd.opts().color !== false && program.opts().color !== false && env.NO_COLOR === undefined && tty,
    tty,
    cwd,
    env,
    io,
    signal,
  };
}

/** Run klee with argv (without node and script) and return the exit code. */
export async function runCli(argv: string[], io: Io, env: Record<string, string | undefined> = process.env, cwd = process.cwd(), signal = new AbortController().signal): Promise<number> {
  let exitCode = 0;
  // --json is known for certain only once commander has parsed the line; a failure before that (an unknown option)
  // looks at the words given (before a `--`, after which they belong to `klee exec`'s command).
  const end = argv.indexOf('--');
  let json = (end < 0 ? argv : argv.slice(0, end)).includes('--json');
  const commanderErrors: string[] = [];
  const quietIo: Io = json ? { ...io, stderr: { write: (s: string) => commanderErrors.push(s) } } : io;
  const program = buildProgram(quietIo, env, cwd, signal, async (def, ctx, args) => {
    json = ctx.json;
    const mod = await def.load();
    exitCode = await mod.run({ ...ctx, io }, ...args);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0;
      // Without a command commander prints the help as its error (code commander.help): name the mistake instead.
      const message = e.code === 'commander.help' ? 'no command given (`klee --help` lists them)' : commanderErrors.join('').replace(/^error: /, '').trim() || e.message;
      if (json) writeJsonError(io, { message });
      return 1;
    }
    if (e instanceof UserError) {
      if (json) writeJsonError(io, { message: e.message, ...(e.hint ? { hint: e.hint } : {}), ...e.context });
      else io.stderr.write(`klee: ${e.message}\n${e.hint ? `hint: ${e.hint}\n` : ''}`);
      return e.exitCode;
    }
    const err = e as Error;
    const message = `internal error (this is a bug, please report it): ${err?.stack ?? String(e)}`;
    if (json) writeJsonError(io, { message, internal: true });
    else io.stderr.write(`klee: ${message}\n`);
    return 1;
  }
}

/**
 * A failure as the one JSON document on stdout (`{"error": {"message", ...}}`), for scripts reading --json: on one
 * line, so that it is also a valid last line of `up`/`down`'s NDJSON stream.
 */
function writeJsonError(io: Io, error: Record<string, unknown>): void {
  io.stdout.write(`${JSON.stringify({ error })}\n`);
}
