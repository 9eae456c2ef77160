// What every command receives: the global options, environment and output streams (no globals).

/** Where a command writes; tests pass buffers, the binary passes process streams. */
export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  /** Standard input for `klee exec`, pf rules and the confirmation question; undefined when not needed. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** Global options and environment, resolved once by the program. */
export interface CliContext {
  /** -f/--file as given (undefined: kleene.yaml then kleene.yml in cwd). */
  file?: string;
  /** -p/--project-name, else KLEE_PROJECT_NAME. */
  projectName?: string;
  /** --project-directory as given: where kleene.yaml and .env are looked for (default: the file's directory, else cwd). */
  projectDirectory?: string;
  envFile?: string;
  /** -H/--host, else KLEE_HOST, else "local". */
  host: string;
  /** True when -H or KLEE_HOST chose the host (`klee graph` reads a host only then). */
  hostGiven: boolean;
  json: boolean;
  color: boolean;
  /** stdout is a terminal that can move the cursor (not TERM=dumb): the live progress view. */
  tty: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
  io: Io;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
}
