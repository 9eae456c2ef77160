// The pf.conf statements klee loads, checked as sbin/pfctl/parse.y checks them: the productions of filter rules
// (pfrule), translation rules (natrule) and anchor hooks (anchorrule), the statement order (check_rulestate), and the
// consistency checks their actions run. Valid pf that this subset does not model is refused with a message that says
// so: the simulator never accepts a rule it did not check.
import { canon6, parse4 } from './addr.js';
import { lexPf, type Token } from './pf-lex.js';

/** parse.y PFCTL_STATE_*: the statement order pf.conf(5) "STATEMENT ORDER" prescribes. */
const STATE = { option: 1, ether: 2, scrub: 3, queue: 4, nat: 5, filter: 6 } as const;

/** parse.y check_rulestate(). */
const ORDER = 'Rules must be in order: options, ethernet, normalization, queueing, translation, filtering';

/**
 * getservice() resolves names through /etc/services, and pfctl lists ports by those names: the entries a FreeBSD base
 * system has for common ports (its /etc/services is IANA's list; the rest of it is not modelled, docs/simulator.md).
 */
export const SERVICES: Record<string, number> = {
  ftp: 21, ssh: 22, telnet: 23, smtp: 25, domain: 53, http: 80, pop3: 110, ntp: 123, imap: 143, snmp: 161, ldap: 389, https: 443,
  submission: 587, imaps: 993, pop3s: 995, mysql: 3306, postgresql: 5432, 'http-alt': 8080,
};
/** getprotobyname() through /etc/protocols: the protocols a rule names. */
const PROTOCOLS = new Set(['ip', 'icmp', 'igmp', 'tcp', 'udp', 'ipv6', 'gre', 'esp', 'ah', 'icmp6', 'ipv6-icmp', 'ospf', 'pim', 'carp', 'sctp', 'pfsync']);

/** A rule that is wrong: parse.y's yyerror text and the line. */
class PfError extends Error {
  constructor(readonly line: number, msg: string) { super(msg); }
}

/** What one parsed rule holds for the consistency checks its production's action runs. */
interface Rule { protos: string[]; ports: boolean; flags: boolean; af?: 'inet' | 'inet6'; hosts: ('inet' | 'inet6')[] }

class Parser {
  k = 0;
  constructor(private readonly toks: Token[]) {}

  peek(n = 0): Token | undefined { return this.toks[this.k + n]; }
  line(): number { return this.peek()?.line ?? this.toks.at(-1)?.line ?? 1; }
  is(v: string): boolean { const t = this.peek(); return t !== undefined && t.t !== 'str' && t.t !== 'num' && t.v === v; }
  eat(v: string): boolean { if (!this.is(v)) return false; this.k++; return true; }
  /** A token parse.y does not accept here: `syntax error` (yacc), or the simulator's own limit for valid pf it does not model. */
  fail(): never {
    const t = this.peek();
    if (t?.t === 'kw' && !MODELLED.has(t.v)) throw new PfError(t.line, `the simulator does not model pf's "${t.v}" here (docs/simulator.md)`);
    throw new PfError(this.line(), 'syntax error');
  }
  expect(v: string): void { if (!this.eat(v)) this.fail(); }
  /** STRING (quoted or bare; numberstring also takes a NUMBER). */
  string(numbers = false): string {
    const t = this.peek();
    if (t && (t.t === 'str' || (numbers && t.t === 'num'))) { this.k++; return t.v; }
    return this.fail();
  }
  atEnd(): boolean { const t = this.peek(); return t === undefined || t.t === 'nl'; }

  /** An interface name: if_item and dynaddr strlcpy it into ifname[IFNAMSIZ] (16 with the NUL). */
  ifname(name: string, line: number): void {
    if (name.length >= 16) throw new PfError(line, 'interface name too long');
  }
  /** `interface`: ON if_item_not | ON '{' if_list '}'; optional. */
  iface(): void {
    if (!this.eat('on')) return;
    const item = () => { this.eat('!'); const line = this.line(); this.ifname(this.string(), line); };
    if (this.eat('{')) { do { item(); this.eat(','); } while (!this.is('}')); this.expect('}'); } else item();
  }
  af(r: Rule): void { if (this.is('inet') || this.is('inet6')) r.af = this.toks[this.k++].v as Rule['af']; }
  /** `proto`: PROTO proto_item | PROTO '{' proto_list '}' (protoval: a name getprotobyname knows, or a number). */
  proto(r: Rule): void {
    if (!this.eat('proto')) return;
    const item = () => {
      const t = this.peek();
      if (t?.t === 'num' && Number(t.v) <= 255) { this.k++; r.protos.push(t.v); return; }
      const name = this.string();
      if (!PROTOCOLS.has(name)) throw new PfError(this.line(), `unknown protocol ${name}`);
      r.protos.push(name);
    };
    if (this.eat('{')) { do { item(); this.eat(','); } while (!this.is('}')); this.expect('}'); } else item();
  }
  /** `host`: STRING ['/' NUMBER] | '(' STRING ')' (dynaddr) | '<' STRING '>' (table); `xhost` allows a leading '!'. */
  host(r: Rule): void {
    this.eat('!');
    if (this.eat('(')) { this.dynaddr(); this.expect(')'); return; }
    if (this.eat('<')) { this.string(); this.expect('>'); return; }
    if (this.eat('no-route') || this.eat('urpf-failed')) return;
    const line = this.line();
    const a = this.string(true);
    let len: number | undefined;
    if (this.eat('/')) { const n = this.peek(); if (n?.t !== 'num') this.fail(); this.k++; len = Number(n.v); }
    const fam = parse4(a) !== null ? 'inet' : canon6(a) !== null ? 'inet6' : undefined;
    // host(): an address literal with a mask in range (the simulator resolves no host names, and `self` only bare).
    if (fam === undefined ? !(a === 'self' && len === undefined) : len !== undefined && len > (fam === 'inet' ? 32 : 128)) {
      throw new PfError(line, 'could not parse host specification');
    }
    if (fam) r.hosts.push(fam);
  }
  /**
   * `dynaddr`: '(' STRING ')', an interface's addresses. parse.y cuts modifiers off the end at each ':' (strrchr):
   * network, broadcast, peer, 0; another is "interface <what is left> has bad modifier", two of the first three
   * "illegal combination of interface modifiers". That the interface exists is not checked on FreeBSD (`#ifndef
   * __FreeBSD__`): pf takes it when it appears.
   */
  dynaddr(): void {
    const line = this.line();
    let name = this.string();
    const modes = new Set<string>();
    for (let at = name.lastIndexOf(':'); at >= 0; at = name.lastIndexOf(':')) {
      const m = name.slice(at + 1);
      if (m === 'network' || m === 'broadcast' || m === 'peer') modes.add(m);
      else if (m !== '0') throw new PfError(line, `interface ${name} has bad modifier`);
      name = name.slice(0, at);
    }
    if (modes.size > 1) throw new PfError(line, 'illegal combination of interface modifiers');
    this.ifname(name, line);
  }
  /** `ipspec`: ANY | xhost | '{' host_list '}'. */
  ipspec(r: Rule): void {
    if (this.eat('any')) return;
    if (this.eat('{')) { do { this.host(r); this.eat(','); } while (!this.is('}')); this.expect('}'); return; }
    this.host(r);
  }
  /** One port (getservice: 0-65535 or a service name); `star` allows parse.y's PPORT_STAR `N:*`. */
  port(v: string, line: number, star = false): void {
    const parts = v.split(':');
    if (parts.length > 2) throw new PfError(line, `unknown port ${v}`);
    for (const [n, p] of parts.entries()) {
      if (n === 1 && p === '*' && star) continue;
      if (/^\d+$/.test(p)) { if (Number(p) > 65535) throw new PfError(line, `illegal port value ${p}`); } else if (!(p in SERVICES)) throw new PfError(line, `unknown port ${p}`);
    }
  }
  /** `portspec`: port_item | '{' port_list '}'; port_item: [unaryop] portrange | portrange PORTBINARY portrange. */
  portspec(r: Rule): void {
    r.ports = true;
    const item = () => {
      if (this.eat('=') || this.eat('<') || this.eat('>')) this.eat('=');
      else if (this.eat('!')) this.expect('=');
      const line = this.line();
      this.port(this.string(true), line);
      if (this.peek()?.t === 'portbinary') { this.k++; this.port(this.string(true), line); }
    };
    if (this.eat('{')) { do { item(); this.eat(','); } while (!this.is('}')); this.expect('}'); } else item();
  }
  /** `ipportspec`: ipspec [PORT portspec] | PORT portspec. */
  ipportspec(r: Rule): void {
    if (!this.is('port')) this.ipspec(r);
    if (this.eat('port')) this.portspec(r);
  }
  /** `fromto`: ALL | [FROM ipportspec] [TO ipportspec]. */
  fromto(r: Rule): void {
    if (this.eat('all')) return;
    if (this.eat('from')) this.ipportspec(r);
    if (this.eat('to')) this.ipportspec(r);
  }
  /** `filter_opts` klee and pf's own listings use: label, state handling, flags, tag, tagged, rtable. */
  filterOpts(r: Rule): void {
    while (!this.atEnd()) {
      if (this.eat('label')) {
        const line = this.line();
        // rule_label(): PF_RULE_LABEL_SIZE is 64 bytes with the terminating NUL.
        if (this.string().length >= 64) throw new PfError(line, 'rule label too long (max 63 chars)');
      } else if (this.eat('no') || this.eat('keep') || this.eat('modulate') || this.eat('synproxy')) this.expect('state');
      else if (this.eat('flags')) {
        r.flags = true;
        if (this.eat('any')) continue;
        // flags: flag '/' flag | '/' flag; parse_flags() knows FSRPAUEW
        const flag = () => { const l = this.line(); const f = this.string(); if (!/^[FSRPAUEW]+$/.test(f)) throw new PfError(l, `bad flags ${f}`); };
        if (!this.is('/')) flag();
        if (this.eat('/')) flag();
      } else if (this.eat('tag')) this.string();
      else if (this.is('!') && this.peek(1)?.v === 'tagged') { this.k++; this.expect('tagged'); this.string(); }
      else if (this.eat('tagged')) this.string();
      else if (this.eat('rtable')) { if (this.peek()?.t !== 'num') this.fail(); this.k++; }
      else this.fail();
    }
  }
}

/** The keywords this subset parses; any other pf keyword is valid pf it does not model. */
const MODELLED = new Set(['all', 'any', 'anchor', 'nat-anchor', 'rdr-anchor', 'binat-anchor', 'block', 'drop', 'return', 'return-rst',
  'return-icmp', 'return-icmp6', 'flags', 'from', 'in', 'inet', 'inet6', 'keep', 'label', 'log', 'match', 'modulate', 'nat',
  'no', 'no-route', 'on', 'out', 'pass', 'port', 'proto', 'quick', 'rdr', 'round-robin', 'random', 'bitmask', 'source-hash',
  'static-port', 'sticky-address', 'rtable', 'state', 'synproxy', 'tag', 'tagged', 'to', 'urpf-failed']);

/** rule_consistent / filter_consistent / rdr_consistent and expand_rule's checks, with the line to report them at. */
function consistent(r: Rule, line: number): void {
  const tcpUdp = r.protos.length > 0 && r.protos.every((p) => p === 'tcp' || p === 'udp' || p === '6' || p === '17');
  if (r.ports && !tcpUdp) throw new PfError(line, 'port only applies to tcp/udp');
  if (r.flags && r.protos.length > 0 && !r.protos.some((p) => p === 'tcp' || p === '6')) throw new PfError(line, 'flags only apply to tcp');
  // expand_rule(): with an address family given, hosts of the other family are dropped; none left is no rule at all.
  if (r.af && r.hosts.length > 0 && r.hosts.every((h) => h !== r.af)) throw new PfError(line, 'rule expands to no valid combination');
}

/** One statement (a line): its parse.y state, after checking its production; throws PfError. */
function statement(p: Parser): number | undefined {
  const line = p.line();
  const r: Rule = { protos: [], ports: false, flags: false, hosts: [] };
  const first = p.peek()!;
  if (first.t === 'nl') return undefined;
  const v = first.t === 'kw' ? first.v : '';
  if (v === 'pass' || v === 'match' || v === 'block') {
    // pfrule: action dir logquick interface route af proto fromto filter_opts
    p.k++;
    if (v === 'block') for (const b of ['drop', 'return-rst', 'return-icmp6', 'return-icmp', 'return']) if (p.eat(b)) break;
    if (!p.eat('in')) p.eat('out');
    const log = () => { if (p.eat('log')) { if (p.is('(')) p.fail(); return true; } return false; };
    if (log()) p.eat('quick'); else if (p.eat('quick')) log();
    p.iface();
    p.af(r);
    p.proto(r);
    p.fromto(r);
    p.filterOpts(r);
    consistent(r, line);
    return STATE.filter;
  }
  if (v === 'nat' || v === 'rdr' || v === 'no') {
    // natrule: nataction interface af proto fromto tag tagged rtable redirpool pool_opts; nataction: [no] NAT|RDR natpasslog
    const no = p.eat('no');
    const kind = p.peek()?.v;
    if (kind !== 'nat' && kind !== 'rdr') p.fail();
    p.k++;
    if (p.eat('pass') && p.eat('log') && p.is('(')) p.fail();
    p.iface();
    p.af(r);
    p.proto(r);
    p.fromto(r);
    if (p.eat('tag')) p.string();
    if (p.eat('!')) p.expect('tagged');
    if (p.eat('tagged')) p.string();
    if (p.eat('rtable') && p.peek()?.t === 'num') p.k++;
    let redirect = false;
    if (p.peek()?.t === 'arrow') {
      p.k++;
      redirect = true;
      if (p.eat('{')) { do { p.host(r); p.eat(','); } while (!p.is('}')); p.expect('}'); } else p.host(r);
      // redirpool: ARROW redirspec PORT portstar (parseport with PPORT_RANGE | PPORT_STAR)
      if (p.eat('port')) { const l = p.line(); p.port(p.string(true), l, true); r.ports = true; }
    }
    for (const o of ['round-robin', 'random', 'bitmask', 'source-hash', 'static-port', 'sticky-address']) p.eat(o); // pool_opts
    if (!p.atEnd()) p.fail();
    if (no && redirect) throw new PfError(line, "translation rule with 'no' does not need '->'");
    if (!no && !redirect) throw new PfError(line, "translation rule requires '-> address'");
    consistent(r, line);
    return STATE.nat;
  }
  if (v === 'anchor') {
    // anchorrule: ANCHOR anchorname dir quick interface af proto fromto filter_opts pfa_anchor (an inline '{' body is not modelled)
    p.k++;
    const name = p.peek()?.t === 'str' ? p.string() : undefined;
    if (name === undefined) throw new PfError(line, 'anchors without explicit rules must specify a name');
    if (name.startsWith('_') || name.includes('/_')) throw new PfError(line, "anchor names beginning with '_' are reserved for internal use");
    if (!p.eat('in')) p.eat('out');
    p.eat('quick');
    p.iface();
    p.af(r);
    p.proto(r);
    p.fromto(r);
    p.filterOpts(r);
    return STATE.filter;
  }
  if (v === 'nat-anchor' || v === 'rdr-anchor' || v === 'binat-anchor') {
    // NATANCHOR string interface af proto fromto rtable (and RDRANCHOR, BINATANCHOR)
    p.k++;
    p.string();
    p.iface();
    p.af(r);
    p.proto(r);
    p.fromto(r);
    if (p.eat('rtable') && p.peek()?.t === 'num') p.k++;
    if (!p.atEnd()) p.fail();
    return STATE.nat;
  }
  return p.fail();
}

/**
 * Check rule text as `pfctl -f` parses it: every error as parse.y's yyerror prints it (`stdin:N: message`), one per
 * statement, parsing going on after each (the grammar's `ruleset error '\n'` recovery). Empty = loadable.
 */
export function checkPfRules(text: string, file = 'stdin'): string[] {
  const lexed = lexPf(text);
  const errors: string[] = [];
  let rulestate = 0;
  const toks = lexed.tokens;
  let start = 0;
  while (start < toks.length) {
    let end = start;
    while (end < toks.length && toks[end].t !== 'nl') end++;
    const p = new Parser(toks.slice(start, end + 1));
    try {
      const want = statement(p);
      // check_rulestate(): a statement of an earlier section after a later one is refused; the state stays.
      if (want !== undefined) {
        if (rulestate > want) throw new PfError(toks[start].line, ORDER);
        rulestate = want;
      }
    } catch (e) {
      if (!(e instanceof PfError)) throw e;
      errors.push(`${file}:${e.line}: ${e.message}`);
    }
    start = end + 1;
  }
  if (lexed.error) errors.push(`${file}:${lexed.error.line}: ${lexed.error.msg}`);
  return errors;
}
