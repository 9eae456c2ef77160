// Section 5: host commands per ipnet and per vnet container, and pf loads per run, against Kleene's approach.
import { probe } from '../src/host/probe.js';
import { plan } from '../src/planner/plan.js';
import type { Plan } from '../src/planner/types.js';
import { MemSimHost } from './mem-host.js';
import { project } from './project.js';
import { ratio } from './stats.js';
import type { Row } from './report.js';

// Kleene (kleened lib/core/network.ex, container.ex): ipnet = ifconfig alias + jail -c;
// vnet = epair create, a side up, addm, jail -c, then inside ifconfig + route, and a pf.conf reload per container.
const KLEENE = { ipnet: 2, vnet: 7 };

/** Commands of the container's own actions (container:<c>, epair:<c>:<net>) per container, over a fresh-host plan. */
function perContainer(p: Plan, n: number): number {
  const own = p.actions.filter((a) => a.resource === 'container' || a.resource === 'epair' || a.resource === 'address');
  return own.reduce((k, a) => k + a.commands.length, 0) / n;
}

const pfLoads = (p: Plan) => p.actions.flatMap((a) => a.commands).filter((c) => c.argv[0] === 'pfctl' && c.argv.includes('-f')).length;

/** Rows of section 5 (plans against a fresh host; 100 containers on 10 networks each). */
export async function commandRows(): Promise<Row[]> {
  const planFor = async (drivers: 'ipnet' | 'vnet' | 'mixed') => {
    const { spec } = await project({ containers: 100, networks: 10, drivers });
    return plan(spec, await probe(new MemSimHost(), { project: spec.project }), { host: 'sim:memory' });
  };
  const ip = perContainer(await planFor('ipnet'), 100);
  const vn = perContainer(await planFor('vnet'), 100);
  const mixed = await planFor('mixed');
  const loads = pfLoads(mixed);
  return [
    { section: '5 commands', measure: 'host commands per ipnet container', value: `${ip} (Kleene ${KLEENE.ipnet}: ${ratio(ip / KLEENE.ipnet)})`, target: '≤ Kleene', met: ip <= KLEENE.ipnet, raw: { klee: ip, kleene: KLEENE.ipnet } },
    { section: '5 commands', measure: 'host commands per vnet container', value: `${vn} (Kleene ~${KLEENE.vnet}: ${ratio(vn / KLEENE.vnet)})`, target: '≤ Kleene', met: vn <= KLEENE.vnet, raw: { klee: vn, kleene: KLEENE.vnet } },
    { section: '5 commands', measure: 'pf loads per run, 100 containers (50 vnet)', value: `${loads} (Kleene: one per vnet container = 50; ${ratio(loads / 50)})`, target: '≤ Kleene', met: loads <= 50, raw: { klee: loads, kleene: 50 } },
  ];
}
