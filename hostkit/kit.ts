// The host kit (docs/testing.md): every example, made collision-free (variant.ts), goes up, converges, is listed by
// ps and comes down on the host given, which is left with exactly the interfaces and jails it had before.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../src/cli/program.js';
import { openHost, wrapOpenedHosts } from '../src/host/open.js';
import { ownership } from '../src/host/ownership.js';
import { probe } from '../src/host/probe.js';
import { recordingHost, type RecordedCommand } from '../src/host/recording.js';
import { RELEASES } from '../src/host/sim/release.js';
import type { HostState } from '../src/host/types.js';
import { differences } from './differ.js';
import { normaliser, type KitChoices } from './normalise.js';
import type { DiffReport } from './report.js';
import { kitVariant, withEnv, withUnknownJailParam } from './variant.js';

/** What to run the kit on. */
export interface KitOptions {
  /** A klee host URI: `sim:PATH`, `local`, `ssh://root@vm`. */
  host: string;
  /** The examples directory. */
  examples: string;
  /** Real hosts: a FreeBSD userland every container's root is (`bsdinstall jail DIR`). */
  root?: string;
  /** Only these examples. */
  only?: string[];
  /** Differential mode: run each scenario on a fresh simulator of the host's release too, and compare. */
  diff?: boolean;
  /** Differential mode: the simulator release to compare with instead of the host's (`14.3`). */
  diffRelease?: string;
  log?: (line: string) => void;
}

/** What the kit found: one result per example, and in differential mode the report. */
export interface KitRun {
  results: ScenarioResult[];
  report?: DiffReport;
}

/** One example's outcome. */
export interface ScenarioResult {
  example: string;
  project: string;
  ok: boolean;
  /** What failed, in order (empty when ok). */
  failures: string[];
}

/**
 * Examples a real host cannot run as they are: custom puts addresses on the host's em0 in 192.168.1.0/24; services
 * and webapp run programs a base system has not (postgres, pg_isready, migrate, app) and mount host paths that do not
 * exist there. The simulator runs them all (their `# sim-controls:` say what the programs do).
 */
const SIM_ONLY = new Set(['custom', 'services', 'webapp']);

/** The interfaces and jails of a host, by name: what a scenario must leave as it found it. */
function footprint(s: HostState): string[] {
  return [...s.interfaces.map((i) => `interface ${i.name}`), ...s.jails.map((j) => `jail ${j.name}`)].sort();
}

/** Run klee in dir; its output. With `record`, every command klee runs on any host it opens is pushed there. */
async function klee(dir: string, args: string[], record?: RecordedCommand[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => void (stdout += s) }, stderr: { write: (s: string) => void (stderr += s) } };
  if (record) wrapOpenedHosts((h) => recordingHost(h, record, true));
  try {
    const code = await runCli(args, io, { PATH: process.env.PATH, NO_COLOR: '1' }, dir);
    return { code, stdout, stderr };
  } finally {
    wrapOpenedHosts(undefined);
  }
}

/** Probe a host by its URI. */
async function probeUri(uri: string, project?: string): Promise<HostState> {
  const host = await openHost(uri);
  try {
    return await probe(host, project ? { project } : {});
  } finally {
    await host.close();
  }
}

/** The kit's random choices for one scenario: a project name, a 10.X.0.0/16 with no address on the host (interfaces, jails), a random fdXX:XXXX::/32. */
function choose(state: HostState, root?: string): KitChoices {
  const addrs = [...state.interfaces.flatMap((i) => i.inet.map((a) => a.address)), ...state.jails.flatMap((j) => j.ip4)];
  const used = new Set(addrs.filter((a) => a.startsWith('10.')).map((a) => Number(a.split('.')[1])));
  const free = Array.from({ length: 50 }, (_, k) => 200 + k).filter((x) => !used.has(x));
  if (free.length === 0) throw new Error('host kit: every 10.200-249.0.0/16 is in use on the host');
  const hex = () => Math.floor(Math.random() * 0x10000).toString(16).padStart(4, '0');
  const word = () => Math.random().toString(36).slice(2, 8).padEnd(6, '0');
  return { project: `kit${word()}`, octet: free[Math.floor(Math.random() * free.length)], prefix6: `fd${hex().slice(0, 2)}:${hex()}`, root, mark: word() };
}

/** The container the exec, logs, edit and fault steps use: the file's last. */
function target(text: string): string {
  const names = Object.keys((parse(text) as { containers?: object }).containers ?? {});
  if (names.length === 0) throw new Error('host kit: the example has no containers');
  return names[names.length - 1];
}

/**
 * Run one example on the host: up, plan shows no change, ps, exec, logs, an edit that must converge, a fault (a
 * jail parameter jail(8) refuses before it creates anything) that must fail and be recovered from, down, and the
 * leftovers check. Every step is checked; down always runs. With `record`, klee's commands are recorded there.
 */
async function scenario(uri: string, text: string, c: KitChoices, record?: RecordedCommand[]): Promise<string[]> {
  const before = await probeUri(uri);
  const dir = mkdtempSync(join(tmpdir(), 'klee-kit-'));
  const file = join(dir, 'kleene.yaml');
  writeFileSync(file, text);
  const H = ['-H', uri];
  const run = (args: string[]) => klee(dir, [args[0], ...H, ...args.slice(1)], record); // -H before exec's command
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => { if (!ok) failures.push(what); };
  const converged = async (after: string) => {
    const plan = await run(['plan', '--detailed-exitcode']);
    check(plan.code === 0, `plan after ${after} is not empty (exit ${plan.code}): ${plan.stdout.trim()} ${plan.stderr.trim()}`);
  };
  const ct = target(text);
  /** What follows a successful up. */
  const steps = async () => {
    await converged('up');
    const ps = await run(['ps', '-a', '--json']);
    const rows = ps.code === 0 ? (JSON.parse(ps.stdout) as { name: string }[]) : [];
    const want = Object.keys((parse(text) as { containers?: object }).containers ?? {}).sort();
    check(JSON.stringify(rows.map((r) => r.name).sort()) === JSON.stringify(want), `ps lists ${rows.map((r) => r.name).join(',') || 'nothing'}, not ${want.join(',')}`);
    const exec = await run(['exec', '-T', ct, '/bin/echo', c.mark]);
    check(exec.code === 0 && exec.stdout === `${c.mark}\n`, `exec in ${ct} exited ${exec.code}, printed ${JSON.stringify(exec.stdout)}: ${exec.stderr.trim()}`);
    const logs = await run(['logs', ct]);
    check(logs.code === 0, `logs of ${ct} exited ${logs.code}: ${logs.stderr.trim()}`);
    const edited = withEnv(text, ct, 'KIT_EDIT', c.mark);
    writeFileSync(file, edited);
    const seen = await run(['plan', '--detailed-exitcode']);
    check(seen.code === 2, `plan after the edit (env of ${ct}) shows no change (exit ${seen.code}): ${seen.stderr.trim()}`);
    const up2 = await run(['up']);
    check(up2.code === 0, `up after the edit (env of ${ct}) exited ${up2.code}: ${up2.stderr.trim()}`);
    await converged('the edit');
    const param = `kit_fault_${c.mark}`;
    writeFileSync(file, withUnknownJailParam(edited, ct, param));
    const bad = await run(['up']);
    check(bad.code !== 0 && bad.stderr.includes(`unknown parameter: ${param}`), `up with the jail parameter ${param} exited ${bad.code} without naming jail(8)'s refusal: ${bad.stderr.trim()}`);
    writeFileSync(file, edited);
    const up3 = await run(['up']);
    check(up3.code === 0, `up after the fault exited ${up3.code}: ${up3.stderr.trim()}`);
    await converged('the fault');
  };
  try {
    const up = await run(['up']);
    check(up.code === 0, `up exited ${up.code}: ${up.stderr.trim()}`);
    if (up.code === 0) await steps();
  } finally {
    const down = await run(['down']);
    check(down.code === 0, `down exited ${down.code}: ${down.stderr.trim()}`);
    rmSync(dir, { recursive: true, force: true });
  }
  const after = await probeUri(uri, c.project);
  const own = ownership(after, c.project);
  const left = [...own.networks.map((n) => n.interface), ...own.epairs.map((e) => e.name), ...own.jails.map((j) => j.jail.name)];
  check(left.length === 0, `left behind: ${left.join(', ')}`);
  const was = footprint(before);
  const now = footprint(after);
  const added = now.filter((x) => !was.includes(x));
  const removed = was.filter((x) => !now.includes(x));
  check(added.length === 0 && removed.length === 0, `host changed: ${[...added.map((x) => `+${x}`), ...removed.map((x) => `-${x}`)].join(', ')}`);
  return failures;
}

/** The release the host runs (`uname -r`, e.g. 14.3-RELEASE-p2), and the simulator release of the same X.Y. */
async function hostRelease(uri: string): Promise<{ uname: string; release: string }> {
  const host = await openHost(uri);
  try {
    const r = await host.run(['uname', '-r']);
    const uname = r.stdout.trim();
    const release = /^(\d+\.\d+)-/.exec(uname)?.[1];
    if (r.exitCode !== 0 || !release) throw new Error(`host kit: cannot read the host's release: uname -r printed ${JSON.stringify(r.stdout)} ${r.stderr.trim()}`);
    if (!(RELEASES as readonly string[]).includes(release)) throw new Error(`host kit: the simulator has no release ${release} (it has ${RELEASES.join(', ')}): compare with one of them (--diff-release)`);
    return { uname, release };
  } finally {
    await host.close();
  }
}

/** Run every applicable example on the host; one result each, and with `diff` the differences from the simulator. */
export async function runKit(o: KitOptions): Promise<KitRun> {
  const sim = o.host.startsWith('sim:');
  if (!sim && o.root === undefined) throw new Error('host kit: a real host needs --root DIR, a FreeBSD userland for the containers (e.g. `bsdinstall jail DIR`)');
  if (o.diffRelease !== undefined && !(RELEASES as readonly string[]).includes(o.diffRelease)) throw new Error(`host kit: --diff-release ${o.diffRelease} is not a simulated release (${RELEASES.join(', ')})`);
  const examples = readdirSync(o.examples).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort()
    .filter((e) => (o.only ? o.only.includes(e) : true)).filter((e) => sim || !SIM_ONLY.has(e));
  const ref = o.diff ? await hostRelease(o.host) : undefined;
  const simRelease = o.diffRelease ?? ref?.release;
  const scratch = o.diff ? mkdtempSync(join(tmpdir(), 'klee-kit-sim-')) : undefined;
  const results: ScenarioResult[] = [];
  const report: DiffReport | undefined = ref && { klee_hostkit_diff: 1, host: o.host, hostRelease: ref.uname, sim: `sim:?version=${simRelease}`, examples: [] };
  try {
    for (const e of examples) {
      const text = readFileSync(join(o.examples, `${e}.yaml`), 'utf8');
      // On the simulator, what the example's programs do (its `# sim-controls:` line); a real host runs them.
      const controls = /^# sim-controls: (\S+)$/m.exec(text)?.[1];
      const withControls = (uri: string) => (controls ? `${uri}${uri.includes('?') ? '&' : '?'}${controls}` : uri);
      const c = choose(await probeUri(o.host), o.root);
      const variant = kitVariant(text, { ...c });
      const recorded: RecordedCommand[] | undefined = report ? [] : undefined;
      const failures = await scenario(sim ? withControls(o.host) : o.host, variant, c, recorded);
      const r = { example: e, project: c.project, ok: failures.length === 0, failures };
      o.log?.(`${r.ok ? 'ok  ' : 'FAIL'} ${e} (project ${r.project})${r.failures.map((f) => `\n     ${f}`).join('')}`);
      results.push(r);
      if (report && recorded && scratch) {
        const onSim: RecordedCommand[] = [];
        // One simulated host for the whole run, as the host under test is one: each scenario finds what the ones
        // before it left (sysctls they set, interface indexes they used).
        const simFailures = await scenario(withControls(`sim:${join(scratch, 'host.json')}?version=${simRelease}`), variant, c, onSim);
        const differing = differences(recorded, onSim, normaliser(c));
        report.examples.push({ example: e, commands: { host: recorded.length, sim: onSim.length }, simFailures, differences: differing });
        o.log?.(`     ${differing.length} difference(s) from the simulated ${simRelease}`);
      }
    }
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
  return { results, ...(report ? { report } : {}) };
}
