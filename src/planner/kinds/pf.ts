// pf: the project's anchor `klee/<project>`, loaded when its rules' hash differs from the host's, flushed when no rules
// are needed any more. The rules themselves are rendered in pf-rules.ts; the orphans' are kept as pfctl lists them.
import { pfAnchor, pfMark } from '../../host/labels.js';
import type { ListedRule } from '../../host/parse/pf.js';
import type { DesiredContainer, DesiredNetwork, Want } from '../desired.js';
import type { Problem } from '../errors.js';
import { PF_ID } from '../ids.js';
import { aliasesOf, type Observed } from '../observed.js';
import type { Orphans } from '../orphans.js';
import { pfHookProblem } from '../prerequisites.js';
import { pushTo } from '../maps.js';
import { action } from '../action.js';
import { shortHash } from '../hash.js';
import { DOWN, NOT_ON_HOST, reason } from '../reason.js';
import type { Action, PlannedCommand } from '../types.js';
import { loadableRule, pfOwner, renderPf, withMark, type PfRule } from './pf-rules.js';

/** The pf action of a plan (at most one), with the notes and problems of the rules. */
export interface PfPlan {
  action?: Action;
  /** The number of `nat` rules: NAT needs IPv4 forwarding (sysctl kind). */
  natRules: number;
  /** The file's networks whose rules restrict traffic: their containers start after the load (rules/ordering.ts). */
  restricts: ReadonlySet<string>;
  warnings: string[];
  problems: Problem[];
}

/** Load or flush the project's anchor. */
export function planPf(want: Want, obs: Observed, nets: readonly DesiredNetwork[], containers: readonly DesiredContainer[], orphans: Orphans): PfPlan {
  const { state } = obs;
  const listed = state.pf.projectRules ?? [];
  const r = renderPf(nets, containers, {
    project: want.project, orphanAddresses: orphanAddresses(obs, nets, orphans), defaultRouteIf: state.defaultRoute?.interface, carried: carriedRules(listed, orphans),
  });
  const plan: PfPlan = { natRules: r.natRules, restricts: r.restricts, warnings: [...r.warnings], problems: r.problems.map((message) => ({ resource: PF_ID, message })) };
  const anchor = pfAnchor(want.project);
  const loaded = state.pf.projectHash !== undefined || state.pf.projects.includes(want.project);
  // What puts back the rules loaded now (--atomic): pfctl's listing, which print_rule prints in pf.conf syntax, its
  // interface names quoted again (loadableRule).
  const restore: Partial<PlannedCommand> = listed.length && state.pf.projectHash !== undefined
    ? { undo: [['pfctl', '-a', anchor, '-f', '-']], undoStdin: listedText(listed) } : {};
  if (r.text === '') {
    const why = want.down ? DOWN : reason('unwanted', 'no rules in file');
    if (loaded) plan.action = action({ id: PF_ID, op: 'delete', resource: 'pf', name: want.project, why: [why], commands: [{ argv: ['pfctl', '-a', anchor, '-F', 'all'], ...restore }], facts: { anchor } });
    return plan;
  }
  if (!state.pf.hooks.nat || !state.pf.hooks.rdr || !state.pf.hooks.filter) {
    if (state.pf.enabled === null) plan.warnings.push('pf could not be queried (not root, or pf not loaded): its anchor hooks were not checked');
    else plan.problems.push({ resource: PF_ID, message: pfHookProblem(state) });
  }
  if (state.pf.enabled === false) plan.warnings.push('pf is disabled: klee loads its rules but they take effect only after `pfctl -e`');
  if (!sameOwners(r.owners, state.pf.projectRules)) {
    plan.action = action({
      id: PF_ID, op: loaded ? 'update' : 'create', resource: 'pf', name: want.project, why: [want.down ? DOWN : loaded ? reason('changed', 'rules changed') : NOT_ON_HOST],
      commands: [{ argv: ['pfctl', '-a', anchor, '-f', '-'], stdin: r.text, undo: [['pfctl', '-a', anchor, '-F', 'all']], ...restore }],
      facts: { anchor, rules: String(r.ruleCount), hash: shortHash([...r.owners].sort().join(',')) },
    });
  }
  return plan;
}

/**
 * Whether the anchor holds exactly these owners' rules: every rule listed carries the mark of an owner wanted, with
 * the hash wanted, and every owner wanted has rules there. A rule without klee's mark, or no listing, is a difference.
 */
function sameOwners(want: ReadonlyMap<string, string>, listed: readonly ListedRule[] | undefined): boolean {
  if (!listed) return false;
  const have = new Set<string>();
  for (const x of listed) {
    if (x.owner === undefined || want.get(x.owner) !== x.hash) return false;
    have.add(x.owner);
  }
  return have.size === want.size;
}

/** The loaded rules of the orphans the plan keeps (found by the owner in their mark), as pfctl lists them, loadable again. */
function carriedRules(listed: readonly ListedRule[], orphans: Orphans): PfRule[] {
  const kept = new Set([...orphans.networks.map((n) => pfOwner('network', n)), ...orphans.containers.map((c) => pfOwner('container', c))]);
  return listed.filter((x) => x.owner !== undefined && kept.has(x.owner)).map((x) => ({ owner: x.owner!, translation: x.translation, text: loadableRule(x.text), hash: x.hash }));
}

/** The kept orphans' ipnet addresses per file network (the one whose interface carries the alias). */
function orphanAddresses(obs: Observed, nets: readonly DesiredNetwork[], orphans: Orphans): Map<string, string[]> {
  const networkOf = new Map(nets.map((n) => [n.interface, n.spec.name]));
  const out = new Map<string, string[]>();
  for (const c of orphans.containers) {
    for (const a of aliasesOf(obs, c)) {
      const n = a.interface === undefined ? undefined : networkOf.get(a.interface);
      if (n !== undefined) pushTo(out, n, a.address);
    }
  }
  return out;
}

/** The listing as a ruleset text, each rule loadable again with its mark put back (translation rules first, as listed). */
function listedText(listed: readonly ListedRule[]): string {
  return listed.map((x) => {
    const text = loadableRule(x.text);
    return `${x.hash === undefined ? text : withMark(text, x.translation, x.owner ? pfMark(x.hash, x.owner) : `klee:${x.hash}`)}\n`;
  }).join('');
}
