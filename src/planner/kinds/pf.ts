// pf: the project's anchor `klee/<project>`, loaded when its rules' hash differs from the host's, flushed when the file
// needs no rules any more. The rules themselves are rendered in pf-rules.ts.
import { pfAnchor } from '../../host/labels.js';
import type { DesiredContainer, DesiredNetwork, Want } from '../desired.js';
import type { Problem } from '../errors.js';
import { PF_ID } from '../ids.js';
import type { Observed } from '../observed.js';
import { pfHookProblem } from '../prerequisites.js';
import { action } from '../action.js';
import { DOWN, NOT_ON_HOST, reason } from '../reason.js';
import type { Action } from '../types.js';
import { renderPf } from './pf-rules.js';

/** The pf action of a plan (at most one), with the notes and problems of the rules. */
export interface PfPlan {
  action?: Action;
  /** The number of `nat` rules: NAT needs IPv4 forwarding (sysctl kind). */
  natRules: number;
  warnings: string[];
  problems: Problem[];
}

/** Load or flush the project's anchor; `epairs`: the a sides of each network's epairs (epair kind). */
export function planPf(want: Want, obs: Observed, nets: readonly DesiredNetwork[], containers: readonly DesiredContainer[], epairs: ReadonlyMap<string, string[]>): PfPlan {
  const { state } = obs;
  const r = renderPf(nets, containers, epairs, state.defaultRoute?.interface);
  const plan: PfPlan = { natRules: 0, warnings: [...r.warnings], problems: [] };
  const anchor = pfAnchor(want.project);
  const loaded = state.pf.projectHash !== undefined || state.pf.projects.includes(want.project);
  if (r.text === '') {
    const why = want.down ? DOWN : reason('unwanted', 'no rules in file');
    if (loaded) plan.action = action({ id: PF_ID, op: 'delete', resource: 'pf', name: want.project, why: [why], commands: [{ argv: ['pfctl', '-a', anchor, '-F', 'all'] }], facts: { anchor } });
    return plan;
  }
  if (!state.pf.hooks.nat || !state.pf.hooks.rdr || !state.pf.hooks.filter) {
    if (state.pf.enabled === null) plan.warnings.push('pf could not be queried (not root, or pf not loaded): its anchor hooks were not checked');
    else plan.problems.push({ resource: PF_ID, message: pfHookProblem(state) });
  }
  if (state.pf.enabled === false) plan.warnings.push('pf is disabled: klee loads its rules but they take effect only after `pfctl -e`');
  if (r.hash !== state.pf.projectHash) {
    plan.action = action({
      id: PF_ID, op: loaded ? 'update' : 'create', resource: 'pf', name: want.project, why: [loaded ? reason('changed', 'rules changed') : NOT_ON_HOST],
      commands: [{ argv: ['pfctl', '-a', anchor, '-f', '-'], stdin: r.text, undo: [['pfctl', '-a', anchor, '-F', 'all']] }],
      facts: { anchor, rules: String(r.ruleCount), hash: r.hash },
    });
  }
  plan.natRules = r.text.split('\n').filter((l) => l.startsWith('nat ')).length;
  return plan;
}
