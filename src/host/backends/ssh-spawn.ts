// How the ssh backend starts one ssh(1) client: a process by default; tests and the benchmark pass the simulated
// sshd (src/host/sim/sshd.ts) instead, which answers the same argv and stdin as a FreeBSD host behind sshd would.

/** What one ssh client process returned; its stdout also streams to `onStdout` as it arrives. */
export interface SpawnResult {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

/** Start one ssh client with these arguments (everything after the program name) and this stdin. */
export type SshSpawn = (
  args: readonly string[],
  io: { input?: string; signal?: AbortSignal; onStdout?: (chunk: Buffer) => void },
) => Promise<SpawnResult>;

/** The real thing: `program args...` with execa, stdout and stderr read as bytes. */
export function processSpawn(program: string): SshSpawn {
  return async (args, io) => {
    const { execa } = await import('execa');
    const child = execa(program, [...args], { reject: false, input: io.input ?? '', cancelSignal: io.signal, buffer: false, stdout: 'pipe', stderr: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => { out.push(b); io.onStdout?.(b); });
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    const r = await child;
    const stderr = Buffer.concat(err).toString('utf8') || (r.failed && typeof r.exitCode !== 'number' ? `${r.shortMessage}\n` : '');
    return { exitCode: typeof r.exitCode === 'number' ? r.exitCode : 255, stdout: Buffer.concat(out), stderr };
  };
}
