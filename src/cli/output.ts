// The process's stdout and stderr as klee writes them: a reader that went away (`klee up --json | head -3`) must not
// abort an apply half-way, so a stream that fails (EPIPE) is closed for writing and the run goes on.

/** A writable process stream that drops writes once it has failed, instead of throwing or crashing the process. */
export interface Output {
  write(s: string): boolean;
  readonly isTTY?: boolean;
}

/** Wrap a process stream: its 'error' (EPIPE when the reader closed the pipe) closes it for further writes. */
export function tolerantOutput(stream: NodeJS.WriteStream): Output {
  let closed = false;
  // Without a listener, an EPIPE is an uncaught exception that ends the process mid-apply, lock held.
  stream.on('error', () => {
    closed = true;
  });
  return {
    get isTTY() {
      return stream.isTTY;
    },
    write(s: string) {
      if (closed || stream.destroyed) return false;
      return stream.write(s);
    },
  };
}
