// The exact `jail -c` argv of a container (docs/commands.md), and its configuration hash.
import { consoleLogPath, jailMeta, type MountRecord } from '../../host/labels.js';
import { envWriterParam, startArgv } from '../../host/program.js';
import type { ContainerSpec } from '../../spec/types.js';
import type { Attachment } from '../desired.js';
import { canonicalJson, shortHash } from '../hash.js';
import { createdMounts, mountParams } from './mount.js';
import { fieldDigests, formatFields } from './config-fields.js';

/**
 * Kleene's jail defaults, added unless the user's jail_params set the same parameter. Not Kleene's
 * `exec.stop="/bin/sh /etc/rc.shutdown"`: jail(8) never runs exec.stop for a command-line jail (`jail -r NAME` has
 * no config entry), so klee runs the stop command itself before `jail -r` (container-removal.ts). A user's `exec.stop=...`
 * is still passed through and is what klee runs. Not `exec.jail_user` either: exec.start and command= run as root
 * (they write the environment file and start daemon(8)), and daemon's `-u` runs the program as `user`.
 */
const DEFAULTS: [name: string, arg: (c: ContainerSpec) => string][] = [
  ['exec.clean', () => 'exec.clean'],
  ['mount.devfs', () => 'mount.devfs'],
];

/** The parameter a raw jail_param sets: "securelevel=2" → securelevel, "nomount.devfs" → mount.devfs. */
export function paramName(raw: string): string {
  const eq = raw.indexOf('=');
  if (eq >= 0) return raw.slice(0, eq);
  // jail(8): a boolean parameter may be negated with a "no" prefix, on the name ("nopersist")
  // or on its last component ("allow.nomount").
  if (raw.startsWith('no') && DEFAULTS.some(([n]) => n === raw.slice(2))) return raw.slice(2);
  const last = raw.lastIndexOf('.');
  const leaf = raw.slice(last + 1);
  return leaf.startsWith('no') ? `${raw.slice(0, last + 1)}${leaf.slice(2)}` : raw;
}

/** A container's effective configuration (effectiveConfig). */
export type EffectiveConfig = ReturnType<typeof effectiveConfig>;

/** The container's effective configuration, the input of its hash and of its field digests (after interpolation and defaults). */
export function effectiveConfig(c: ContainerSpec, root: string, attachments: readonly Attachment[]) {
  return {
    root,
    image: c.image,
    driver: c.driver,
    networks: attachments.map((a) => ({
      network: a.network, interface: a.interface, ip: a.ip && `${a.ip}/${a.len}`, ip6: a.ip6 && `${a.ip6}/${a.len6}`,
      route4: c.driver === 'vnet' ? a.route4 : undefined, route6: c.driver === 'vnet' ? a.route6 : undefined,
    })),
    command: c.command,
    // How the program runs (daemon's -r, or the wrapper's loop for on-failure): part of command=.
    restart: c.restart,
    env: c.env, // canonicalJson sorts its keys
    user: c.user,
    hostname: c.hostname,
    jailParams: c.jailParams,
    mounts: c.mounts.map((m) => `${m.source}:${m.target}:${m.mode}`),
  };
}

/** sha256 (16 hex) of the canonical JSON of the effective configuration. */
export function configHash(c: ContainerSpec, root: string, attachments: Attachment[]): string {
  return shortHash(canonicalJson(effectiveConfig(c, root, attachments)));
}

/** The vnet `exec.created` string: move each b side in, lo0 up, addresses, default routes. */
export function vnetCreated(jail: string, attachments: Attachment[]): string {
  const parts: string[] = [];
  const jexec = (cmd: string) => parts.push(`/usr/sbin/jexec ${jail} ${cmd}`);
  for (const a of attachments) parts.push(`/sbin/ifconfig ${a.epair}b vnet ${jail}`);
  jexec('/sbin/ifconfig lo0 inet 127.0.0.1/8 up');
  for (const a of attachments) {
    const b = `${a.epair}b`;
    if (a.ip) jexec(`/sbin/ifconfig ${b} inet ${a.ip}/${a.len} up`);
    if (a.ip6) jexec(`/sbin/ifconfig ${b} inet6 ${a.ip6}/${a.len6} alias`);
    if (!a.ip && !a.ip6) jexec(`/sbin/ifconfig ${b} up`);
  }
  // One default route per family: the first network (in file order) that has one.
  const r4 = attachments.find((a) => a.ip && a.route4)?.route4;
  const r6 = attachments.find((a) => a.ip6 && a.route6)?.route6;
  if (r4) jexec(`/sbin/route add -inet default ${r4}`);
  if (r6) jexec(`/sbin/route add -inet6 default ${r6}`);
  return parts.join(' && ');
}

/** The field digests a jail's `meta` carries at most, in characters (FreeBSD's default meta_maxbufsize is 4096 bytes). */
export const META_FIELDS_MAX = 1024;

/**
 * The `meta` value of a container: the configuration hash, the record of the mounts its creation makes (`mounts`:
 * always, a removal unmounts only those), the file it is applied from (`source`, as labels.ts recordedSource writes
 * it) when it fits, and the field digests when they fit both META_FIELDS_MAX and what is left of the kernel's
 * `security.jail.meta_maxbufsize` (`metaMax`, NUL included: sys/kern/kern_jailmeta.c refuses a longer value with
 * EFBIG). The source comes before the digests: the warning about another file needs it, while without digests a
 * replacement only names its fields less finely.
 */
export function containerMeta(project: string, c: ContainerSpec, root: string, attachments: Attachment[], hash: string, metaMax: number, mounts: readonly MountRecord[], source?: string): string {
  const length = (from?: string) => jailMeta(project, c.name, hash, mounts, undefined, from).length;
  const from = source !== undefined && length(source) + 1 <= metaMax ? source : undefined;
  // What is left once the NUL and the `:` before the digests are counted.
  const fields = fieldDigests(c.jailName, effectiveConfig(c, root, attachments), Math.min(META_FIELDS_MAX, metaMax - 1 - length(from) - 1));
  return jailMeta(project, c.name, hash, mounts, fields && formatFields(fields), from);
}

/**
 * The room a container's value (containerMeta) has on a host whose security.jail.meta_maxbufsize is `metaMax`: that,
 * or, on a kernel without `meta` (0, before 14.3: kern_jailmeta.c), no kernel limit, in its record (host/jail-record.ts).
 */
export function metaRoom(metaMax: number): number {
  return metaMax > 0 ? metaMax : Number.POSITIVE_INFINITY;
}

/**
 * `jail -c ...` for a container (docs/commands.md "container"); a vnet container's attachments carry their epairs.
 * `meta`: the value of its `meta` parameter (containerMeta), or undefined on a kernel without one (before 14.3:
 * kern_jailmeta.c), where the value is recorded in a file instead (host/jail-record.ts).
 */
export function jailCreateArgv(project: string, c: ContainerSpec, root: string, attachments: Attachment[], meta: string | undefined): string[] {
  const userNames = new Set(c.jailParams.map(paramName));
  // host.hostname is klee's (the loader refuses it in jail_params, "no" spellings too: SET_BY_KLEE, jail8Aliases)
  const argv = ['jail', '-c', `name=${c.jailName}`, `path=${root}`, `host.hostname=${c.hostname}`];
  argv.push('persist', ...(meta !== undefined ? [`meta=${meta}`] : []), `exec.consolelog=${consoleLogPath(project, c.name)}`);
  for (const [name, arg] of DEFAULTS) if (!userNames.has(name)) argv.push(arg(c));
  if (c.driver === 'ipnet') {
    for (const a of attachments) if (a.ip) argv.push(`ip4.addr=${a.interface}|${a.ip}/32`);
    for (const a of attachments) if (a.ip6) argv.push(`ip6.addr=${a.interface}|${a.ip6}/128`);
  } else if (c.driver === 'host') {
    argv.push('ip4=inherit', 'ip6=inherit');
  } else if (c.driver === 'disabled') {
    argv.push('ip4=disable', 'ip6=disable');
  } else {
    argv.push('vnet', `exec.created=${vnetCreated(c.jailName, attachments)}`);
  }
  argv.push(...mountParams(c, root));
  argv.push(...c.jailParams);
  // The environment file, from jail(8)'s standard input (the create command's stdin: envFileText), then the start
  // form: the program under daemon(8), so that jail(8), which waits for command=, returns at once (src/host/program.ts).
  const [sh, ...rest] = startArgv(c);
  argv.push(envWriterParam(c.jailName), `command=${sh}`, ...rest);
  return argv;
}

/**
 * A container's creation: its `jail -c` argv and the value recording it (containerMeta, with the mounts that argv makes
 * and the file applied, `source`).
 * `metaMax`: the kernel's security.jail.meta_maxbufsize; 0 (before 14.3, no `meta` parameter: kern_jailmeta.c) leaves
 * meta= out, and the value, recorded in a file instead (host/jail-record.ts), has no kernel limit on its size.
 */
export function jailCreation(project: string, c: ContainerSpec, root: string, attachments: Attachment[], hash: string, metaMax: number, source?: string): { argv: string[]; value: string } {
  const bare = jailCreateArgv(project, c, root, attachments, undefined);
  const value = containerMeta(project, c, root, attachments, hash, metaRoom(metaMax), createdMounts(bare, root), source);
  if (metaMax <= 0) return { argv: bare, value };
  const at = bare.indexOf('persist') + 1; // klee's own, before any of the user's parameters
  return { argv: [...bare.slice(0, at), `meta=${value}`, ...bare.slice(at)], value };
}
