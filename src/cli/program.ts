// The commander program: global options, one entry per command, lazy-loaded implementations, one catch.
// The shipped binary is bundled (scripts/bundle.mjs): commander is part of it, so no ESM wrapper of a CJS package is loaded.
import { Command, CommanderError, Option } from 'commander';
import type { CliContext, Io } from './context.js';
import { UserError } from '../errors.js';
import { parseDuration } from '../spec/duration.js';

type Impl = (ctx: CliContext, ...args: any[]) => Promise<number>;

/** Run klee with argv (without node and script) and return the exit code. */
export async function runCli(argv: string[], io: Io, env: Record<string, string | undefined> = process.env, cwd = process.cwd(), signal = new AbortController().signal): Promise<number> {
  let exitCode = 0;
  const program = new Command('klee')
    .description('Declarative FreeBSD jails and their networks from one kleene.yaml')
    .option('-f, --file <path>', 'the kleene.yaml to read (default: kleene.yaml, then kleene.yml)')
    .option('-p, --project-name <name>', 'project name (default: name:, KLEE_PROJECT_NAME, or the directory name)')
    .option('--env-file <path>', 'variables file (default: .env beside the file)')
    .option('-H, --host <uri>', 'local | ssh://[user@]host[:port] | sim:PATH | snapshot:PATH (env KLEE_HOST)')
    .option('--json', 'machine-readable output')
    .option('--no-color', 'no colour (also NO_COLOR)')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError(false);

  const ctxOf = (cmd: Command): CliContext => {
    const g = cmd.optsWithGlobals();
    return {
      file: g.file,
      projectName: g.projectName ?? env.KLEE_PROJECT_NAME,
      envFile: g.envFile,
      host: g.host ?? env.KLEE_HOST ?? 'local',
      json: Boolean(g.json),
      // --no-color may be given before or after the command: off if any level says so.
      color: cmd.opts().color !== false && program.opts().color !== false && env.NO_COLOR === undefined && Boolean(io.stdout.isTTY),
      cwd,
      env,
      io,
      signal,
    };
  };
  // Global options are accepted after the command too (`klee plan -H sim:x`), as users type them.
  const globals = (c: Command, withFile = true) =>
    (withFile ? c.option('-f, --file <path>', 'the kleene.yaml to read') : c)
      .option('-p, --project-name <name>', 'project name')
      .option('--env-file <path>', 'variables file')
      .option('-H, --host <uri>', 'host URI')
      .option('--json', 'machine-readable output')
      .option('--no-color', 'no colour');
  const lazy = (load: () => Promise<{ run: Impl }>) => async (...args: any[]) => {
    const cmd = args[args.length - 1] as Command;
    const { run } = await load();
    exitCode = await run(ctxOf(cmd), ...args.slice(0, -1));
  };

  globals(program.command('validate')).description('check the file; exit 0 valid, 1 invalid')
    .action(lazy(() => import('./validate.js')));
  globals(program.command('config')).description('print the normalised file (variables interpolated, defaults filled)')
    .action(lazy(() => import('./config.js')));
  globals(program.command('plan')).description('show what `up` would change on the host, and why')
    .option('--commands', 'show the exact commands under each action')
    .option('--detailed-exitcode', 'exit 0 no changes, 1 error, 2 changes')
    .action(lazy(() => import('./plan.js')));
  globals(program.command('up')).description('plan and apply: create and update everything the file declares')
    .argument('[service...]', 'only these containers and what they depend on')
    .option('--dry-run', 'print the plan as a POSIX shell script and change nothing')
    .addOption(new Option('--parallel <n>', "actions run at once (default: the host's bound, 256; 1 = strictly sequential)").argParser(parsePositiveInt))
    .option('--atomic', 'on failure, also undo everything this run created')
    .option('--wait', 'return when every container is running and, with a healthcheck, healthy')
    .addOption(new Option('--wait-timeout <duration>', 'give up waiting after this long (e.g. 60s, 5m)').argParser(parseDurationOption))
    .action(lazy(() => import('./up.js')));
  // Literal import()s, so that the bundle keeps each command a chunk of its own (scripts/bundle.mjs).
  const lifecycle: [string, string, () => Promise<{ run: Impl }>][] = [
    ['start', 'start stopped or exited programs again in their jails', () => import('./start.js')],
    ['stop', "stop the containers' programs (stop_signal, then SIGKILL after stop_grace_period); jails and networks stay", () => import('./stop.js')],
    ['restart', 'stop, then start the programs again', () => import('./restart.js')],
  ];
  for (const [verb, what, load] of lifecycle) {
    globals(program.command(verb)).description(what)
      .argument('[service...]', 'only these containers (default: all)')
      .addOption(new Option('--parallel <n>', 'actions run at once').argParser(parsePositiveInt))
      .action(lazy(load));
  }
  globals(program.command('down')).description('remove everything the project owns on the host')
    .option('--dry-run', 'print the commands as a POSIX shell script and change nothing')
    .addOption(new Option('--parallel <n>', "actions run at once (default: the host's bound, 256)").argParser(parsePositiveInt))
    .action(lazy(() => import('./down.js')));
  globals(program.command('ps')).description("the project's containers, read live from the host: state, exit code, health")
    .option('-a, --all', 'also containers whose program exited (completed one-shots)')
    .option('-q, --quiet', 'only the jail names')
    .action(lazy(() => import('./ps.js')));
  globals(program.command('ls')).description('the klee projects on the host')
    .action(lazy(() => import('./ls.js')));
  globals(program.command('inspect')).description('a network or container as JSON, read live from the host')
    .argument('<name>', 'network or container name')
    .action(lazy(() => import('./inspect.js')));
  globals(program.command('probe')).description('what klee sees on the host: its projects, and foreign interfaces and jails')
    .option('--save <path>', 'record the raw probe as a snapshot for `-H snapshot:PATH`')
    .action(lazy(() => import('./probe.js')));
  globals(program.command('exec')).description('run a command in a container (jexec)')
    .argument('<container>')
    .argument('<command...>')
    .option('-u, --user <user>', 'user inside the jail (default: the container user)')
    .option('-T', 'do not attach a terminal')
    .passThroughOptions()
    .action(lazy(() => import('./exec.js')));
  globals(program.command('logs'), false).description("a container's output: its supervised program's log, or the thin VM's console log")
    .argument('<container>')
    .option('-f, --follow', 'keep printing as the log grows')
    .addOption(new Option('-n, --lines <n>', 'last N lines').argParser(parsePositiveInt))
    .addOption(new Option('--tail <n>', 'last N lines (compose\'s name for -n)').argParser(parsePositiveInt))
    .option('--timestamps', 'show timestamps (refused: daemon(8) writes none)')
    .action(lazy(() => import('./logs.js')));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    if (e instanceof UserError) {
      io.stderr.write(`klee: ${e.message}\n${e.hint ? `hint: ${e.hint}\n` : ''}`);
      return e.exitCode;
    }
    const err = e as Error;
    io.stderr.write(`klee: internal error (this is a bug, please report it): ${err?.stack ?? String(e)}\n`);
    return 1;
  }
}

function parseDurationOption(v: string): number {
  const s = parseDuration(v);
  if (s === undefined) throw new UserError(`expected a duration such as 60s or 5m, got "${v}"`);
  return s;
}

function parsePositiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`expected a positive integer, got "${v}"`);
  return n;
}
