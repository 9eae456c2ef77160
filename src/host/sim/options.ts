// The sim: URI: PATH and its query options (test controls, documented in docs/simulator.md).
import { UserError } from '../../errors.js';
import { canon6 } from './addr.js';
import { DEFAULT_RELEASE, RELEASES, type Release } from './release.js';
import type { ProgramControl } from './state.js';

/** Parsed `sim:PATH?opts`. */
export interface SimSpec {
  path: string;
  latencyMs: number;
  failNth?: number;
  failMatch?: RegExp;
  hooks: boolean;
  vimage: boolean;
  /** The FreeBSD release of a fresh host (?version=14.2). */
  release: Release;
  missing: string[];
  /** What programs do (prog=PATH:exit=N,after=S,ignore-term,crashes=N,say=TEXT). */
  programs: ProgramControl[];
  /** Simulated seconds per wall-clock second between commands (waits always jump ahead). */
  clockScale: number;
  /** Record every command in the state's trace. */
  trace: boolean;
  /** IPv6 addresses, canonical, whose duplicate address detection fails when an interface gets them. */
  dadFail: string[];
  /** Jail names `jail -r` leaves dying. */
  dying: string[];
}

/** Parse what follows `sim:`, e.g. `/tmp/h.json?latency=20&fail=3`. */
export function parseSimSpec(spec: string): SimSpec {
  const q = spec.indexOf('?');
  const path = q < 0 ? spec : spec.slice(0, q);
  if (!path) throw new UserError('sim: needs a state file path, e.g. sim:/tmp/host.json');
  const params = new URLSearchParams(q < 0 ? '' : spec.slice(q + 1));
  const out: SimSpec = { path, latencyMs: 0, hooks: true, vimage: true, release: DEFAULT_RELEASE, missing: [], programs: [], clockScale: 1, trace: false, dadFail: [], dying: [] };
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
      case 'version':
        if (!(RELEASES as readonly string[]).includes(v)) throw new UserError(`sim: option version must be one of ${RELEASES.join(', ')}, got "${v}"`);
        out.release = v as Release;
        break;
      case 'missing': out.missing = v.split(',').filter(Boolean); break;
      case 'prog': out.programs.push(programControl(v)); break;
      case 'clock-scale':
        if (!/^\d+(\.\d+)?$/.test(v)) throw new UserError(`sim: option clock-scale must be a number >= 0, got "${v}"`);
        out.clockScale = Number(v);
        break;
      case 'trace': out.trace = flag(k, v); break;
      case 'dying': out.dying = v.split(',').filter(Boolean); break;
      case 'dad-fail': out.dadFail = v.split(',').filter(Boolean).map((a) => canon6(a) ?? bad(k, a)); break;
      default: throw new UserError(`sim: unknown option "${k}" (known: latency, fail, fail-match, hooks, vimage, version, missing, prog, clock-scale, trace, dad-fail, dying)`);
    }
  }
  return out;
}

function bad(k: string, v: string): never {
  throw new UserError(`sim: option ${k} takes IPv6 addresses, got "${v}"`);
}

function num(k: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new UserError(`sim: option ${k} must be a whole number, got "${v}"`);
  return Number(v);
}

/** `PATH:exit=N,after=SECONDS,ignore-term,crashes=N,say=TEXT` (docs/simulator.md "Programs"). */
function programControl(v: string): ProgramControl {
  const colon = v.indexOf(':');
  const program = colon < 0 ? v : v.slice(0, colon);
  if (!program) throw new UserError(`sim: prog needs a program, e.g. prog=/usr/local/bin/migrate:exit=0 (got "${v}")`);
  const c: ProgramControl = { program };
  for (const part of colon < 0 ? [] : v.slice(colon + 1).split(',').filter(Boolean)) {
    const eq = part.indexOf('=');
    const [key, val] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    const n = () => {
      if (!/^\d+(\.\d+)?$/.test(val)) throw new UserError(`sim: prog ${program}: ${key} needs a number, got "${val}"`);
      return Number(val);
    };
    switch (key) {
      case 'exit': c.exit = n(); break;
      case 'after': c.after = n(); break;
      case 'crashes': c.crashes = n(); break;
      case 'ignore-term': c.ignoreTerm = true; break;
      case 'say': c.say = val; break;
      default: throw new UserError(`sim: prog ${program}: unknown behaviour "${key}" (known: exit, after, ignore-term, crashes, say)`);
    }
  }
  return c;
}
