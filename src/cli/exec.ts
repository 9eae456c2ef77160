// `klee exec CONTAINER CMD...`: jexec in the container's jail, stdin/stdout/exit code passed through.
import type { CliContext } from './context.js';
import type { Spec } from '../spec/types.js';
import { UserError } from '../errors.js';
import { jailName } from '../host/labels.js';
import { openHost } from '../host/open.js';
import { projectAndSpec } from './ps.js';

/** Options of `klee exec`. */
export interface ExecOptions {
  user?: string;
  /** -T: no terminal: run, then print the output. */
  T?: boolean;
}

/** The container's jail; with a file present, the container must be declared in it. */
export function containerJail(project: string, spec: Spec | undefined, container: string): string {
  if (spec && !spec.containers.some((c) => c.name === container)) {
    const known = spec.containers.map((c) => c.name).sort().join(', ') || 'none';
    throw new UserError(`no container "${container}" in ${spec.file} (containers: ${known})`);
  }
  return jailName(project, container);
}

/** `jexec [-U user] <jail> cmd...` (jexec(8)); the user defaults to the container's `user:`. */
export function execArgv(jail: string, command: string[], user?: string): string[] {
  return ['jexec', ...(user ? ['-U', user] : []), jail, ...command];
}

/** Run the command; the exit code is the command's own. A `--` before it only separates it (`klee exec C -- cmd args`). */
export async function run(ctx: CliContext, container: string, words: string[], opts: ExecOptions = {}): Promise<number> {
  const command = words[0] === '--' ? words.slice(1) : words;
  if (command.length === 0) throw new UserError('klee exec needs a command after the container', 'for instance: klee exec C -- /bin/sh');
  const { project, spec } = await projectAndSpec(ctx, 'exec');
  const jail = containerJail(project, spec, container);
  const user = opts.user ?? spec?.containers.find((c) => c.name === container)?.user;
  const argv = execArgv(jail, command, user);
  const host = await openHost(ctx.host);
  try {
    if (host.interactive && !opts.T) return await host.interactive(argv);
    const r = await host.run(argv);
    ctx.io.stdout.write(r.stdout);
    ctx.io.stderr.write(r.stderr);
    if (r.exitCode !== 0 && /jexec: jail ".*" not found/.test(r.stderr)) {
      throw new UserError(`container "${container}" is not running (no jail ${jail} on ${host.uri})`, 'start it with `klee up`');
    }
    return r.exitCode;
  } finally {
    await host.close();
  }
}
