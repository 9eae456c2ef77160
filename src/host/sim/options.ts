// The sim: URI: PATH and its query options (test controls, documented in docs/simulator.md).
import { UserError } from '../../errors.js';

/** Parsed `sim:PATH?opts`. */
export interface SimSpec {
  path: string;
  latencyMs: number;
  failNth?: number;
  failMatch?: RegExp;
  hooks: boolean;
  vimage: boolean;
  meta: boolean;
  missing: string[];
}

/** Parse what follows `sim:`, e.g. `/tmp/h.json?latency=20&fail=3`. */
export function parseSimSpec(spec: string): SimSpec {
  const q = spec.indexOf('?');
  const path = q < 0 ? spec : spec.slice(0, q);
  if (!path) throw new UserError('sim: needs a state file path, e.g. sim:/tmp/host.json');
  const params = new URLSearchParams(q < 0 ? '' : spec.slice(q + 1));
  const out: SimSpec = { path, latencyMs: 0, hooks: true, vimage: true, meta: true, missing: [] };
  const flag = (k: string, v: string): boolean => {
    if (v !== '0' && v !== '1') throw new UserError(`sim: option ${k} must be 0 or 1, got "${v}"`);
    return v === '1';
  };
  for (const [k, v] of params) {
    switch (k) {
      case 'latency': out.latencyMs = num(k, v); break;
      case 'fail': out.failNth = num(k, v); break;
      case 'fail-match':
        try { out.failMatch = new RegExp(v); } catch { throw new UserError(`sim: fail-match is not a valid regular expression: ${v}`); }
        break;
      case 'hooks': out.hooks = flag(k, v); break;
      case 'vimage': out.vimage = flag(k, v); break;
      case 'meta': out.meta = flag(k, v); break;
      case 'missing': out.missing = v.split(',').filter(Boolean); break;
      default: throw new UserError(`sim: unknown option "${k}" (known: latency, fail, fail-match, hooks, vimage, meta, missing)`);
    }
  }
  return out;
}

function num(k: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new UserError(`sim: option ${k} must be a whole number, got "${v}"`);
  return Number(v);
}
