// The host kit (docs/testing.md): every example, made collision-free (variant.ts), goes up, converges, is listed by
// ps and comes down on the host given, which is left with exactly the interfaces and jails it had before.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/program.js';
import { openHost } from '../src/host/open.js';
import { ownership } from '../src/host/ownership.js';
import { probe } from '../src/host/probe.js';
import type { HostState } from '../src/host/types.js';
import { parse } from 'yaml';
import { kitVariant } from './variant.js';

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
  log?: (line: string) => void;
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

/** Run klee in dir; its output. */
async function klee(dir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => void (stdout += s) }, stderr: { write: (s: string) => void (stderr += s) } };
  const code = await runCli(args, io, { PATH: process.env.PATH, NO_COLOR: '1' }, dir);
  return { code, stdout, stderr };
}

/** A 10.X.0.0/16 with no address on the host (interfaces, jails) and a random fdXX:XXXX::/32. */
function freeRanges(state: HostState): { octet: number; prefix6: string } {
  const addrs = [...state.interfaces.flatMap((i) => i.inet.map((a) => a.address)), ...state.jails.flatMap((j) => j.ip4)];
  const used = new Set(addrs.filter((a) => a.startsWith('10.')).map((a) => Number(a.split('.')[1])));
  const free = Array.from({ length: 50 }, (_, k) => 200 + k).filter((x) => !used.has(x));
  if (free.length === 0) throw new Error('host kit: every 10.200-249.0.0/16 is in use on the host');
  const hex = () => Math.floor(Math.random() * 0x10000).toString(16).padStart(4, '0');
  return { octet: free[Math.floor(Math.random() * free.length)], prefix6: `fd${hex().slice(0, 2)}:${hex()}` };
}

/** Run one example on the host; every step is recorded, and down always runs. */
async function scenario(o: KitOptions, example: string, query: string): Promise<ScenarioResult> {
  const host = await openHost(o.host);
  let before: HostState;
  try {
    before = await probe(host);
  } finally {
    await host.close();
  }
  const project = `kit${Math.random().toString(36).slice(2, 8)}`;
  const text = kitVariant(readFileSync(join(o.examples, `${example}.yaml`), 'utf8'), { project, ...freeRanges(before), root: o.root });
  const dir = mkdtempSync(join(tmpdir(), 'klee-kit-'));
  writeFileSync(join(dir, 'kleene.yaml'), text);
  const H = ['-H', `${o.host}${query}`];
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => { if (!ok) failures.push(what); };
  try {
    const up = await klee(dir, ['up', ...H]);
    check(up.code === 0, `up exited ${up.code}: ${up.stderr.trim()}`);
    if (up.code === 0) {
      const plan = await klee(dir, ['plan', '--detailed-exitcode', ...H]);
      check(plan.code === 0, `plan after up is not empty (exit ${plan.code}): ${plan.stdout.trim()} ${plan.stderr.trim()}`);
      const ps = await klee(dir, ['ps', '-a', '--json', ...H]);
      const rows = ps.code === 0 ? (JSON.parse(ps.stdout) as { name: string }[]) : [];
      const want = Object.keys((parse(text) as { containers?: object }).containers ?? {}).sort();
      check(JSON.stringify(rows.map((r) => r.name).sort()) === JSON.stringify(want), `ps lists ${rows.map((r) => r.name).join(',') || 'nothing'}, not ${want.join(',')}`);
    }
  } finally {
    const down = await klee(dir, ['down', ...H]);
    check(down.code === 0, `down exited ${down.code}: ${down.stderr.trim()}`);
    rmSync(dir, { recursive: true, force: true });
  }
  const host2 = await openHost(o.host);
  try {
    const after = await probe(host2, { project });
    const own = ownership(after, project);
    const left = [...own.networks.map((n) => n.interface), ...own.epairs.map((e) => e.name), ...own.jails.map((j) => j.jail.name)];
    check(left.length === 0, `left behind: ${left.join(', ')}`);
    const was = footprint(before);
    const now = footprint(after);
    const added = now.filter((x) => !was.includes(x));
    const removed = was.filter((x) => !now.includes(x));
    check(added.length === 0 && removed.length === 0, `host changed: ${[...added.map((x) => `+${x}`), ...removed.map((x) => `-${x}`)].join(', ')}`);
  } finally {
    await host2.close();
  }
  return { example, project, ok: failures.length === 0, failures };
}

/** Run every applicable example on the host; one result each. */
export async function runKit(o: KitOptions): Promise<ScenarioResult[]> {
  const sim = o.host.startsWith('sim:');
  if (!sim && o.root === undefined) throw new Error('host kit: a real host needs --root DIR, a FreeBSD userland for the containers (e.g. `bsdinstall jail DIR`)');
  const examples = readdirSync(o.examples).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort()
    .filter((e) => (o.only ? o.only.includes(e) : true)).filter((e) => sim || !SIM_ONLY.has(e));
  const out: ScenarioResult[] = [];
  for (const e of examples) {
    // On the simulator, what the example's programs do (its `# sim-controls:` line); a real host runs them.
    const controls = sim ? /^# sim-controls: (\S+)$/m.exec(readFileSync(join(o.examples, `${e}.yaml`), 'utf8'))?.[1] : undefined;
    const query = controls ? `${o.host.includes('?') ? '&' : '?'}${controls}` : '';
    const r = await scenario(o, e, query);
    o.log?.(`${r.ok ? 'ok  ' : 'FAIL'} ${e} (project ${r.project})${r.failures.map((f) => `\n     ${f}`).join('')}`);
    out.push(r);
  }
  return out;
}
