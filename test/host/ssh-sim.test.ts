// The ssh backend against the simulated host behind the simulated sshd (src/host/sim/sshd.ts): whole runs travel
// in waves (one session each), every command keeps its own result, failures are undone as on any host,
// `--parallel 1` is one command per session, and the login session's environment never reaches the tools.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { openHost } from '../../src/host/open.js';
import { simSshd } from '../../src/host/sim/sshd.js';
import { LOGIN_ENV } from '../../src/host/sim/ctx.js';
import { runOnSim } from '../../src/host/sim/index.js';
import { parseSimSpec } from '../../src/host/sim/options.js';
import { probe } from '../../src/host/probe.js';
import { shJoin } from '../../src/host/quote.js';
import { loadSpec } from '../../src/spec/load.js';
import { plan, planDown } from '../../src/planner/plan.js';
import { execute } from '../../src/executor/execute.js';
import type { ExecEvent } from '../../src/executor/events.js';
import type { Host } from '../../src/host/types.js';
import type { Plan } from '../../src/planner/types.js';
import type { SshHost } from '../../src/host/backends/ssh.js';

const tmpState = () => join(mkdtempSync(join(tmpdir(), 'klee-ssh-sim-')), 'host.json');
const EXAMPLES = resolve(import.meta.dirname, '../../examples');

async function sshTo(state: string, opts: { rttMs?: number; loginEnv?: Record<string, string> } = {}) {
  const sshd = simSshd({ sim: state, ...opts });
  const host = (await openHost('ssh://root@freebsd', { sshSpawn: sshd })) as SshHost;
  return { host, sshd };
}

function example(name: string) {
  const r = loadSpec({ text: readFileSync(join(EXAMPLES, `${name}.yaml`), 'utf8'), file: `${name}.yaml`, env: {}, dirName: name });
  if (!r.spec) throw new Error(JSON.stringify(r.diagnostics));
  return r.spec;
}

/** A plan by hand: `ifconfig` commands (with their undo) per action, no dependencies. */
function handPlan(actions: { id: string; cmds: { argv: string[]; undo?: string[][] }[] }[]): Plan {
  return {
    project: 'waves', host: 'ssh://root@freebsd', warnings: [],
    actions: actions.map((a) => ({ id: a.id, op: 'create', resource: 'network', name: a.id, reason: 'test', after: [], facts: {}, commands: a.cmds })),
  };
}

describe('ssh waves against the simulated host', () => {
  it('a probe under one signal leaves one abort listener on it, not one per command (no MaxListenersExceededWarning)', async () => {
    const { host } = await sshTo(tmpState());
    const ac = new AbortController();
    const listeners: number[] = [];
    const counting = { ...host, run: (argv: string[], o?: { signal?: AbortSignal }) => {
      const r = host.run(argv, o);
      listeners.push(getEventListeners(ac.signal, 'abort').length);
      return r;
    } } as Host;
    await probe(counting, { project: 'p', signal: ac.signal });
    await new Promise((r) => setImmediate(r));
    expect(getEventListeners(ac.signal, 'abort').length).toBeLessThanOrEqual(1);
    await probe(counting, { project: 'p', signal: ac.signal });
    // Waves that ended keep nothing on the signal: a run of many waves does not pile listeners up.
    await new Promise((r) => setImmediate(r));
    expect(getEventListeners(ac.signal, 'abort').length).toBeLessThanOrEqual(1);
    await host.close();
  });

  it('probe: the fixed commands travel as one wave; up and down of a vnet example converge', async () => {
    const { host, sshd } = await sshTo(tmpState());
    const spec = example('webapp');
    const state = await probe(host, { project: spec.project });
    expect(sshd.sessions.total).toBe(1);
    expect(host.sent).toEqual({ waves: 1, commands: 12 });
    const up = plan(spec, state, { host: host.uri });
    const r = await execute(up, host);
    expect(r.ok).toBe(true);
    // Once running, the probe is the same wave plus the one inside batch of the vnet jails (it needs jls's answer).
    const before = sshd.sessions.total;
    const again = await probe(host, { project: spec.project });
    expect(sshd.sessions.total - before).toBe(2);
    expect(plan(spec, again, { host: host.uri }).actions).toEqual([]);
    const down = await execute(planDown(spec.project, again, { host: host.uri }), host);
    expect(down.ok).toBe(true);
    const gone = await probe(host, { project: spec.project });
    expect(gone.jails).toEqual([]);
    expect(gone.interfaces.some((i) => i.description?.startsWith('klee:'))).toBe(false);
    await host.close();
  });

  it('the commands of one wave keep their own results; a failing command is undone as on the simulated host itself', async () => {
    const p = handPlan([
      { id: 'half', cmds: [{ argv: ['ifconfig', 'lo', 'create', 'name', 'klee9'], undo: [['ifconfig', 'klee9', 'destroy']] }, { argv: ['ifconfig', 'nosuch0', 'up'] }] },
      { id: 'fine', cmds: [{ argv: ['ifconfig', 'lo', 'create', 'name', 'klee8'], undo: [['ifconfig', 'klee8', 'destroy']] }] },
      { id: 'also', cmds: [{ argv: ['ifconfig', 'lo', 'create', 'name', 'klee7'] }, { argv: ['ifconfig', 'klee7', 'inet', '10.9.9.1/32', 'alias'] }] },
    ]);
    const run = async (host: Host) => {
      const events: ExecEvent[] = [];
      const r = await execute(p, host, { onEvent: (e) => void events.push(e) });
      const shown = events.filter((e) => e.event === 'command' || e.event === 'undo' || e.event === 'action-done')
        .map((e) => ({ ...e, durationMs: undefined }));
      const names = (await probe(host)).interfaces.map((i) => i.name).sort();
      await host.close();
      return { r: { ...r, durationMs: undefined }, shown, names };
    };
    const { host, sshd } = await sshTo(tmpState());
    const viaSsh = await run(host);
    const direct = await run(await openHost(`sim:${tmpState()}`));
    expect(viaSsh).toEqual(direct);
    expect(viaSsh.r.failures).toEqual([{ id: 'half', error: { argv: ['ifconfig', 'nosuch0', 'up'], exitCode: 1, stderr: 'ifconfig: interface nosuch0 does not exist' } }]);
    expect(viaSsh.shown).toContainEqual(expect.objectContaining({ event: 'undo', id: 'half', argv: ['ifconfig', 'klee9', 'destroy'], ok: true }));
    expect(viaSsh.names).toContain('klee8');
    expect(viaSsh.names).toContain('klee7');
    expect(viaSsh.names).not.toContain('klee9');
    // Three actions, five commands and one undo: the first commands of all three went in one wave.
    expect(sshd.sessions.total).toBeLessThan(5 + 1 + 1);
  });

  it('--parallel 1 stays strictly sequential: one command per session, one session at a time, in plan order', async () => {
    const { host, sshd } = await sshTo(tmpState(), { rttMs: 2 });
    const p = handPlan(['a', 'b', 'c', 'd'].map((id) => ({ id, cmds: [{ argv: ['ifconfig', 'lo', 'create', 'name', `kl${id}`] }, { argv: ['ifconfig', `kl${id}`, 'up'] }] })));
    const order: string[] = [];
    const r = await execute(p, host, { parallel: 1, onEvent: (e) => { if (e.event === 'command') order.push(e.argv.join(' ')); } });
    expect(r.ok).toBe(true);
    expect(sshd.sessions.peak).toBe(1);
    expect(host.sent.waves).toBe(host.sent.commands);
    expect(order).toEqual(['a', 'b', 'c', 'd'].flatMap((id) => [`ifconfig lo create name kl${id}`, `ifconfig kl${id} up`]));
    await host.close();
  });

  it('never opens more sessions than sshd allows, however many commands are on their way', async () => {
    const { host, sshd } = await sshTo(tmpState(), { rttMs: 20 });
    await host.run(['true']);
    const runs: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      runs.push(host.run(['uname', '-s']));
      await new Promise((r) => setImmediate(r));
    }
    const results = (await Promise.all(runs)) as { exitCode: number; stdout: string }[];
    expect(results.every((x) => x.exitCode === 0 && x.stdout === 'FreeBSD\n')).toBe(true);
    expect(sshd.sessions.peak).toBeLessThanOrEqual(8);
    await host.close();
  });

  it('IFCONFIG_FORMAT in the login session changes nothing: the probe reads addresses (and would not without the fixed environment)', async () => {
    const loginEnv = { ...LOGIN_ENV, IFCONFIG_FORMAT: 'addr:fqdn,inet:dotted' };
    const state = tmpState();
    const { host } = await sshTo(state, { loginEnv });
    const s = await probe(host);
    expect(s.interfaces.find((i) => i.name === 'lo0')?.inet).toEqual([{ address: '127.0.0.1', prefixlen: 8 }]);
    await host.close();
    // The same probe run the way ssh ran commands before: each argv quoted for the login shell, its environment inherited.
    const spec = parseSimSpec(state);
    const loginShell: Host = {
      uri: 'ssh://login-shell', kind: 'ssh', parallel: 8, async acquireLock() { return { async release() {} }; }, async close() {},
      async run(argv, o) {
        const out = await runOnSim(spec, ['/bin/sh', '-c', shJoin(argv)], o?.stdin, loginEnv);
        return { argv, stdout: out.stdout, stderr: out.stderr, exitCode: out.code, durationMs: 0 };
      },
    };
    await expect(probe(loginShell)).rejects.toThrow(/cannot trust the host's interfaces/);
  });
});
