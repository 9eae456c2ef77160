// Child process for section 6: runs `klee up --json` in-process (the binary's code path) and reports its peak RSS.
import { readFileSync } from 'node:fs';
import { runCli } from '../src/cli/program.js';

const [file, host] = process.argv.slice(2);
let events = 0;
const sink = { write: (s: string) => { events += s.split('\n').length - 1; return true; } };
const code = await runCli(['up', '--json', '-f', file, '-H', host], { stdout: sink, stderr: { write: (s: string) => process.stderr.write(s) } });
const hwm = /VmHWM:\s*(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
process.stdout.write(JSON.stringify({ code, events, maxRssKb: process.resourceUsage().maxRSS, vmHwmKb: hwm ? Number(hwm) : undefined }) + '\n');
