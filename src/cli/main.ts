#!/usr/bin/env -S node --
// The `klee` binary: wires process streams, signals and exit code to runCli.
// `node --` ends node's own options: Node 20 otherwise takes `--env-file` anywhere on the line for itself
// (nodejs/node#54232), so `klee validate --env-file x` would be node's, not klee's. (env -S: FreeBSD env(1), GNU env.)
import { runCli } from './program.js';
import { tolerantOutput } from './output.js';

const controller = new AbortController();
let interrupted = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    interrupted++;
    if (interrupted > 1) process.exit(130);
    controller.abort(new Error(`interrupted by ${sig}`));
  });
}
const io = { stdout: tolerantOutput(process.stdout), stderr: tolerantOutput(process.stderr), stdin: process.stdin };
const code = await runCli(process.argv.slice(2), io, process.env, process.cwd(), controller.signal);
process.exitCode = code;
