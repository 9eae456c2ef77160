// One host command whose transport errors (ssh dropped, spawn failed) become a failed result, never a throw.
import type { CommandResult, Host } from '../host/types.js';

/** Run argv on host; an exception is reported as exit code 255 with its message as stderr (like ssh does). */
export async function safeRun(host: Host, argv: string[], stdin?: string): Promise<CommandResult> {
  const started = Date.now();
  try {
    return await host.run(argv, stdin === undefined ? undefined : { stdin });
  } catch (e) {
    return { argv, stdout: '', stderr: (e as Error)?.message ?? String(e), exitCode: 255, durationMs: Date.now() - started };
  }
}
