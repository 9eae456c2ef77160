// Phase 5: the table of semantic rules, run in order; every problem of every rule is collected.
import type { Diagnostic } from '../types.js';
import type { Rule, RuleContext } from './context.js';
import { nameRules } from './names.js';
import { networkRules } from './networks.js';
import { containerRules } from './containers.js';
import { dependsRules } from './depends.js';
import { lifecycleRules } from './lifecycle.js';
import { ioRules } from './io.js';
import { stringRules } from './strings.js';

/** Every semantic rule, by id (tests run them one at a time). */
export const RULES: Rule[] = [...nameRules, ...networkRules, ...containerRules, ...dependsRules, ...lifecycleRules, ...ioRules, ...stringRules];

/** Run all rules (or those named) and collect their diagnostics. */
export function checkRules(ctx: RuleContext, only?: string[]): Diagnostic[] {
  return RULES.filter((r) => !only || only.includes(r.id)).flatMap((r) => r.check(ctx));
}
