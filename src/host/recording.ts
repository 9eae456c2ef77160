// A host that records every command it runs (klee probe --save, the host kit's differential mode).
import type { Host } from './types.js';

/** A command as it ran: its argv, the input it was given (when recorded), and its result. */
export interface RecordedCommand {
  argv: string[];
  stdin?: string;
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Wrap a host so that every command it runs is pushed to `into` once it has finished, in the order they finished;
 * `withStdin` records each command's standard input too. A terminal-attached command (exec, logs -f) is recorded
 * with its exit code and no output (it went to the terminal).
 */
export function recordingHost(inner: Host, into: RecordedCommand[], withStdin = false): Host {
  // Delegation, not a spread: a spread of a class instance (the sim host) would lose its methods.
  const host: Host = {
    uri: inner.uri,
    kind: inner.kind,
    parallel: inner.parallel,
    acquireLock: (project, owner) => inner.acquireLock(project, owner),
    close: () => inner.close(),
    async run(argv, o) {
      const r = await inner.run(argv, o);
      into.push({ argv: [...r.argv], ...(withStdin && o?.stdin !== undefined ? { stdin: o.stdin } : {}), stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode });
      return r;
    },
  };
  if (inner.interactive) {
    const interactive = inner.interactive.bind(inner);
    host.interactive = async (argv) => {
      const code = await interactive(argv);
      into.push({ argv: [...argv], stdout: '', stderr: '', exitCode: code });
      return code;
    };
  }
  return host;
}
