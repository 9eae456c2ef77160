// Which mounts each removal unmounts: the removed jail's own (the record in its meta: what its jail -c mounted), each
// once, and nothing klee did not make. umount(8) by mount point takes the most recent mount of that path
// (sbin/umount/umount.c getmntentry searches the table from its end), and a mount covered by another, or with another
// mounted below it, is busy (sys/kern/vfs_mount.c dounmount, vflush): so an instance of a shared root's devfs is
// unmounted only while it is the top of its mount point, and a jail's own mount under someone else's is left.
import { parseJailMeta, type MountRecord } from '../../host/labels.js';
import { recordedMeta, type OwnedJail } from '../../host/ownership.js';
import { MOUNT_TABLE_UNREADABLE } from '../../host/parse/mount.js';
import type { HostState, Jail } from '../../host/types.js';
import { hostText } from '../../host/quote.js';
import { pushTo } from '../maps.js';
import { normalPath } from '../../spec/normal-path.js';

/** The unmounts of a plan's removals. */
export interface UnmountPlan {
  /** Each removed jail's `umount` targets, in order, by jail name. */
  targets: Map<string, string[]>;
  /** [first, then]: the removal of container `first` runs before that of `then` (its instance of a shared mount point is above). */
  order: [first: string, then: string][];
  /** A jail's own mount that is left, and why. */
  warnings: string[];
  /** A removal that cannot be planned: the mount table could not be read. */
  problems: { container: string; message: string }[];
}

/** A jail and the mounts its creation made (undefined: no record). */
interface Claim { jail: Jail; mounts?: MountRecord[] }

const same = (a: MountRecord, b: MountRecord) => a.fstype === b.fstype && a.target === b.target;

/**
 * Which instance of each recorded mount point is whose: the claimers of (fstype, point) by jid, the instances of that
 * fstype there in table order. The newest instances are the claimers' (older extra ones were left by jails gone:
 * `jail -r` of a command-line jail leaves its mounts); with fewer instances than claimers, the newest claimers' are the
 * ones missing (removals go newest first, so an interrupted one has unmounted its own and failed after).
 */
function assignInstances(claims: readonly Claim[], table: readonly MountRecord[]): Map<string, number> {
  const owner = new Map<string, number>(); // `${jail name} ${fstype} ${point}` -> table index
  const byPoint = new Map<string, Claim[]>();
  for (const c of claims) for (const m of c.mounts ?? []) pushTo(byPoint, `${m.fstype} ${m.target}`, c);
  const instances = new Map<string, number[]>(); // `${fstype} ${point}` -> table indexes, in table order (one pass: not per point)
  table.forEach((e, i) => { const key = `${e.fstype} ${e.target}`; if (byPoint.has(key)) pushTo(instances, key, i); });
  for (const [key, cs] of byPoint) {
    const inst = instances.get(key) ?? [];
    const sorted = [...cs].sort((x, y) => x.jail.jid - y.jail.jid);
    const skip = Math.max(0, inst.length - sorted.length);
    sorted.forEach((c, k) => { if (skip + k < inst.length) owner.set(`${c.jail.name} ${key}`, inst[skip + k]); });
  }
  return owner;
}

/**
 * Plan the unmounts of `removed` (this plan's removals) against the mount table and every jail's record (any klee
 * project's: a shared root's mounts are several jails'). Jails sharing a mount point are removed newest first (jids
 * grow with creation, kern_jail.c: so do the instances stacked on the point), each unmounting the top instance; a jail
 * that stays with a newer instance there keeps the older one covered: left, with a warning. A mount of the record
 * covered by one klee did not make, or with one of those below it, is left too; one no longer mounted is done.
 */
export function planUnmounts(state: HostState, removed: readonly OwnedJail[]): UnmountPlan {
  const plan: UnmountPlan = { targets: new Map(), order: [], warnings: [], problems: [] };
  if (removed.length === 0) return plan; // nothing removed, nothing unmounted (a converged plan reads no records)
  const gone = new Map(removed.map((j) => [j.jail.name, j]));
  const claims: Claim[] = state.jails.map((jail) => ({ jail, mounts: parseJailMeta(recordedMeta(jail))?.mounts }));
  const table = state.mounts;
  if (table === undefined) {
    const why = state.warnings.find((w) => w.startsWith(MOUNT_TABLE_UNREADABLE)) ?? 'the host state has no mount table (mount -p)';
    for (const j of removed) {
      if (!j.mounts?.length) continue;
      const list = j.mounts.map((m) => `${m.fstype} on ${hostText(m.target)}`).join(', ');
      plan.problems.push({ container: j.container, message: `jail "${j.jail.name}" cannot be removed: ${why}; klee cannot tell whether the jail's own mounts (${list}) are still there or what is mounted over them, and unmounts nothing blind. Nothing was changed; run again when \`mount -p\` works` });
    }
    return plan;
  }
  const claimed = (e: MountRecord) => claims.some((c) => c.mounts?.some((m) => same(m, e)));
  const taken = new Set<number>(); // table indexes unmounted by an earlier removal of this plan
  const done = new Set<string>(); // the removals planned so far
  const owner = assignInstances(claims, table);
  const stack = (target: string) => table.map((e, index) => ({ ...e, index })).filter((e) => e.target === target && !taken.has(e.index));
  for (const j of [...removed].sort((a, b) => b.jail.jid - a.jail.jid)) {
    const name = j.jail.name;
    const targets: string[] = [];
    plan.targets.set(name, targets);
    if (j.mounts === undefined) {
      done.add(name);
      const root = normalPath(j.jail.path);
      const below = table.filter((e) => e.target.startsWith(`${root}/`)).map((e) => e.target);
      if (below.length) plan.warnings.push(`jail "${name}": neither its meta nor its record file (a kernel without meta) holds the mounts its creation made (a jail made by an earlier klee, or its record gone), so the mounts below its root are left: ${below.map(hostText).join(', ')}`);
      continue;
    }
    for (const m of j.mounts) {
      const key = `${m.fstype} ${m.target}`;
      const sharing = claims.filter((c) => c.jail.jid > j.jail.jid && c.mounts?.some((x) => same(x, m)));
      const stays = sharing.find((c) => !gone.has(c.jail.name) && owner.has(`${c.jail.name} ${key}`));
      if (stays) {
        plan.warnings.push(`jail "${name}": its ${m.fstype} on ${hostText(m.target)} is left mounted: jail "${stays.jail.name}", which stays, mounted its own there later, and umount takes the most recent mount of a path`);
        continue;
      }
      for (const c of sharing) plan.order.push([gone.get(c.jail.name)!.container, j.container]);
      const own = owner.get(`${name} ${key}`);
      const top = stack(m.target).at(-1);
      if (own !== undefined) {
        if (top?.index !== own) {
          plan.warnings.push(`jail "${name}": its ${m.fstype} on ${hostText(m.target)} is left mounted: a ${hostText(top!.fstype)} that is not this jail's is mounted over it`);
          continue;
        }
        const foreignBelow = table.find((e, i) => !taken.has(i) && e.target.startsWith(`${m.target}/`) && !claimed(e));
        if (foreignBelow) {
          plan.warnings.push(`jail "${name}": its ${m.fstype} on ${hostText(m.target)} is left mounted: ${hostText(foreignBelow.fstype)} on ${hostText(foreignBelow.target)}, which klee did not make, is mounted below it`);
          continue;
        }
        taken.add(own);
        targets.push(m.target);
      }
      // The last jail with a record of this mount point also unmounts the instances of the same type then on top: left
      // there by earlier jails of that place (removed by hand: `jail -r` leaves a command-line jail's mounts), the
      // leaked mounts of the place, as a leaked alias on the project's interface is the project's.
      if (claims.some((c) => c.jail.name !== name && !done.has(c.jail.name) && c.mounts?.some((x) => same(x, m)))) continue;
      for (let e = stack(m.target).at(-1); e?.fstype === m.fstype; e = stack(m.target).at(-1)) {
        taken.add(e.index);
        targets.push(m.target);
      }
    }
    done.add(name);
  }
  return plan;
}
