// plan() and planDown(): pure, deterministic functions from (Spec | project, HostState) to an ordered Plan.
import { ownership } from '../host/ownership.js';
import { pfAnchor } from '../host/labels.js';
import type { HostState } from '../host/types.js';
import type { Spec } from '../spec/types.js';
import { aliasesOnInterface } from './alias-index.js';
import { planContainers } from './containers.js';
import { newContext, type PlanContext } from './context.js';
import type { DesiredContainer, DesiredNetwork } from './desired.js';
import { PlanError } from './errors.js';
import { orderActions } from './graph.js';
import { containerId, epairId, PF_ID } from './ids.js';
import { destroyCommands, fillGatewayInterfaces, planNetworks } from './networks.js';
import { renderPf } from './pf-rules.js';
import { checkPrerequisites, pfHookProblem } from './prerequisites.js';
import { removes, type Plan } from './types.js';

/** Options of a planning run. */
export interface PlanOptions {
  /** The host URI, copied into the plan. */
  host: string;
  /** planDown only: the file when one was read; a removed container's `exec.stop` jail_params come from it. */
  spec?: Spec;
}

/** The plan that makes the host match the file: every change, why, in which order, with exact commands. Throws PlanError. */
export function plan(spec: Spec, state: HostState, opts: PlanOptions): Plan {
  const ctx = newContext(spec.project, state, ownership(state, spec.project));
  const nets = planNetworks(ctx, spec);
  fillGatewayInterfaces(ctx, nets);
  const containers = planContainers(ctx, spec, nets);
  const pf = planPf(ctx, nets, containers);
  checkPrerequisites(ctx, spec, nets, pf.natRules);
  return finish(ctx, opts);
}

/** The plan that removes everything `project` owns on the host (no file needed). */
export function planDown(project: string, state: HostState, opts: PlanOptions): Plan {
  const empty: Spec = { project, file: '', networks: [], containers: [] };
  const ctx = newContext(project, state, ownership(state, project));
  planNetworks(ctx, empty);
  planContainers(ctx, empty, [], opts.spec?.containers ?? []);
  planPf(ctx, [], []);
  for (const a of ctx.actions.all()) a.reason = 'down';
  return finish(ctx, opts);
}

/** Load the anchor when its rules' hash differs from what the host has; flush it when the file needs none. */
function planPf(ctx: PlanContext, nets: DesiredNetwork[], containers: DesiredContainer[]): { natRules: number } {
  const epairs = new Map<string, string[]>();
  for (const c of containers) for (const a of c.attachments) {
    if (a.epairUnit !== undefined) {
      const list = epairs.get(a.network) ?? [];
      list.push(`epair${a.epairUnit}a`);
      epairs.set(a.network, list);
    }
  }
  for (const list of epairs.values()) list.sort();
  const r = renderPf(nets, containers, epairs, ctx.state.defaultRoute?.interface);
  ctx.warnings.push(...r.warnings);
  const anchor = pfAnchor(ctx.project);
  const loaded = ctx.state.pf.projectHash !== undefined || ctx.state.pf.projects.includes(ctx.project);
  if (r.text === '') {
    if (loaded) ctx.actions.add({ id: PF_ID, op: 'delete', resource: 'pf', name: ctx.project, reason: 'no rules in file', commands: [{ argv: ['pfctl', '-a', anchor, '-F', 'all'] }], facts: { anchor } });
    return { natRules: 0 };
  }
  if (!ctx.state.pf.hooks.nat || !ctx.state.pf.hooks.rdr || !ctx.state.pf.hooks.filter) {
    if (ctx.state.pf.enabled === null) ctx.warnings.push('pf could not be queried (not root, or pf not loaded): its anchor hooks were not checked');
    else ctx.problems.push(pfHookProblem(ctx.state));
  }
  if (ctx.state.pf.enabled === false) ctx.warnings.push('pf is disabled: klee loads its rules but they take effect only after `pfctl -e`');
  if (r.hash !== ctx.state.pf.projectHash) {
    const after = ctx.actions.all().filter((a) => !removes(a) && a.resource !== 'pf').map((a) => a.id);
    ctx.actions.add({
      id: PF_ID, op: loaded ? 'update' : 'create', resource: 'pf', name: ctx.project, reason: loaded ? 'rules changed' : 'not on host',
      commands: [{ argv: ['pfctl', '-a', anchor, '-f', '-'], stdin: r.text, undo: [['pfctl', '-a', anchor, '-F', 'all']] }],
      facts: { anchor, rules: String(r.ruleCount), hash: r.hash }, after,
    });
  }
  return { natRules: r.text.split('\n').filter((l) => l.startsWith('nat ')).length };
}

/** Fill network destroy commands and delete-order edges, fail on problems, order the graph. */
function finish(ctx: PlanContext, opts: PlanOptions): Plan {
  const all = ctx.actions.all();
  const pfFlush = ctx.actions.get(PF_ID)?.op === 'delete';
  const destroyedEpairs = new Set(all.filter((a) => a.resource === 'epair' && a.op === 'delete').map((a) => a.facts.epair));
  for (const [id, iface] of ctx.destroys) {
    const a = ctx.actions.get(id);
    if (!a) continue;
    a.commands = destroyCommands(iface, destroyedEpairs).map((argv) => ({ argv }));
    // Everything that lives on the interface goes first: jails with aliases on it, epairs in it, its gateways.
    const gone = (rid: string) => ctx.actions.removal(rid);
    for (const al of aliasesOnInterface(ctx.own, iface.name)) a.after.push(gone(containerId(al.container)) ?? '');
    for (const e of ctx.own.epairs) if (e.bridge === iface.name) a.after.push(gone(containerId(e.container)) ?? '', gone(epairId(e.container, e.network)) ?? '', gone(`${epairId(e.container, e.network)}:${e.name}`) ?? '');
    for (const g of all) if (g.resource === 'gateway' && g.op === 'delete' && g.facts.interface === iface.name) a.after.push(g.id);
  }
  // Removal runs in reverse: a flushed anchor first, then jails, then what they used.
  if (pfFlush) for (const a of all) if (a.id !== PF_ID && removes(a)) a.after.push(PF_ID);
  if (ctx.problems.length) throw new PlanError([...new Set(ctx.problems)].sort());
  return { project: ctx.project, host: opts.host, actions: orderActions(all), warnings: [...new Set(ctx.warnings)] };
}
