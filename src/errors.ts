// Typed errors that the CLI's single catch turns into a message and an exit code, never a stack trace.

/** A problem caused by the user's input or environment (bad file, missing host tool, refused command). */
export class UserError extends Error {
  constructor(message: string, readonly hint?: string, readonly exitCode = 1) {
    super(message);
    this.name = 'UserError';
  }
}
