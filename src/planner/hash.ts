// Canonical JSON and short sha256 hashes: the configuration record kept in a jail's `meta`, the pf label.
import { createHash } from 'node:crypto';

/** JSON with object keys sorted recursively, so equal values give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  // Loops instead of entries/filter/sort/map chains (it runs once per container per plan); the same text:
  // keys in code-unit order, undefined members left out, an undefined array element as an empty slot ("[1,]").
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const v = value[i] === undefined ? '' : canonicalJson(value[i]);
      out += v === undefined ? '' : v;
    }
    return out + ']';
  }
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o).sort();
    let out = '{';
    for (const k of keys) {
      const v = o[k];
      if (v === undefined) continue;
      if (out.length > 1) out += ',';
      out += `${JSON.stringify(k)}:${canonicalJson(v)}`;
    }
    return out + '}';
  }
  return JSON.stringify(value);
}

/** The first 16 hex digits of sha256(text). */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
