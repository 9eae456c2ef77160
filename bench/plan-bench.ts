// Section 2: in-process time of loading the file and of planning against an empty and a converged host.
import { probe } from '../src/host/probe.js';
import { plan } from '../src/planner/plan.js';
import type { HostState } from '../src/host/types.js';
import type { Spec } from '../src/spec/types.js';
import { MemSimHost } from './mem-host.js';
import { load, precompiled } from './project.js';
import { ms, ratio, timeSync } from './stats.js';
import type { Row } from './report.js';

/** One size: the file's text, its Spec and (when built) the probed state of a host already running it. */
export interface PlanCase {
  containers: number;
  networks: number;
  text: string;
  spec: Spec;
  convergedState?: HostState;
}

const growth = (t: number[]) => t.slice(1).map((x, i) => ratio(x / t[i])).join(', ');

/** Rows for load, plan against a fresh host, plan against a converged host, with growth ratios between sizes. */
export async function planRows(cases: PlanCase[]): Promise<Row[]> {
  const v = await precompiled();
  const fresh = await probe(new MemSimHost(), { project: 'bench' });
  const reps = (n: number) => (n >= 10000 ? 3 : n >= 1000 ? 7 : 15);
  const sizes = cases.map((c) => c.containers.toLocaleString('en')).join(' / ');
  const tLoad = cases.map((c) => timeSync(() => load(c.text, v), reps(c.containers), 2));
  const tFresh = cases.map((c) => timeSync(() => plan(c.spec, fresh, { host: 'sim:memory' }), reps(c.containers), 2));
  const conv = cases.filter((c) => c.convergedState);
  const tConv = conv.map((c) => timeSync(() => {
    const p = plan(c.spec, c.convergedState!, { host: 'sim:memory' });
    if (p.actions.length) throw new Error(`converged ${c.containers}: plan not empty (${p.actions[0].id})`);
  }, reps(c.containers), 2));
  const at1000 = (cs: PlanCase[], t: number[]) => t[cs.findIndex((c) => c.containers === 1000)];
  const raw = (cs: PlanCase[], t: number[]) => Object.fromEntries(cs.map((c, i) => [`${c.containers}`, t[i]]));
  const notQuadratic = (t: number[]) => t.slice(1).every((x, i) => x / t[i] < 30);
  return [
    { section: '2 plan', measure: `load kleene.yaml (loadSpec), ${sizes} containers`, value: `${tLoad.map(ms).join(' / ')} (growth ${growth(tLoad)})`, target: 'no quadratic step', met: notQuadratic(tLoad), raw: raw(cases, tLoad) },
    { section: '2 plan', measure: `plan against an empty host, ${sizes}`, value: `${tFresh.map(ms).join(' / ')} (growth ${growth(tFresh)})`, target: '1,000 < 100 ms; no quadratic step', met: at1000(cases, tFresh) < 100 && notQuadratic(tFresh), raw: raw(cases, tFresh) },
    { section: '2 plan', measure: `plan against a converged host (no changes), ${conv.map((c) => c.containers.toLocaleString('en')).join(' / ')}`, value: `${tConv.map(ms).join(' / ')} (growth ${growth(tConv)})`, target: '1,000 < 100 ms', met: at1000(conv, tConv) < 100 && notQuadratic(tConv), raw: raw(conv, tConv) },
  ];
}
