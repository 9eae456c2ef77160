// Ownership labels: how klee marks what it creates on the host, and how it reads them back.
// Format (documented in docs/ownership.md):
//   network interface description  klee:<project>:<network>
//   epair a-side description       klee:<project>:<container>:<network>
//   jail name                      <project>_<container>
//   jail meta parameter            klee:v3:<project>:<container>:<confighash>:<mounts>[:<field>=<digest>,...][ file=<source>]
//     <mounts>: the jail's own mounts (what its jail -c mounted), `<fstype><target>` joined by ",", the target's
//     characters other than letters, digits and / . _ - ! ~ * ' ( ) percent-encoded (encodeURIComponent)
//     <source>: the file it was last applied from (recordedSource), after a blank, which no other part holds
//                                  (klee:v1:<p>:<c>:<hash> and klee:v2:<p>:<c>:<hash>:<fields> from older klee: read, not written)
//   pf rule (label; tag on nat/rdr) klee:<rulesethash>:<owner>, owner n-<8 hex> (a network) or c-<8 hex> (a container)
// Project names never contain '_' or ':'; container and network names never contain ':'.
import { createHash } from 'node:crypto';
import { OBJECT_NAME, PROJECT_NAME } from '../spec/project-name.js';
import { normalPath } from '../spec/normal-path.js';
import { UNSHOWABLE } from './quote.js';

/** Description label of a network's interface. */
export function networkLabel(project: string, network: string): string {
  return `klee:${project}:${network}`;
}

/** Description label of a vnet container's epair (a side). */
export function epairLabel(project: string, container: string, network: string): string {
  return `klee:${project}:${container}:${network}`;
}

/**
 * The interface group of a network's epair a sides, which the network's pf rules name (`pass quick on { kleene1 lo0
 * <group> } ...`): the rules need not change, nor wait for the kernel to name a new epair. `kl`, 12 hex digits of
 * sha256(project:network), `e`: 15 bytes, under IFNAMSIZ, and not ending in a digit (sbin/ifconfig/ifgroup.c
 * setifgroup refuses that).
 */
export function epairGroup(project: string, network: string): string {
  return `kl${createHash('sha256').update(`${project}:${network}`).digest('hex').slice(0, 12)}e`;
}

/** The jail name of a container. */
export function jailName(project: string, container: string): string {
  return `${project}_${container}`;
}

/** One file system a jail's creation mounted (jail(8) mount=, mount.devfs, mount.fdescfs, mount.procfs): its type and mount point. */
export interface MountRecord {
  fstype: string;
  target: string;
}

/**
 * The `meta` jail parameter value recording who made a jail, with which configuration (the hash of the whole, and
 * when given the digests of its fields: `command=3f,env.WORKERS=a0`, src/planner/kinds/config-fields.ts), which
 * mounts its creation made (the record: always written, a removal unmounts only those), and the file it was last
 * applied from (`source`, as recordedSource writes it) after a blank, which no other part holds.
 */
export function jailMeta(project: string, container: string, hash: string, mounts: readonly MountRecord[], fields?: string, source?: string): string {
  const record = mounts.map((m) => m.fstype + encodeURIComponent(m.target).replace(/%2F/g, '/')).join(',');
  const head = `klee:v3:${project}:${container}:${hash}:${record}${fields ? `:${fields}` : ''}`;
  return source === undefined ? head : `${head}${SOURCE_KEY}${source}`;
}

/** What separates the configuration from the file it was applied from in a jail's meta. */
const SOURCE_KEY = ' file=';

/** The longest recorded source, in characters: a longer one is not recorded (a quarter of the default meta_maxbufsize). */
export const SOURCE_MAX = 1024;

/** A recorded source exactly as recordedSource writes it: the unreserved URI characters, `:/@#+`, and `%XX`. */
const SOURCE = /^(?:[A-Za-z0-9._~:/@#+-]|%[0-9A-F]{2})+$/;

/**
 * A file's identity (src/cli/file-identity.ts) as a jail's meta records it: one word of printable ASCII, every other
 * byte (a blank, a comma, `%`, a control character, UTF-8) as `%XX`; undefined when longer than SOURCE_MAX.
 */
export function recordedSource(identity: string): string | undefined {
  const hex = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
  const s = encodeURIComponent(identity).replace(/%(2F|3A|40|23|2B)/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/[!'()*]/g, hex);
  return s.length <= SOURCE_MAX ? s : undefined;
}

/** A recorded source as people read it: decoded, unless that is not UTF-8 or shows an unshowable character (UNSHOWABLE: then as recorded, so it cannot forge output). */
export function shownSource(recorded: string): string {
  try {
    const s = decodeURIComponent(recorded);
    return UNSHOWABLE.test(s) ? recorded : s;
  } catch {
    return recorded;
  }
}

// One mount of the record: an fstype (vfs names are lower-case letters and digits) and an absolute, encoded path.
const RECORD_ENTRY = "[a-z0-9]+/[A-Za-z0-9/%._!~*'()-]*";
const RECORD = new RegExp(`^(?:${RECORD_ENTRY}(?:,${RECORD_ENTRY})*)?$`);

/** The mounts of a meta's record; undefined when it is not exactly as jailMeta writes it. */
function parseRecord(field: string): MountRecord[] | undefined {
  if (!RECORD.test(field)) return undefined;
  const out: MountRecord[] = [];
  for (const e of field ? field.split(',') : []) {
    const slash = e.indexOf('/');
    try {
      // as mount -p shows it: an older klee recorded a root or target as the file spelled it ("/jails//a/mnt/")
      out.push({ fstype: e.slice(0, slash), target: normalPath(decodeURIComponent(e.slice(slash))) });
    } catch {
      return undefined; // a % not followed by two hex digits of UTF-8
    }
  }
  return out;
}

/** What an interface description says about its owner, if it is a klee label. */
export type ParsedLabel =
  | { kind: 'network'; project: string; network: string }
  | { kind: 'epair'; project: string; container: string; network: string };

/**
 * Parse an interface description; undefined when it is not a label exactly as networkLabel/epairLabel write it (a
 * project name and one or two object names, nothing around them: no space, tab or control character).
 */
export function parseLabel(description: string | undefined): ParsedLabel | undefined {
  if (!description?.startsWith('klee:')) return undefined;
  const parts = description.split(':');
  if ((parts.length !== 3 && parts.length !== 4) || !PROJECT_NAME.test(parts[1]) || !parts.slice(2).every((p) => OBJECT_NAME.test(p))) return undefined;
  if (parts.length === 3) return { kind: 'network', project: parts[1], network: parts[2] };
  if (parts.length === 4) return { kind: 'epair', project: parts[1], container: parts[2], network: parts[3] };
  return undefined;
}

/** One field digest as klee writes it (src/planner/kinds/config-fields.ts): a field name and two hex digits. */
const META_FIELD = '(?:path|image|driver|command|restart|user|hostname|jail_params|env|mounts|networks|env\\.[A-Za-z_][A-Za-z0-9_]*|mounts\\[\\d+\\]|networks\\.[A-Za-z0-9][A-Za-z0-9_-]*)=[0-9a-f]{2}';
const FIELDS = `${META_FIELD}(?:,${META_FIELD})*`;
/** A whole meta value: v1, v2 with its digests, or v3 with its mount record and digests (one match per jail: every plan reads every jail's). */
const META = new RegExp(`^klee:(?:v1:([^:]+):([^:]+):([0-9a-f]+)|v2:([^:]+):([^:]+):([0-9a-f]+):(${FIELDS})|v3:([^:]+):([^:]+):([0-9a-f]+):([^:]*)(?::(${FIELDS}))?)$`);

/** What a jail's `meta` says: its owner, its configuration hash, its field digests, the mounts its creation made and the file it was applied from. */
export interface ParsedJailMeta {
  project: string;
  container: string;
  hash: string;
  /** The field digests (v2, v3); undefined when none were written. */
  fields?: Record<string, string>;
  /** The mounts its creation made (v3); undefined in a meta of a klee before the record (v1, v2). */
  mounts?: MountRecord[];
  /** The file it was last applied from, as recordedSource wrote it (absent: an older klee, or standard input). */
  source?: string;
}

/**
 * Parse a jail `meta` value exactly as jailMeta writes it (or as an older klee did: v1, v2), with the file it was
 * applied from or not; undefined for anything else.
 */
export function parseJailMeta(meta: string | undefined): ParsedJailMeta | undefined {
  if (meta === undefined) return undefined;
  const at = meta.indexOf(SOURCE_KEY);
  const source = at < 0 ? undefined : meta.slice(at + SOURCE_KEY.length);
  if (source !== undefined && (source.length > SOURCE_MAX || !SOURCE.test(source))) return undefined;
  const m = META.exec(at < 0 ? meta : meta.slice(0, at));
  if (!m) return undefined;
  const [project, container, hash, list, record] = m[1] !== undefined ? [m[1], m[2], m[3], undefined, undefined]
    : m[4] !== undefined ? [m[4], m[5], m[6], m[7], undefined] : [m[8], m[9], m[10], m[12], m[11]];
  if (!PROJECT_NAME.test(project) || !OBJECT_NAME.test(container)) return undefined;
  const out: ParsedJailMeta = { project, container, hash };
  if (source !== undefined) out.source = source;
  if (record !== undefined) {
    const mounts = parseRecord(record);
    if (!mounts) return undefined;
    out.mounts = mounts;
  }
  if (list === undefined) return out;
  const fields = new Map<string, string>();
  for (const item of list.split(',')) {
    const name = item.slice(0, -3);
    if (fields.has(name)) return undefined; // written once each: a repeat is not klee's
    fields.set(name, item.slice(-2));
  }
  out.fields = Object.fromEntries(fields);
  return out;
}

/** Split a jail name into project and container at the first '_' (projects never contain '_'). */
export function parseJailName(name: string): { project: string; container: string } | undefined {
  const i = name.indexOf('_');
  if (i <= 0 || i === name.length - 1) return undefined;
  return { project: name.slice(0, i), container: name.slice(i + 1) };
}

/** Path of a container's console log on the host (exec.consolelog); /var/log always exists. */
export function consoleLogPath(project: string, container: string): string {
  return `/var/log/klee.${jailName(project, container)}.log`;
}

/**
 * The mark on each of klee's pf rules: the hash of the ruleset it was loaded with, and which network or container of
 * the project it is for. Filter rules carry it as their `label`; translation rules, which parse.y gives no label
 * (natrule: nataction interface af proto fromto tag tagged rtable redirpool pool_opts), as their `tag`.
 */
export function pfMark(hash: string, owner: string): string {
  return `klee:${hash}:${owner}`;
}

/** A pf mark exactly as pfMark writes it (also the older `klee:<hash>` label, which names no owner). */
export function parsePfMark(mark: string): { hash: string; owner?: string } | undefined {
  const m = /^klee:([0-9a-f]+)(?::([nc]-[0-9a-f]{8}))?$/.exec(mark);
  return m ? { hash: m[1], ...(m[2] ? { owner: m[2] } : {}) } : undefined;
}

/** The pf anchor of a project. */
export function pfAnchor(project: string): string {
  return `klee/${project}`;
}
