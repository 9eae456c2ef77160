// The global options: accepted before the command and after it (`klee -H sim:x plan`, `klee plan -H sim:x`).
import type { CommandDef, OptionDef } from './commands/types.js';

/** Global options, in help order; `-f` is `--file` only where a command uses `-f` itself (logs -f = follow). */
export const GLOBAL_OPTIONS: OptionDef[] = [
  { flags: '-f, --file <path>', description: 'the kleene.yaml to read: a file, a directory holding one, or - for standard input (default: kleene.yaml, then kleene.yml)' },
  { flags: '-p, --project-name <name>', description: 'project name (default: name:, KLEE_PROJECT_NAME, or the directory name)' },
  { flags: '--project-directory <dir>', description: 'the project directory: where kleene.yaml and .env are looked for, and the name fallback (default: the file\'s directory)' },
  { flags: '--env-file <path>', description: 'variables file (default: .env in the project directory)' },
  { flags: '-H, --host <uri>', description: 'local | ssh://[user@]host[:port] | sim:PATH | snapshot:PATH (env KLEE_HOST)' },
  { flags: '--json', description: 'machine-readable output (failures too: {"error": {...}} on stdout)' },
  { flags: '--no-color', description: 'no colour (also NO_COLOR, TERM=dumb)' },
];

/** The `--file` form for commands where `-f` means something else. */
export const FILE_LONG_ONLY = '--file <path>';

/** The global options of one command, or of the program itself (logs: --file without -f). */
export function globalsFor(def?: CommandDef): OptionDef[] {
  return GLOBAL_OPTIONS.map((o) => (def?.fileLongOnly && o.flags.startsWith('-f, ') ? { ...o, flags: FILE_LONG_ONLY } : o));
}

