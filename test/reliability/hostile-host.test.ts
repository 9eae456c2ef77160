// Hostile input from the host: truncated or corrupted probe outputs and unexpected exit codes end in a clear error
// naming the command, or in exactly the plan the intact outputs give; never a different plan, never a crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadSpec } from '../../src/spec/load.js';
import type { Spec } from '../../src/spec/types.js';
import { openHost } from '../../src/host/open.js';
import { probe } from '../../src/host/probe.js';
import { plan } from '../../src/planner/plan.js';
import { PROBE_COMMANDS } from '../../src/host/probe-commands.js';
import { UserError } from '../../src/errors.js';
import { fakeHost, type Answer } from '../host/fake-host.js';
import { klee } from './hostile-helpers.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
let root: string;
let spec: Spec;
/** Probe outputs of a simulated host where webapp is up, then one container removed by hand (so the plan is not empty). */
let answers: Map<string, Answer>;
let baseline: string;
let baseWarnings: string[];

/** Probe and plan against answers; the plan's actions as JSON, or the error. */
async function attempt(a: Map<string, Answer>): Promise<{ plan?: string; warnings?: string[]; error?: Error }> {
  try {
    const state = await probe(fakeHost(a), { project: spec.project });
    const p = plan(spec, state, { host: 'fake' });
    return { plan: JSON.stringify(p.actions), warnings: p.warnings };
  } catch (e) {
    return { error: e as Error };
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'klee-hostile-host-'));
  writeFileSync(join(root, 'kleene.yaml'), readFileSync(join(EXAMPLES, 'webapp.yaml')));
  const sim = `sim:${join(root, 'host.json')}`;
  const up = await klee(root, ['up', '-H', sim]);
  expect(up.code, up.stderr).toBe(0);
  const host = await openHost(sim);
  await host.run(['jail', '-r', 'webapp_db']);
  // Record every probe command's real answer from the simulator.
  answers = new Map();
  const recorder = { ...host, uri: host.uri, kind: host.kind, run: async (argv: string[]) => { const r = await host.run(argv); answers.set(JSON.stringify(argv), { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }); return r; } };
  const r = loadSpec({ text: readFileSync(join(root, 'kleene.yaml'), 'utf8'), file: 'kleene.yaml', env: {}, dirName: 'webapp' });
  spec = r.spec!;
  await probe(recorder, { project: spec.project });
  await host.close();
  const base = await attempt(answers);
  expect(base.error).toBeUndefined();
  baseline = base.plan!;
  baseWarnings = base.warnings!;
  expect(JSON.parse(baseline).length).toBeGreaterThan(0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const IFCONFIG = JSON.stringify(PROBE_COMMANDS.ifconfig);
const JLS = JSON.stringify(PROBE_COMMANDS.jls);

type Mutation = { what: string; apply(text: string): string } | { what: string; exitCode: number; stderr: string };

/** Output mutations a broken pipe, a full disk, a bad terminal or a different tool could produce. */
const mutation = (text: string): fc.Arbitrary<Mutation> => fc.oneof(
  // cut anywhere except right after a newline (a cut at a line boundary cannot be told from a smaller host: see docs)
  fc.integer({ min: 0, max: Math.max(0, text.length - 1) }).filter((n) => n === 0 || text[n - 1] !== '\n').map((n) => ({ what: `cut at byte ${n}`, apply: (t: string) => t.slice(0, n) })),
  fc.tuple(fc.nat(), fc.constantFrom('hello world', '*** garbage ***', 'Broken pipe', '\u0000\u0001\u0002', '{', 'lo0 flags=8049<UP> mtu 16384')).map(([n, g]) => ({ what: `insert ${JSON.stringify(g)}`, apply: (t: string) => { const ls = t.split('\n'); ls.splice(n % ls.length, 0, g); return ls.join('\n'); } })),
  fc.tuple(fc.nat(), fc.constantFrom('\u0000', '\u001b[31m', '\u007f', '\ufffd')).map(([n, b]) => ({ what: `bytes ${JSON.stringify(b)} at ${n % Math.max(1, text.length)}`, apply: (t: string) => { const i = n % Math.max(1, t.length); return t.slice(0, i) + b + t.slice(i); } })),
  fc.constant({ what: 'empty output', apply: () => '' }),
  fc.constant({ what: 'whitespace only', apply: () => '\n\n' }),
  fc.constantFrom(1, 2, 64, 70, 126, 127, 137, 255).map((c) => ({ what: `exit ${c}`, exitCode: c, stderr: c === 127 ? 'sh: not found' : '' })),
);

function mutate(a: Map<string, Answer>, key: string, m: Mutation): Map<string, Answer> {
  const out = new Map(a);
  const orig = a.get(key)!;
  out.set(key, 'apply' in m ? { ...orig, stdout: m.apply(orig.stdout ?? '') } : { ...orig, exitCode: m.exitCode, stderr: m.stderr });
  return out;
}

describe('hostile input: garbage from the host', () => {
  it('ifconfig -a and jls: every mutation ends in an error naming the command, or in the unchanged plan', { timeout: 60_000 }, async () => {
    let tried = 0;
    let refused = 0;
    const bad: string[] = [];
    for (const [key, cmd] of [[IFCONFIG, 'ifconfig -a'], [JLS, 'jls -d -n --libxo=json']] as const) {
      const text = answers.get(key)!.stdout ?? '';
      await fc.assert(fc.asyncProperty(mutation(text), async (m) => {
        tried++;
        const r = await attempt(mutate(answers, key, m));
        if (r.error) {
          if (!(r.error instanceof UserError)) bad.push(`${cmd} ${m.what}: internal ${r.error.stack}`);
          else if (!r.error.message.includes(cmd)) bad.push(`${cmd} ${m.what}: error does not name the command: ${r.error.message}`);
          else refused++;
        } else if (r.plan !== baseline) bad.push(`${cmd} ${m.what}: a different plan`);
      }), { seed: 8, numRuns: 150 });
    }
    expect(tried).toBe(2 * 150);
    console.log(`reliability: hostile: host garbage: ${tried - bad.length}/${tried} corrupted ifconfig/jls outputs ended in an error naming the command (${refused}) or the unchanged plan (${tried - bad.length - refused})`);
    expect(bad).toEqual([]);
  });

  it('route, sysctl, uname, pfctl, mount: every mutation ends in a UserError or a plan (warnings name what was unreadable); never a crash', { timeout: 60_000 }, async () => {
    const others = ['route', 'sysctl', 'version', 'pfInfo', 'pfNat', 'pfRules', 'pfAnchors', 'mounts'] as const;
    let tried = 0;
    const outcomes = { error: 0, same: 0, warned: 0 };
    const bad: string[] = [];
    for (const k of others) {
      const key = JSON.stringify(PROBE_COMMANDS[k]);
      const cmd = PROBE_COMMANDS[k].join(' ');
      await fc.assert(fc.asyncProperty(mutation(answers.get(key)!.stdout ?? ''), async (m) => {
        tried++;
        const r = await attempt(mutate(answers, key, m));
        if (r.error) {
          if (!(r.error instanceof UserError) && r.error.name !== 'PlanError') bad.push(`${cmd} ${m.what}: internal ${r.error.stack}`);
          else outcomes.error++;
        } else if (r.plan === baseline) outcomes.same++;
        else {
          // A different plan is allowed only with a warning, new to the intact host's, that names the unreadable command.
          const named = r.warnings!.filter((w) => !baseWarnings.includes(w) && w.includes(`${PROBE_COMMANDS[k][0]} `));
          if (named.length === 0) bad.push(`${cmd} ${m.what}: a different plan without a warning naming ${PROBE_COMMANDS[k][0]}: ${JSON.stringify(r.warnings)}`);
          else outcomes.warned++;
        }
      }), { seed: 8, numRuns: 25 });
    }
    expect(tried).toBe(others.length * 25);
    expect(outcomes.warned).toBeGreaterThan(0); // the check above was exercised
    console.log(`reliability: hostile: host garbage: ${tried - bad.length}/${tried} corrupted route/sysctl/uname/pfctl/mount outputs handled (${outcomes.error} errors, ${outcomes.same} unchanged plans, ${outcomes.warned} changed plans)`);
    expect(bad).toEqual([]);
  });
});

describe('hostile input: the probe refuses partial captures (regressions)', () => {
  const cut = () => { const t = answers.get(IFCONFIG)!.stdout!; return t.slice(0, t.indexOf('\tinet ') + 12); };
  it('an ifconfig -a cut mid-line (it planned from it with a warning) is refused, naming the command and line', async () => {
    const r = await attempt(mutate(answers, IFCONFIG, { what: 'cut', apply: cut }));
    expect(r.error).toBeInstanceOf(UserError);
    expect(r.error!.message).toMatch(/^cannot trust the host's interfaces: `ifconfig -a` output ends mid-line at line \d+ \(truncated\): "\\tinet /);
  });
  it('a line the parser ignored, or JSON without jail-information, is refused', async () => {
    const r = await attempt(mutate(answers, IFCONFIG, { what: 'garbage', apply: (t) => `${t}hello world\n` }));
    expect(r.error!.message).toMatch(/`ifconfig -a` output was not read completely: line \d+: not an ifconfig line, ignored: "hello world"/);
    const j = await attempt(mutate(answers, JLS, { what: 'other json', apply: () => '{"__version": "2"}\n' }));
    expect(j.error!.message).toBe('`jls -d -n --libxo=json` printed JSON without "jail-information": not jls output');
  });
  it('jls with ip4.addr as a string (planned as a replacement plus a "leaked" alias removal) is refused, naming the jail', async () => {
    const stringAddr = (t: string) => t.replace(/"ip4\.addr": \[[^\]]*\]/, '"ip4.addr": "10.10.0.9"');
    expect(stringAddr(answers.get(JLS)!.stdout!)).not.toBe(answers.get(JLS)!.stdout);
    const r = await attempt(mutate(answers, JLS, { what: 'ip4.addr a string', apply: stringAddr }));
    expect(r.error).toBeInstanceOf(UserError);
    expect(r.error!.message).toMatch(/^`jls -d -n --libxo=json`: jail #\d \("webapp_\w+"\): "ip4\.addr" must be a list, not the string "10\.\d+\.\d+\.\d+": not a shape jls prints$/);
  });
  it('klee probe (showing, not planning) still reads a partial capture', async () => {
    const state = await probe(fakeHost(mutate(answers, IFCONFIG, { what: 'cut', apply: cut })), { lenient: true });
    expect(state.interfaces.map((i) => i.name)).toEqual(['em0']); // the capture was cut inside em0's first inet line
  });
});
