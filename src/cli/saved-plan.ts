// Saved plans (terraform's `plan -out` / `apply PLANFILE`): `klee plan -o FILE` writes the plan with the fingerprints
// of the file and of the host state it was made from; `klee up --plan FILE` applies exactly that plan, and refuses it,
// naming what changed, when the file or the host is no longer what it was. Format: docs/saved-plans.md.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Plan } from '../planner/types.js';
import { UserError } from '../errors.js';
import { fingerprintChanges, type Fingerprint } from './fingerprint.js';
import { kleeVersion } from './version.js';

/** The format version of a saved plan file. */
export const SAVED_PLAN_FORMAT = 1;

/** A saved plan file. */
export interface SavedPlan {
  klee_plan: typeof SAVED_PLAN_FORMAT;
  /** klee's version that made it. */
  klee: string;
  created: string;
  project: string;
  /** The host URI it was planned against (a snapshot's plan may be applied on the host itself). */
  host: string;
  /** The project file, as messages name it. */
  file: string;
  fingerprints: { file: Fingerprint; host: Fingerprint };
  plan: Plan;
  /** Planned with `--remove-orphans` (the host is then probed as that plan was: with ZFS). */
  removeOrphans?: true;
}

/**
 * Write the plan file atomically (a temporary file renamed over it), so a reader never sees half a plan. Owner-only
 * (0600): it holds the env values `up --plan` hands jail(8), which every view of a plan redacts.
 */
export function writeSavedPlan(path: string, saved: Omit<SavedPlan, 'klee_plan' | 'klee' | 'created'>): void {
  const full: SavedPlan = { klee_plan: SAVED_PLAN_FORMAT, klee: kleeVersion(), created: new Date().toISOString(), ...saved };
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(full, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true }); // a failed rename must not leave the plan (and its env values) beside the path
    throw new UserError(`cannot write the plan to ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Read and check a plan file: JSON of the saved-plan shape, or a UserError naming the file and the field. */
export function readSavedPlan(path: string): SavedPlan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read the saved plan ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, 'make one with `klee plan -o FILE`');
  }
  let v: any;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${path} is not a saved plan: not JSON (${(e as Error).message})`, 'make one with `klee plan -o FILE`');
  }
  const bad = (field: string, want: string) => new UserError(`${path} is not a saved plan: ${field} must be ${want}`, 'make one with `klee plan -o FILE`');
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw bad('the file', 'a JSON object');
  if (v.klee_plan !== SAVED_PLAN_FORMAT) throw bad('klee_plan', `${SAVED_PLAN_FORMAT} (this klee reads saved plans of format ${SAVED_PLAN_FORMAT})`);
  for (const f of ['project', 'host', 'file', 'created'] as const) if (typeof v[f] !== 'string') throw bad(f, 'a string');
  for (const f of ['file', 'host'] as const) if (!isDigests(v.fingerprints?.[f])) throw bad(`fingerprints.${f}`, 'an object of digests');
  if (typeof v.plan !== 'object' || v.plan === null || !Array.isArray(v.plan.actions) || !Array.isArray(v.plan.warnings ?? [])) throw bad('plan', 'an object with actions');
  v.plan.actions.forEach((a: unknown, i: number) => {
    const why = actionProblem(a);
    if (why) throw bad(`plan.actions[${i}]`, why);
  });
  if (v.plan.project !== v.project) throw bad('plan.project', `the file's project "${v.project}"`);
  return v as SavedPlan;
}

/** True for an object of string values. */
function isDigests(x: unknown): x is Fingerprint {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Object.values(x).every((d) => typeof d === 'string');
}

/** Why a value is not an Action (undefined when it is one), so that `up --plan` never runs a command it cannot read. */
function actionProblem(a: any): string | undefined {
  if (typeof a !== 'object' || a === null) return 'an object';
  for (const f of ['id', 'op', 'resource', 'name', 'reason'] as const) if (typeof a[f] !== 'string') return `an action with a string ${f}`;
  if (!['create', 'update', 'replace', 'delete'].includes(a.op)) return 'an action whose op is create, update, replace or delete';
  if (!Array.isArray(a.after) || !a.after.every((x: unknown) => typeof x === 'string')) return 'an action whose after is a list of ids';
  if (!Array.isArray(a.commands)) return 'an action with a list of commands';
  for (const c of a.commands as any[]) {
    const argv = (x: unknown) => Array.isArray(x) && x.length > 0 && x.every((w) => typeof w === 'string');
    if (typeof c !== 'object' || c === null || !argv(c.argv)) return 'an action whose commands have a non-empty argv of strings';
    if (c.stdin !== undefined && typeof c.stdin !== 'string') return 'an action whose command stdin is a string';
    if (c.undo !== undefined && !(Array.isArray(c.undo) && c.undo.every(argv))) return 'an action whose command undo is a list of argvs';
    if (c.mayFail !== undefined && c.mayFail !== true) return 'an action whose command mayFail is true when present';
    if (c.poll !== undefined && pollProblem(c.poll)) return `an action whose command poll ${pollProblem(c.poll)}`;
  }
  if (a.verb !== undefined && !(typeof a.verb === 'object' && a.verb !== null && typeof a.verb.doing === 'string' && typeof a.verb.done === 'string')) {
    return 'an action whose verb has the strings doing and done';
  }
  if (typeof a.facts !== 'object' || a.facts === null) return 'an action with facts';
  if (a.replacedBy !== undefined && (typeof a.replacedBy !== 'string' || a.op !== 'replace')) return 'an action whose replacedBy (a replacement\'s delete half) is the id of its create half';
  return undefined;
}

/** Why a value is not a Poll (src/planner/types.ts): the executor repeats the command by these numbers. */
function pollProblem(p: any): string | undefined {
  if (typeof p !== 'object' || p === null) return 'is an object';
  for (const f of ['intervalS', 'retries', 'startPeriodS'] as const) if (!(Number.isFinite(p[f]) && p[f] >= 0)) return `has a number ${f} of at least 0`;
  for (const f of ['pending', 'timeoutS'] as const) if (p[f] !== undefined && !(Number.isFinite(p[f]) && p[f] >= 0)) return `has a number ${f} of at least 0 when present`;
  return undefined;
}

/**
 * Refuse a saved plan made for another project, or from a file or host that has changed since (terraform's "saved
 * plan is stale"): the message names the parts that changed.
 */
export function checkSaved(saved: SavedPlan, path: string, now: { project: string; file?: Fingerprint; host?: Fingerprint }): void {
  const again = `make a new plan with \`klee plan -o ${path}\` and review it`;
  if (saved.project !== now.project) throw new UserError(`the saved plan ${path} is for project ${saved.project}, not ${now.project}`, again);
  const parts = (what: string, then: Fingerprint, fp: Fingerprint) => {
    const changes = fingerprintChanges(then, fp);
    if (changes.length === 0) return;
    const shown = changes.slice(0, 8).join(', ') + (changes.length > 8 ? `, and ${changes.length - 8} more` : '');
    throw new UserError(`the saved plan ${path} is stale: ${what} changed since it was made (${saved.created}): ${shown}`, again);
  };
  if (now.file) parts(saved.file, saved.fingerprints.file, now.file);
  if (now.host) parts(`the host (planned against ${saved.host})`, saved.fingerprints.host, now.host);
}
