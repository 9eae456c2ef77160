// The definition of a command as data: what program.ts turns into commander, and what completion and the README test read.
import type { CliContext } from '../context.js';

/** A command's implementation module (src/cli/<command>.ts), loaded only when the command runs. */
export interface CommandModule {
  run(ctx: CliContext, ...args: any[]): Promise<number>;
}

/** One option: commander's flags (`-o, --out <path>`), a description, an optional parser and choices. */
export interface OptionDef {
  flags: string;
  description: string;
  /** Turns the argument into a value; throws a UserError for a bad one. */
  parse?: (value: string) => unknown;
  /** The allowed values (checked by commander, offered by completion). */
  choices?: string[];
}

/** One positional argument: `<name>`, `[name]` or `<name...>`, with what completion offers for it. */
export interface ArgumentDef {
  name: string;
  description: string;
  /** Completion: a fixed list, the file's containers, or its containers and networks. */
  complete?: string[] | 'containers' | 'resources';
}

/** One command: name, description, arguments, own options, and how its implementation is loaded. */
export interface CommandDef {
  name: string;
  description: string;
  args?: ArgumentDef[];
  options?: OptionDef[];
  /** Options after the first argument belong to that argument (klee exec C cmd -x). */
  passThrough?: boolean;
  /** `-f` means something else here (logs -f = follow): the file is only `--file`. */
  fileLongOnly?: boolean;
  load(): Promise<CommandModule>;
}
