// Section 4: `up` of 60 and 200 independent containers at 20 and 100 ms per command, with each host's default
// concurrency against the old default (8), as a multiple of the plan's critical path; over ssh (the simulated sshd,
// 50 ms round trip) in waves against one session per command; the own time per command of klee and the simulators.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openHost } from '../src/host/open.js';
import { probe } from '../src/host/probe.js';
import { plan } from '../src/planner/plan.js';
import { execute } from '../src/executor/execute.js';
import { runLocal } from '../src/host/backends/local.js';
import { simSshd } from '../src/host/sim/sshd.js';
import type { SshHost } from '../src/host/backends/ssh.js';
import type { Host } from '../src/host/types.js';
import type { Plan } from '../src/planner/types.js';
import type { Spec } from '../src/spec/types.js';
import { MemSimHost } from './mem-host.js';
import { commandCount, criticalPath } from './critical-path.js';
import { project } from './project.js';
import { sessionPerCommand } from './ssh-before.js';
import { median, ms, ratio } from './stats.js';
import type { Row } from './report.js';

const OLD_DEFAULT = 8;
const RTT = 50;

/** Plan `spec` against `host` (fresh) and time only the executor's run of that plan (parallel: the host's default). */
async function timedUp(host: Host, spec: Spec, parallel?: number): Promise<{ ms: number; plan: Plan }> {
  const p = plan(spec, await probe(host, { project: spec.project }), { host: host.uri });
  const t = performance.now();
  const r = await execute(p, host, { parallel });
  const dt = performance.now() - t;
  if (!r.ok) throw new Error(`up failed: ${JSON.stringify(r.failures[0])}`);
  await host.close();
  return { ms: dt, plan: p };
}

/** The median of three timed runs on fresh hosts (the defaults' runs are short: one load spike must not decide). */
async function medianUp(open: () => Promise<Host>, spec: Spec): Promise<{ ms: number }> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) runs.push((await timedUp(await open(), spec)).ms);
  return { ms: median(runs) };
}

let seq = 0;
const fresh = (dir: string) => join(dir, `h${seq++}.json`);
const fileSim = async (dir: string, latency: number) => openHost(`sim:${fresh(dir)}?latency=${latency}`);
const SIZES = [60, 200] as const;
const LATENCIES = [20, 100] as const;

/** Rows of section 4. */
export async function applyRows(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'klee-bench-apply-'));
  const specs = new Map<number, Spec>();
  for (const n of SIZES) specs.set(n, (await project({ containers: n, networks: n / 10 })).spec);
  const rows: Row[] = [];

  // Warm-up (JIT) on a small project, not counted.
  await timedUp(await fileSim(dir, 0), (await project({ containers: 20, networks: 4 })).spec);

  const shape = new Map<number, { commands: number; critical: number }>();
  for (const n of SIZES) {
    const p = plan(specs.get(n)!, await probe(new MemSimHost(), { project: 'bench' }), { host: 'sim:memory' });
    const cp = criticalPath(p);
    shape.set(n, { commands: commandCount(p), critical: cp.commands });
    rows.push({
      section: '4 apply', measure: `plan: ${n} containers (${n / 2} vnet, ${n / 2} ipnet), ${n / 10} networks`,
      value: `${p.actions.length} actions, ${commandCount(p)} commands; critical path ${cp.commands} commands (${cp.chain.join(' → ')})`,
      raw: { containers: n, actions: p.actions.length, commands: commandCount(p), criticalCommands: cp.commands },
    });
  }

  // The own time per command with no latency (klee's executor and the simulator's interpreter, both on klee's one
  // thread): N commands add about N × that to a run however wide (shown next to each ratio below). The file-backed one one at a time
  // (--parallel 1: a load and a write of the state per command) and at the default (the commands waiting for the lock
  // share one load and one write).
  const s200 = specs.get(200)!;
  const total = shape.get(200)!.commands;
  const f1 = await timedUp(await fileSim(dir, 0), s200, 1);
  const fD = await timedUp(await fileSim(dir, 0), s200);
  const m1 = await timedUp(new MemSimHost(), s200, 1);
  const own = { mem: m1.ms / total, file: fD.ms / total };
  rows.push({
    section: '4 apply', measure: 'own time per command (klee and the simulator, no latency), 200-container up',
    value: `file-backed ${ms(f1.ms / total)} one at a time (--parallel 1), ${ms(own.file)} at the default (one load and write of the state per turn of its lock); in memory ${ms(own.mem)}`,
    raw: { fileMsPerCommandSequential: f1.ms / total, fileMsPerCommandDefault: own.file, memMsPerCommand: own.mem },
  });

  // Each host at its default concurrency, next to the old default of 8, at both latencies and sizes.
  const hosts: [label: string, cost: number, open: (latency: number) => Promise<Host>][] = [
    ['latency-only host (the simulator in memory: each command costs its latency), default = local backend\'s 256', own.mem, async (l) => new MemSimHost(undefined, l)],
    ['file-backed sim `sim:PATH?latency=L`, default 256', own.file, (l) => fileSim(dir, l)],
  ];
  for (const [label, cost, open] of hosts) {
    for (const l of LATENCIES) {
      const parts: string[] = [];
      const raw: Record<string, number> = {};
      let met = true;
      for (const n of SIZES) {
        const cpMs = shape.get(n)!.critical * l;
        const now = await medianUp(() => open(l), specs.get(n)!);
        const old = await timedUp(await open(l), specs.get(n)!, OLD_DEFAULT);
        const floor = shape.get(n)!.commands * cost;
        met &&= now.ms <= 1.5 * cpMs;
        parts.push(`${n}: **${ratio(now.ms / cpMs)}** (median of 3 ${ms(now.ms)}, own time ${ms(floor)}; --parallel 8: ${ratio(old.ms / cpMs)}, ${ms(old.ms)})`);
        Object.assign(raw, { [`c${n}DefaultMs`]: now.ms, [`c${n}Parallel8Ms`]: old.ms, [`c${n}CriticalMs`]: cpMs, [`c${n}OwnMs`]: floor });
      }
      rows.push({
        section: '4 apply', measure: `up, ${label}, ${l} ms per command: defaults as a multiple of the critical path`,
        value: parts.join('; '), target: '≤ 1.5× critical path', met, raw,
      });
    }
  }

  // Sequential (--parallel 1) at 20 ms on the file-backed sim, against the default.
  const s = await timedUp(await fileSim(dir, 20), s200, 1);
  const d = await timedUp(await fileSim(dir, 20), s200);
  rows.push({
    section: '4 apply', measure: `sequential: --parallel 1, file-backed sim, 20 ms per command, 200 containers (${total} commands)`,
    value: `${ms(s.ms)} (${ms(s.ms / total)}/command); the default is ${ratio(s.ms / d.ms)} faster`,
    target: 'many times faster than sequential', met: s.ms / d.ms >= 4, raw: { ms: s.ms, defaultMs: d.ms },
  });

  // ssh: the simulated sshd in front of a file-backed simulated host, 50 ms per round trip (one session).
  const depth = shape.get(200)!.critical;
  const viaSsh = async (before: boolean, rttMs = RTT) => {
    // The old backend opened a session per probe command at once (11-12): more than sshd's MaxSessions of 10, so it
    // is replayed with room for them (the waves stay within 8).
    const sshd = simSshd({ sim: fresh(dir), rttMs, maxSessions: before ? 16 : 10 });
    const host = before ? sessionPerCommand(sshd) : await openHost('ssh://root@freebsd', { sshSpawn: sshd });
    const p = plan(s200, await probe(host, { project: s200.project }), { host: host.uri });
    const probeSessions = sshd.sessions.total;
    const t = performance.now();
    const r = await execute(p, host);
    const dt = performance.now() - t;
    if (!r.ok) throw new Error(`ssh up failed: ${JSON.stringify(r.failures[0])}`);
    const sessions = sshd.sessions.total - probeSessions;
    const again = await probe(host, { project: s200.project });
    const reprobe = sshd.sessions.total - probeSessions - sessions;
    if (plan(s200, again, { host: host.uri }).actions.length !== 0) throw new Error('ssh up did not converge');
    await host.close();
    return { ms: dt, sessions, probeSessions, reprobe, waves: before ? undefined : (host as SshHost).sent };
  };
  const old = await viaSsh(true);
  const medianOf3 = async (rtt: number) => {
    const runs = [await viaSsh(false, rtt), await viaSsh(false, rtt), await viaSsh(false, rtt)].sort((x, y) => x.ms - y.ms);
    return runs[1];
  };
  const now = await medianOf3(RTT);
  const instant = await medianOf3(0); // klee's and the simulated host's own time in the same waves
  const floor = depth * RTT;
  rows.push({
    section: '4 apply', measure: `up over ssh (simulated sshd, ${RTT} ms round trip per session, file-backed host), 200 containers, ${total} commands, critical path ${depth} commands`,
    value: `waves (median of 3): **${ms(now.ms)} = ${ratio(now.ms / floor)} depth × RTT**, ${now.sessions} sessions (${ratio(total / now.sessions)} commands per round trip; the same waves at 0 ms RTT, i.e. klee's and the simulated host's own time on one thread: ${ms(instant.ms)}); one session per command (before, --parallel 8): ${ms(old.ms)} = ${ratio(old.ms / floor)}, ${old.sessions} sessions (1 command per round trip)`,
    target: '≤ 2× depth × RTT', met: now.ms <= 2 * floor,
    raw: { wavesMs: now.ms, wavesSessions: now.sessions, wavesAtZeroRttMs: instant.ms, beforeMs: old.ms, beforeSessions: old.sessions, depthTimesRtt: floor },
  });
  rows.push({
    section: '4 apply', measure: 'ssh round trips per probe (fresh host; with the project\'s 100 vnet jails running)',
    value: `waves: ${now.probeSessions} (the connection's first) / ${now.reprobe} (the fixed commands, then the inside batch, which needs jls's answer); one session per command: ${old.probeSessions} / ${old.reprobe}`,
    raw: { wavesFresh: now.probeSessions, wavesRunning: now.reprobe, beforeFresh: old.probeSessions, beforeRunning: old.reprobe },
  });

  // The local backend's own cost per command on this machine (Linux: no FreeBSD tools, so /usr/bin/true).
  const spawnRun = async (parallel: number) => {
    const t = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: parallel }, async () => { while (next++ < total) await runLocal(['true']); }));
    return performance.now() - t;
  };
  await spawnRun(8);
  const sp8 = await spawnRun(8);
  const sp256 = await spawnRun(256);
  rows.push({
    section: '4 apply', measure: `local backend's own cost: ${total} × \`/usr/bin/true\` through runLocal (execa), this machine`,
    value: `8 at once ${ms(sp8)} (${ms(sp8 / total)}/command); 256 at once ${ms(sp256)} (${ms(sp256 / total)}/command)`,
    raw: { parallel8Ms: sp8, parallel256Ms: sp256 },
  });
  return rows;
}
