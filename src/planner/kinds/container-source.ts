// The file a project was last applied from (compose's config_files label): each jail's `meta` (or record, before 14.3)
// holds it beside the configuration hash, outside it, so another checkout of the same file replaces nothing. A kept
// container whose jail records another file is updated in place; a run from another file says so before the plan.
import { hasJailMeta, jailMetaValue, type OwnedJail } from '../../host/ownership.js';
import { shownSource } from '../../host/labels.js';
import { recordText, writeRecordArgv } from '../../host/jail-record.js';
import type { HostState } from '../../host/types.js';
import { action } from '../action.js';
import type { DesiredContainer, Want } from '../desired.js';
import { containerId } from '../ids.js';
import type { Observed } from '../observed.js';
import { pushTo } from '../maps.js';
import { reason } from '../reason.js';
import type { Action, PlannedCommand } from '../types.js';
import { containerMeta, metaRoom } from './jail-argv.js';

/**
 * The update of a kept container whose jail records another file than the one applied: its value rewritten with the
 * new source (hash and digests as the file gives them), in place. In `meta`, `jail -m` on the live jail (kern_jail.c
 * kern_jail_set calls the meta module's PR_METHOD_SET on an update as on a create: kern_jailmeta.c jm_osd_method_set);
 * on a kernel without `meta`, its record written again (host/jail-record.ts). Undefined when there is nothing to
 * record: the same file, no file identity (standard input), or a jail that records no file or no mounts (an older
 * klee), which the next creation records.
 */
export function sourceUpdate(want: Want, d: DesiredContainer, j: OwnedJail, state: HostState): Action | undefined {
  if (want.source === undefined || j.source === undefined || j.source === want.source) return undefined;
  const inMeta = hasJailMeta(state);
  const old = inMeta ? jailMetaValue(j.jail) : j.jail.record;
  if (old === undefined || j.mounts === undefined) return undefined;
  // The mounts are the jail's own, as recorded: its creation made them, and its removal unmounts exactly those.
  const value = containerMeta(want.project, d.spec, d.root, d.attachments, d.hash, metaRoom(state.sysctl.jailMetaMax), j.mounts, want.source);
  const jail = d.spec.jailName;
  const set = (v: string) => ['jail', '-m', `name=${jail}`, `meta=${v}`];
  const command: PlannedCommand = inMeta ? { argv: set(value), undo: [set(old)] }
    : { argv: writeRecordArgv(jail), stdin: recordText(value), undo: [writeRecordArgv(jail)], undoStdin: recordText(old) };
  return action({
    id: containerId(d.spec.name), op: 'update', resource: 'container', name: d.spec.name,
    why: [reason('changed', `applied from ${shownSource(want.source)} (was ${shownSource(j.source)})`)],
    commands: [command], facts: { jail },
  });
}

/**
 * The warning before the plan when the project's jails record another file than the one applied (two checkouts, or two
 * directories whose files share a name), naming both; none without a file identity.
 */
export function otherSourceWarning(want: Want, obs: Observed): string[] {
  if (want.source === undefined) return [];
  const others = new Map<string, string[]>();
  for (const j of obs.jails.values()) if (j.source !== undefined && j.source !== want.source) pushTo(others, j.source, j.container);
  if (others.size === 0) return [];
  const from = [...others].sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([s, cs]) => `${shownSource(s)} (container${cs.length === 1 ? '' : 's'} ${cs.join(', ')})`).join(' and ');
  const does = want.down ? 'klee down removes what this file names' : 'applying it changes what it names to what it says';
  return [`project ${want.project} was last applied from ${from}, not from this file, ${shownSource(want.source)}: ${does}; if the two are separate projects, give this one another \`name:\` (or run with -p NAME)`];
}
