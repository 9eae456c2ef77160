// How pfctl lists a loaded rule (-s rules, -s nat): the rule as the kernel holds it after sbin/pfctl/parse.y
// expand_rule made one rule of each combination, printed by pfctl_parser.c print_rule.
import { canon6, parse4 } from './addr.js';
import { SERVICES } from './pf-grammar.js';

const SERVICE_NAMES = new Map(Object.entries(SERVICES).map(([name, port]) => [port, name]));
const UNARY = new Set(['=', '!=', '<', '<=', '>', '>=']);

/**
 * The listing of one checked rule: parse.y expand_rule loops over the interface, protocol, source host, source port,
 * destination host and destination port lists (LOOP_THROUGH, nested in that order, which is the order they appear in
 * the rule), skipping a host of the other address family when the rule has one; a redirect pool after `->` is one
 * pool, not a list to expand. Each rule is then printed as print_rule prints it (normaliseRule).
 */
export function listRule(line: string): string[] {
  const s = redirectPool(line.trim().replace(/\s+/g, ' '));
  return expand(s).filter(sameFamily).map(withFamily).map(normaliseRule);
}

/** A port as getservice reads it: a number, or its /etc/services name. */
const portNumber = (v: string): number => SERVICES[v] ?? Number(v);

/** pool_opts' pool types (print_pool prints the one the rule has). */
const POOL_TYPES = new Set(['round-robin', 'random', 'bitmask', 'source-hash']);

/**
 * A translation rule's redirect pool as the kernel holds it and print_pool prints it: the addresses (a list as
 * `{ a, b }`), the port in numbers, then the pool options. parse.y natrule: proxy_port[0] is the port (rport.a); for
 * rdr, `a:*` (rport.t set, no rport.b) ends at a + (port[1] - port[0]) of the rule's first destination port item
 * ($5.dst.port; u_int16_t), `a:b` at b; print_pool PF_RDR prints ` port %u`, then `:%u` when the end is set and
 * differs. For nat the end is rport.b, else the start, the default range PF_NAT_PROXY_PORT_LOW:HIGH when no port is
 * given, and static-port zeroes both; print_pool PF_NAT prints ` port %u` (equal) or ` port %u:%u`, unless they are
 * the default range or zero. A pool of several addresses, a table, or an interface's addresses (dynaddr without
 * `:0`, DYNIF_MULTIADDR) without a pool type becomes round-robin.
 */
function redirectPool(s: string): string {
  const arrow = s.indexOf(' -> ');
  if (arrow < 0) return s;
  const head = s.slice(0, arrow);
  const rest = s.slice(arrow + 4);
  const list = /^\{([^}]*)\}/.exec(rest);
  const hosts = list ? list[1].split(/[\s,]+/).filter(Boolean) : [rest.split(' ')[0]];
  const after = rest.slice(list ? list[0].length : hosts[0].length).split(' ').filter(Boolean);
  const port = after[0] === 'port' ? after[1] : undefined;
  const opts = after.slice(port === undefined ? 0 : 2);
  const rdr = /^(no )?rdr /.test(s);
  let printed = '';
  if (port !== undefined && !(!rdr && opts.includes('static-port'))) {
    const [a, b] = port.split(':');
    const p1 = portNumber(a);
    let p2 = b === undefined || b === '*' || portNumber(b) === p1 ? 0 : portNumber(b);
    if (rdr && b === '*') {
      // the first destination port item: `port = N`/`port N` is [N, 0], `a:b` and `a >< b` are [a, b]
      const dst = /(?:^| )to .*? port \{? ?(?:(?:!=|<=|>=|=|<|>) )?(\S+?)(?: (?:><|<>) (\S+))?(?:[ ,}]|$)/.exec(head);
      if (dst) {
        const [d0, d1] = dst[2] !== undefined ? [dst[1], dst[2]] : dst[1].split(':');
        p2 = (p1 + ((d1 === undefined ? 0 : portNumber(d1)) - portNumber(d0))) & 0xffff;
      }
    }
    if (rdr || !(p1 === 50001 && p2 === 65535)) printed = ` port ${p2 && p2 !== p1 ? `${p1}:${p2}` : p1}`;
  }
  const multi = hosts.length > 1 || /^<.*>$/.test(hosts[0]) || (/^\(.*\)$/.test(hosts[0]) && !/:0"?\)$/.test(hosts[0]));
  const type = !opts.some((o) => POOL_TYPES.has(o)) && multi ? ['round-robin'] : [];
  const pool = hosts.length > 1 ? `{ ${hosts.join(', ')} }` : hosts[0];
  return `${head} -> ${[pool + printed, ...type, ...opts].join(' ')}`;
}

/** Every rule a `{ ... }` list before `->` stands for, first list outermost. */
function expand(s: string): string[] {
  const arrow = s.indexOf(' -> ');
  const head = arrow >= 0 ? s.slice(0, arrow) : s;
  const open = head.indexOf('{');
  if (open < 0) return [s];
  const close = s.indexOf('}', open);
  const items = s.slice(open + 1, close).split(/[\s,]+/).filter(Boolean);
  return items.flatMap((item) => expand(`${s.slice(0, open)}${item}${s.slice(close + 1)}`.replace(/\s+/g, ' ')));
}

/** The address family of a host literal (`!` and `/len` allowed), if it is one. */
function familyOf(tok: string): 'inet' | 'inet6' | undefined {
  const a = tok.replace(/^!/, '').split('/')[0];
  return parse4(a) !== null ? 'inet' : canon6(a) !== null ? 'inet6' : undefined;
}

/** The host literals after `from` and `to` (before `->`). */
function hosts(toks: string[]): string[] {
  const arrow = toks.indexOf('->');
  const head = arrow >= 0 ? toks.slice(0, arrow) : toks;
  const out: string[] = [];
  for (let k = 0; k < head.length; k++) if ((head[k] === 'from' || head[k] === 'to') && familyOf(head[k + 1] ?? '')) out.push(head[k + 1]);
  return out;
}

/** expand_rule: `if (r->af && src_host->af && src_host->af != r->af) continue;` (and for the destination). */
function sameFamily(s: string): boolean {
  const toks = s.split(' ');
  const af = toks.find((t) => t === 'inet' || t === 'inet6');
  return af === undefined || hosts(toks).every((h) => familyOf(h) === af);
}

/** expand_rule: a rule without an address family takes its hosts' (`r->af = src_host->af`); print_rule prints it before the protocol. */
function withFamily(s: string): string {
  const toks = s.split(' ');
  if (toks.some((t) => t === 'inet' || t === 'inet6')) return s;
  const af = hosts(toks).map(familyOf).find((f) => f !== undefined);
  if (!af) return s;
  const at = toks.findIndex((t) => t === 'proto' || t === 'from' || t === 'to' || t === 'all');
  toks.splice(at, 0, af);
  return toks.join(' ');
}

/**
 * pfctl_parser.c print_port / print_op: a single port is `port = N` (or its operator), by its /etc/services name for
 * `=` and `!=` (getservbyport); a range is `port A:B`, `port A >< B`, `port A <> B`, numbers only.
 */
function ports(toks: string[]): string[] {
  const out: string[] = [];
  const num = (v: string) => String(portNumber(v));
  const arrow = toks.indexOf('->');
  for (let k = 0; k < toks.length; k++) {
    out.push(toks[k]);
    if (toks[k] !== 'port' || (arrow >= 0 && k > arrow)) continue; // the redirect port keeps its plain form
    let v = toks[++k];
    if (toks[k + 1] === '><' || toks[k + 1] === '<>') { out.push(num(v), toks[k + 1], num(toks[k + 2])); k += 2; continue; }
    if (v.includes(':')) { out.push(v.split(':').map(num).join(':')); continue; }
    let op = '=';
    if (UNARY.has(v)) { op = v; v = toks[++k]; }
    const n = Number(num(v));
    out.push(op, op === '=' || op === '!=' ? SERVICE_NAMES.get(n) ?? String(n) : String(n));
  }
  return out;
}

/**
 * pf's listing form of one rule (pfctl_parser.c print_rule): ports as print_port prints them, tags bare, no from/to
 * -> `all`, pass rules for tcp or any protocol get `flags S/SA keep state`, other pass rules `keep state`, `block`
 * gets its return policy (`drop` unless `return...` was given), `log` is printed before `quick` (print_rule prints
 * action, direction, log, quick, on), and the label is printed last.
 */
export function normaliseRule(line: string): string {
  let s = line.trim().replace(/\s+/g, ' ');
  let label = '';
  s = s.replace(/ label ("[^"]*"|\S+)/, (_m, l: string) => { label = ` label ${l.startsWith('"') ? l : `"${l}"`}`; return ''; });
  s = ports(s.split(' ')).join(' ');
  // print_rule prints ` tag %s` and ` tagged %s` bare (only labels are quoted).
  s = s.replace(/ (tag|tagged) "([^"]*)"/g, ' $1 $2');
  if (!/ from | to | all( |$)/.test(s + ' ')) {
    const arrow = s.indexOf(' -> ');
    s = arrow >= 0 ? s.slice(0, arrow) + ' all' + s.slice(arrow) : s + ' all';
  }
  // parse.y: a stateful rule gets `flags S/SA` by default, which expand_rule keeps only for tcp or no protocol at all.
  const tcpOrAny = / proto tcp /.test(s) || !/ proto /.test(s);
  if (/^pass /.test(s) && !/ (keep|no|modulate|synproxy) state/.test(s)) s += tcpOrAny && !/ flags /.test(s) ? ' flags S/SA keep state' : ' keep state';
  if (/^block /.test(s) && !/^block (drop|return)/.test(s)) s = `block drop${s.slice('block'.length)}`;
  s = s.replace(/^((?:pass|block \S+)(?: in| out)?) quick log( |$)/, '$1 log quick$2');
  // print_rule prints interface names bare (`on %s`, print_addr's `(%s)`), however the file quoted them; last, so that
  // an interface named like a keyword (`port`, `all`) is never read as one above.
  s = s.replace(/ on (! )?"([^"]*)"/g, (_m, not: string | undefined, name: string) => ` on ${not ?? ''}${name}`).replace(/\("([^"]*)"\)/g, '($1)');
  return s + label;
}
