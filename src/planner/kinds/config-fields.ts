// Per-field digests of a container's configuration, kept in its jail's `meta` next to the configuration hash, so that
// a replacement names the field that changed (`env.WORKERS`, `command`, `mounts[1]`) without a value on the host.
import type { EffectiveConfig } from './jail-argv.js';
import { canonicalJson } from '../hash.js';

/** Digests by field name ("env.WORKERS": "3f"). */
export type FieldDigests = Record<string, string>;

/** The per-item fields that fold into one (`env`, `mounts`, `networks`) when the per-item digests do not fit. */
const GROUPS = ['env', 'mounts', 'networks'] as const;
type Group = (typeof GROUPS)[number];

/** Field names as the file spells them, where the effective configuration's differ. */
const FILE_NAMES: Record<string, string> = { root: 'path', jailParams: 'jail_params' };

/**
 * The fields recorded per container, with their values: every part of the effective configuration (the hash's
 * input, so that a changed hash has a changed field), env, mounts and networks per item unless folded.
 */
function fieldValues(cfg: EffectiveConfig, folded: ReadonlySet<Group>): [string, unknown][] {
  const { env, mounts, networks, ...scalars } = cfg;
  const items: Record<Group, [string, unknown][]> = {
    env: Object.keys(env).sort().map((k) => [`env.${k}`, env[k]]),
    mounts: mounts.map((m, i) => [`mounts[${i}]`, m]),
    networks: networks.map((n) => [`networks.${n.network}`, n]),
  };
  const out = Object.entries(scalars).filter(([, v]) => v !== undefined).map(([k, v]): [string, unknown] => [FILE_NAMES[k] ?? k, v]);
  for (const g of GROUPS) {
    if (!folded.has(g)) out.push(...items[g]);
    else if (items[g].length) out.push([g, items[g]]);
  }
  return out;
}

/**
 * A field's digest: 8 bits of a 32-bit FNV-1a hash over the jail name (project and container), the field and its
 * value. Short on purpose: it tells a changed field from an unchanged one (a change goes unnoticed here once in 256,
 * and the plan then says "configuration changed", as the full hash still differs), and says next to nothing about a
 * value, even a guessable one; 8 bits need no cryptographic hash, and a fresh plan computes one per field per container.
 */
function digest(jail: string, field: string, value: unknown): string {
  const text = `${jail}\0${field}\0${canonicalJson(value)}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return ((h ^ (h >>> 8) ^ (h >>> 16) ^ (h >>> 24)) & 0xff).toString(16).padStart(2, '0');
}

/** The digests of a container's fields (its jail's name and effective configuration), with the given groups folded. */
function digests(jail: string, cfg: EffectiveConfig, folded: ReadonlySet<Group>): FieldDigests {
  return Object.fromEntries(fieldValues(cfg, folded).map(([f, v]) => [f, digest(jail, f, v)]));
}

/** The digests as the meta parameter holds them: `field=digest` joined by ",". */
export function formatFields(d: FieldDigests): string {
  return Object.entries(d).map(([f, v]) => `${f}=${v}`).join(',');
}

/** The finest digests whose text fits `budget` characters (per item, then env, mounts and networks folded), or none. */
export function fieldDigests(jail: string, cfg: EffectiveConfig, budget: number): FieldDigests | undefined {
  for (let n = 0; n <= GROUPS.length; n++) {
    const d = digests(jail, cfg, new Set(GROUPS.slice(0, n)));
    if (formatFields(d).length <= budget) return d;
  }
  return undefined;
}

/**
 * The fields whose digest differs between those recorded on the host and the file's (computed with the same groups
 * folded), in the file's order, then those the file no longer has.
 */
export function changedFields(recorded: FieldDigests, jail: string, cfg: EffectiveConfig): string[] {
  const now = digests(jail, cfg, new Set(GROUPS.filter((g) => Object.hasOwn(recorded, g))));
  const changed = Object.keys(now).filter((f) => !Object.hasOwn(recorded, f) || recorded[f] !== now[f]);
  return [...changed, ...Object.keys(recorded).filter((f) => !Object.hasOwn(now, f))];
}
