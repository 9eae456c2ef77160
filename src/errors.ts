// Typed errors that the CLI's single catch turns into a message and an exit code, never a stack trace.

/** Where a user error is, for `--json` failures: the file and line, or the host command that failed. */
export interface ErrorContext {
  file?: string;
  line?: number;
  command?: string[];
  [more: string]: unknown;
}

/** A problem caused by the user's input or environment (bad file, missing host tool, refused command). */
export class UserError extends Error {
  constructor(message: string, readonly hint?: string, readonly exitCode = 1, readonly context: ErrorContext = {}) {
    super(message);
    this.name = 'UserError';
  }
}
