// Parse `jls --libxo=json` in its -n (every parameter), -v and default shapes into Jail records (usr.sbin/jls/jls.c).
import { hostText } from '../quote.js';
import type { Jail } from '../types.js';
import { UserError } from '../../errors.js';
import { bool, int, list, oneOf, str, type Check } from '../shape.js';
import { dict } from '../../dict.js';

type Value = string | boolean | string[];

/**
 * The value shapes jls prints (usr.sbin/jls/jls.c): with -n every parameter is a string but booleans (JSON true/false)
 * and ip4.addr/ip6.addr (lists, xo_open_list); -v and the default form print jid and cpusetid as numbers and
 * ipv4_addrs/ipv6_addrs as lists. Anything else (ip4.addr as a string, an object, null) is a shape klee does not know:
 * the probe is refused rather than read by guessing (a string taken for no addresses planned a replacement).
 */
const ADDRESS_LISTS = new Set(['ip4.addr', 'ip6.addr', 'ipv4_addrs', 'ipv6_addrs']);
const NUMBERS = new Set(['jid', 'cpusetid']);
const numericString: Check = (v, at) => (typeof v === 'string' && /^-?\d+$/.test(v) ? undefined : at);
const valueShape = (key: string): Check =>
  ADDRESS_LISTS.has(key) ? list(str) : NUMBERS.has(key) ? oneOf('a number', int, numericString) : oneOf('a string, true or false', str, bool);

/** Parse jls libxo JSON; `source` names the command in messages. Accepts __version 1 and 2, -n and -v shapes, unnamed jails. */
export function parseJls(text: string, source = 'jls -n --libxo=json'): Jail[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UserError(`\`${source}\` printed invalid JSON: ${(e as Error).message}`);
  }
  // jls prints its container even with no jail ({"jail-information": {"jail": []}}, usr.sbin/jls/jls.c xo_open_container
  // "jail-information" / xo_open_list "jail"): without it this is not jls output, and "no jails" would be a guess.
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || !Object.hasOwn(doc, 'jail-information')) {
    throw new UserError(`\`${source}\` printed JSON without "jail-information": not jls output`);
  }
  const info = (doc as { 'jail-information': unknown })['jail-information'];
  if (info === null || typeof info !== 'object' || Array.isArray(info)) throw new UserError(`\`${source}\`: "jail-information" is not a map`);
  const jails = (info as { jail?: unknown }).jail;
  if (jails === undefined) return [];
  if (!Array.isArray(jails)) throw new UserError(`\`${source}\`: "jail-information.jail" is not a list`);
  return jails.map((raw, i) => toJail(raw as Record<string, unknown>, i, source));
}

function toJail(raw: Record<string, unknown>, i: number, source: string): Jail {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new UserError(`\`${source}\`: jail #${i + 1} is not an object`);
  const named = typeof raw.name === 'string' ? ` (${hostText(raw.name)})` : '';
  const params = dict<Value>();
  for (const [k, v] of Object.entries(raw)) {
    const bad = valueShape(k)(v, `"${k}"`);
    if (bad) throw new UserError(`\`${source}\`: jail #${i + 1}${named}: ${bad}: not a shape jls prints`, 'klee plans only from output it can read exactly; run the command on the host to see what it prints');
    params[k] = Array.isArray(v) ? v : typeof v === 'boolean' ? v : String(v);
  }
  // jls prints jid unless asked for other parameters only (`jls name meta`, fixture 24): 0 then (never a real jail's jid).
  const jid = params.jid === undefined ? 0 : Number(params.jid);
  if (!Number.isInteger(jid)) throw new UserError(`\`${source}\`: jail #${i + 1} has a non-numeric jid ${hostText(String(params.jid))}`);
  const str = (k: string) => (typeof params[k] === 'string' ? (params[k] as string) : undefined);
  const arr = (k: string) => (Array.isArray(params[k]) ? (params[k] as string[]) : []);
  // -n: ip4.addr/ip6.addr; -v: ipv4_addrs/ipv6_addrs (version "1" put IPv6 into ipv4_addrs); default: "ipv4" string.
  const addrs = [...arr('ip4.addr'), ...arr('ip6.addr'), ...arr('ipv4_addrs'), ...arr('ipv6_addrs')];
  const v4 = str('ipv4');
  if (v4 && v4 !== '-') addrs.push(...v4.split(/[\s,]+/).filter((a) => a !== ''));
  const clean = addrs.map(stripAddr);
  const vnet = params.vnet;
  const state = str('state');
  const jail: Jail = {
    jid,
    // A jail created without name= is named after its jid (fixture 21).
    name: str('name') ?? String(jid),
    path: str('path') ?? '',
    hostname: str('host.hostname') ?? str('hostname') ?? '',
    vnet: vnet === true || vnet === 'new' || vnet === '1',
    ip4: uniq(clean.filter((a) => !a.includes(':'))),
    ip6: uniq(clean.filter((a) => a.includes(':'))),
    params,
  };
  if (params.dying === true || state === 'DYING') jail.dying = true;
  else if (params.dying === false || state === 'ACTIVE') jail.dying = false;
  return jail;
}

/** `em0|10.0.0.2/24` -> `10.0.0.2` (jail(8) ip4.addr syntax; jls itself prints plain addresses). */
function stripAddr(a: string): string {
  const bar = a.lastIndexOf('|');
  const s = bar >= 0 ? a.slice(bar + 1) : a;
  return s.split('/')[0].trim();
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}
