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

/** An address's family where it has one (a literal); any, dynaddr, tables, no-route and self have none (af 0). */
type Family = 'inet' | 'inet6' | undefined;
/** A port item's operator (parse.y PF_OP_*): = != < <= > >=, a range `a:b` (RRG), `><` (IRG), `<>` (XRG). */
type PortOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'rrg' | 'irg' | 'xrg';
/** One side of `fromto`: its host list and its port list, as expand_rule loops through them. */
interface Side { hosts: Family[]; ports: PortOp[] }

/** What one parsed rule holds for its action's checks and for expand_rule's loops. */
interface Rule {
  /** The interfaces of `on` (one when none: LOOP_THROUGH runs a NULL list once). */
  ifaces: number;
  protos: string[];
  src: Side;
  dst: Side;
  af?: 'inet' | 'inet6';
  flags: boolean;
  /** keep, modulate or synproxy state given. */
  keep: boolean;
  returnRst: boolean;
  /** A redirect port (rpool.proxy_port[0]). */
  rpoolPort: boolean;
  /** The redirect pool's hosts (redirspec). */
  pool: Family[];
}

const newRule = (): Rule => ({ ifaces: 1, protos: [], src: { hosts: [], ports: [] }, dst: { hosts: [], ports: [] }, flags: false, keep: false, returnRst: false, rpoolPort: false, pool: [] });

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
  /** `interface`: ON if_item_not | ON '{' if_list '}'; optional. The number of interfaces (one without any). */
  iface(): number {
    if (!this.eat('on')) return 1;
    const item = () => { this.eat('!'); const line = this.line(); this.ifname(this.string(), line); };
    if (!this.eat('{')) { item(); return 1; }
    let n = 0;
    do { item(); n++; this.eat(','); } while (!this.is('}'));
    this.expect('}');
    return n;
  }
  af(r: Rule): void { if (this.is('inet') || this.is('inet6')) r.af = this.toks[this.k++].v as Rule['af']; }
  /** `proto`: PROTO proto_item | PROTO '{' proto_list '}' (protoval: a name getprotobyname knows, or a NUMBER 0-255). */
  proto(r: Rule): void {
    if (!this.eat('proto')) return;
    const item = () => {
      const t = this.peek();
      if (t?.t === 'num') {
        // protoval NUMBER: `if ($1 < 0 || $1 > 255) yyerror("protocol outside range")`
        if (Number(t.v) < 0 || Number(t.v) > 255) throw new PfError(t.line, 'protocol outside range');
        this.k++;
        r.protos.push(t.v);
        return;
      }
      const name = this.string();
      if (!PROTOCOLS.has(name)) throw new PfError(this.line(), `unknown protocol ${name}`);
      r.protos.push(name);
    };
    if (this.eat('{')) { do { item(); this.eat(','); } while (!this.is('}')); this.expect('}'); } else item();
  }
  /**
   * `host`: STRING ['/' NUMBER] | dynaddr | '<' STRING '>' (table); with `x`, `xhost`: [`!`] host | [`!`] NO-ROUTE |
   * [`!`] URPF-FAILED, as ipspec takes it (a redirect pool, redirspec, takes a plain host). Adds the host's family to
   * `hosts`; true for urpf-failed.
   */
  host(hosts: Family[], x = true): boolean {
    if (x) {
      this.eat('!');
      if (this.eat('no-route')) { hosts.push(undefined); return false; }
      if (this.eat('urpf-failed')) { hosts.push(undefined); return true; }
    }
    if (this.eat('(')) { this.dynaddr(); this.expect(')'); hosts.push(undefined); return false; }
    if (this.eat('<')) { this.string(); this.expect('>'); hosts.push(undefined); return false; }
    const line = this.line();
    const a = this.string(true);
    let len: number | undefined;
    if (this.eat('/')) { const n = this.peek(); if (n?.t !== 'num') this.fail(); this.k++; len = Number(n.v); }
    const fam = parse4(a) !== null ? 'inet' : canon6(a) !== null ? 'inet6' : undefined;
    // host(): an address literal with a mask in range (the simulator resolves no host names, and `self` only bare).
    if (fam === undefined ? !(a === 'self' && len === undefined) : len !== undefined && len > (fam === 'inet' ? 32 : 128)) {
      throw new PfError(line, 'could not parse host specification');
    }
    hosts.push(fam);
    return false;
  }
  /**
   * `dynaddr`: '(' STRING ')', an interface's addresses: a name that does not start with a letter is "invalid
   * interface name"; parse.y cuts modifiers off the end at each ':' (strrchr): network, broadcast, peer, 0; another is
   * "interface <what is left> has bad modifier", two of the first three "illegal combination of interface modifiers".
   * That the interface exists is not checked on FreeBSD (`#ifndef __FreeBSD__`): pf takes it when it appears.
   */
  dynaddr(): void {
    const line = this.line();
    let name = this.string();
    if (!/^[A-Za-z]/.test(name)) throw new PfError(line, `invalid interface name '${name}'`); // isalpha(op[0])
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
  /** `ipspec`: ANY | xhost | '{' host_list '}' (any adds no host: a NULL list); true when it names urpf-failed. */
  ipspec(side: Side): boolean {
    if (this.eat('any')) return false;
    if (!this.eat('{')) return this.host(side.hosts);
    let urpf = false;
    do { if (!this.eat('any')) urpf = this.host(side.hosts) || urpf; this.eat(','); } while (!this.is('}'));
    this.expect('}');
    return urpf;
  }
  /**
   * One port, parseport(): getservice (0-65535 or a service name) of it, or of both ends of `a:b` (a range only with
   * PPORT_RANGE; `star` adds PPORT_STAR's `N:*`). True for a range of two different ports (RRG; `a:a` is one port).
   */
  port(v: string, line: number, star = false): boolean {
    const parts = v.split(':');
    if (parts.length > 2) throw new PfError(line, `unknown port ${v}`);
    const values = parts.map((p, n) => {
      if (n === 1 && p === '*' && star) return undefined;
      if (/^\d+$/.test(p)) { if (Number(p) > 65535) throw new PfError(line, `illegal port value ${p}`); return Number(p); }
      if (!(p in SERVICES)) throw new PfError(line, `unknown port ${p}`);
      return SERVICES[p];
    });
    return values.length === 2 && values[1] !== undefined && values[0] !== values[1];
  }
  /** `portspec`: port_item | '{' port_list '}'; port_item: portrange | unaryop portrange | portrange PORTBINARY portrange. */
  portspec(side: Side): void {
    const item = () => {
      const UNARY: Record<string, PortOp> = { '=': 'eq', '!': 'ne', '<': 'lt', '>': 'gt' };
      let op = UNARY[this.peek()?.t === 'char' ? this.peek()!.v : ''];
      if (op !== undefined) {
        this.k++;
        if (op === 'ne') this.expect('=');
        else if (op !== 'eq' && this.eat('=')) op = op === 'lt' ? 'le' : 'ge';
      }
      const line = this.line();
      const range = this.port(this.string(true), line);
      const binary = this.peek()?.t === 'portbinary' ? this.toks[this.k++].v : undefined;
      const range2 = binary !== undefined && this.port(this.string(true), line);
      // port_item: "':' cannot be used with an other port operator"
      if ((op !== undefined || binary !== undefined) && (range || range2)) throw new PfError(line, "':' cannot be used with an other port operator");
      side.ports.push(op ?? (binary === '><' ? 'irg' : binary === '<>' ? 'xrg' : range ? 'rrg' : 'eq'));
    };
    if (this.eat('{')) { do { item(); this.eat(','); } while (!this.is('}')); this.expect('}'); } else item();
  }
  /** `ipportspec`: ipspec [PORT portspec] | PORT portspec; true when the hosts name urpf-failed. */
  ipportspec(side: Side): boolean {
    const urpf = !this.is('port') && this.ipspec(side);
    if (this.eat('port')) this.portspec(side);
    return urpf;
  }
  /** `fromto`: ALL | [FROM ipportspec] [TO ipportspec]; `to` refuses urpf-failed (disallow_urpf_failed). */
  fromto(r: Rule): void {
    if (this.eat('all')) return;
    if (this.eat('from')) this.ipportspec(r.src);
    const line = this.line();
    if (this.eat('to') && this.ipportspec(r.dst)) throw new PfError(line, '"urpf-failed" is not permitted in a destination address');
  }
  /** `tag`/`tagged` STRING: strlcpy into tagname[PF_TAG_NAME_SIZE] (64 with the NUL). */
  tag(): void {
    const line = this.line();
    if (this.string().length >= 64) throw new PfError(line, 'tag too long, max 63 chars');
  }
  /** `filter_opts` klee and pf's own listings use: label, state handling, flags, tag, tagged, rtable. */
  filterOpts(r: Rule): void {
    while (!this.atEnd()) {
      if (this.eat('label')) {
        const line = this.line();
        // rule_label(): PF_RULE_LABEL_SIZE is 64 bytes with the terminating NUL.
        if (this.string().length >= 64) throw new PfError(line, 'rule label too long (max 63 chars)');
      } else if (this.eat('no')) this.expect('state');
      else if (this.eat('keep') || this.eat('modulate') || this.eat('synproxy')) { this.expect('state'); r.keep = true; }
      else if (this.eat('flags')) {
        r.flags = true;
        if (this.eat('any')) continue;
        // flags: flag '/' flag | '/' flag; parse_flags() knows FSRPAUEW
        const flag = () => { const l = this.line(); const f = this.string(); if (!/^[FSRPAUEW]+$/.test(f)) throw new PfError(l, `bad flags ${f}`); };
        if (!this.is('/')) flag();
        if (this.eat('/')) flag();
      } else if (this.eat('tag')) this.tag();
      else if (this.is('!') && this.peek(1)?.v === 'tagged') { this.k++; this.expect('tagged'); this.tag(); }
      else if (this.eat('tagged')) this.tag();
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

/** The check rule_consistent dispatches to for a rule's action: filter_consistent, nat_consistent or rdr_consistent. */
type Consistency = 'filter' | 'nat' | 'rdr';

const TCP = new Set(['tcp', '6']);
const TCP_UDP = new Set(['tcp', 'udp', '6', '17']);

/**
 * One combination's problems (parse.y rule_consistent: pass, match and block rules run filter_consistent, nat and `no
 * nat` nat_consistent, which finds none, rdr and `no rdr` rdr_consistent), in the order they print them.
 */
function problems(check: Consistency, r: Rule, action: string, proto: string | undefined, sport: PortOp | undefined, dport: PortOp | undefined): string[] {
  const out: string[] = [];
  const tcpUdp = proto !== undefined && TCP_UDP.has(proto);
  if (check === 'filter') {
    if (!tcpUdp && (sport || dport)) out.push('port only applies to tcp/udp');
    if (r.returnRst && !(proto !== undefined && TCP.has(proto))) out.push('return-rst can only be applied to TCP rules');
    if (action !== 'pass' && r.keep) out.push('keep state is great, but only for pass rules');
  } else if (check === 'rdr') {
    if (!tcpUdp) {
      if (sport) out.push('src port only applies to tcp/udp');
      if (dport) out.push('dst port only applies to tcp/udp');
      if (r.rpoolPort) out.push('rpool port only applies to tcp/udp');
    }
    if (dport && dport !== 'eq' && dport !== 'rrg') out.push('invalid port operator for rdr destination port');
  }
  return out;
}

/**
 * parse.y expand_rule: one rule per combination of interface, protocol, source host and port, destination host and
 * port (LOOP_THROUGH, an empty list once), a combination whose hosts are of another address family than the rule's
 * (or each other's) skipped; a combination its action's check finds problems with prints them and "skipping rule due
 * to errors"; none added at all, "rule expands to no valid combination". The messages, in order.
 */
function expandRule(r: Rule, check: Consistency, action: string): string[] {
  const out: string[] = [];
  let added = 0;
  const each = <T>(xs: readonly T[]): (T | undefined)[] => (xs.length ? [...xs] : [undefined]);
  for (let i = 0; i < r.ifaces; i++) {
    for (const proto of each(r.protos)) {
      for (const sh of each(r.src.hosts)) {
        for (const sp of each(r.src.ports)) {
          for (const dh of each(r.dst.hosts)) {
            for (const dp of each(r.dst.ports)) {
              if ((r.af && sh && sh !== r.af) || (r.af && dh && dh !== r.af) || (sh && dh && sh !== dh)) continue;
              const found = problems(check, r, action, proto, sp, dp);
              if (found.length) out.push(...found, 'skipping rule due to errors');
              else added++;
            }
          }
        }
      }
    }
  }
  if (!added) out.push('rule expands to no valid combination');
  return out;
}

/**
 * One statement (a line). Its production is parsed (a sub-production's error throws PfError); then its action runs
 * as parse.y's does: `enter` is check_rulestate (it throws when out of order), then the action's own checks (throwing
 * too: YYERROR), then expand_rule, whose messages are returned (each yyerror'd: the load fails).
 */
function statement(p: Parser, enter: (state: number, line: number) => void): { line: number; msg: string }[] {
  const r = newRule();
  const first = p.peek()!;
  if (first.t === 'nl') return [];
  /** The line parse.y reports an action's errors at: yylval.lineno of the lookahead, the statement's newline. */
  const end = () => p.peek()?.line ?? p.line();
  const v = first.t === 'kw' ? first.v : '';
  if (v === 'pass' || v === 'match' || v === 'block') {
    // pfrule: action dir logquick interface route af proto fromto filter_opts
    p.k++;
    if (v === 'block') {
      for (const b of ['drop', 'return-rst', 'return-icmp6', 'return-icmp', 'return']) if (p.eat(b)) { r.returnRst = b === 'return-rst'; break; }
    }
    if (!p.eat('in')) p.eat('out');
    const log = () => { if (p.eat('log')) { if (p.is('(')) p.fail(); return true; } return false; };
    if (log()) p.eat('quick'); else if (p.eat('quick')) log();
    r.ifaces = p.iface();
    p.af(r);
    p.proto(r);
    p.fromto(r);
    p.filterOpts(r);
    const line = end();
    enter(STATE.filter, line);
    // pfrule: flags given and no protocol of the list tcp is "flags only apply to tcp" (YYERROR, before expand_rule).
    if (r.flags && r.protos.length > 0 && !r.protos.some((x) => TCP.has(x))) throw new PfError(line, 'flags only apply to tcp');
    return expandRule(r, 'filter', v).map((msg) => ({ line, msg }));
  }
  if (v === 'nat' || v === 'rdr' || v === 'no') {
    // natrule: nataction interface af proto fromto tag tagged rtable redirpool pool_opts
    // nataction: no NAT natpasslog | no RDR natpasslog; natpasslog: [PASS [log] | log]
    const no = p.eat('no');
    const kind = p.peek()?.v;
    if (kind !== 'nat' && kind !== 'rdr') p.fail();
    p.k++;
    const log = () => { if (p.eat('log')) { if (p.is('(')) p.fail(); } };
    const pass = p.eat('pass');
    log();
    if (no && pass) throw new PfError(p.line(), '"pass" not valid with "no"');
    r.ifaces = p.iface();
    p.af(r);
    p.proto(r);
    p.fromto(r);
    if (p.eat('tag')) p.tag();
    if (p.eat('!')) p.expect('tagged');
    if (p.eat('tagged')) p.tag();
    if (p.eat('rtable') && p.peek()?.t === 'num') p.k++;
    let redirect = false;
    if (p.peek()?.t === 'arrow') {
      // redirpool: ARROW redirspec [PORT portstar]; redirspec: host | '{' redir_host_list '}' (a plain host: no `!`, no-route)
      p.k++;
      redirect = true;
      if (p.eat('{')) { do { p.host(r.pool, false); p.eat(','); } while (!p.is('}')); p.expect('}'); } else p.host(r.pool, false);
      // portstar: parseport with PPORT_RANGE | PPORT_STAR
      if (p.eat('port')) { const l = p.line(); p.port(p.string(true), l, true); r.rpoolPort = true; }
    }
    for (const o of ['round-robin', 'random', 'bitmask', 'source-hash', 'static-port', 'sticky-address']) p.eat(o); // pool_opts
    if (!p.atEnd()) p.fail();
    const line = end();
    enter(STATE.nat, line);
    if (no && redirect) throw new PfError(line, "translation rule with 'no' does not need '->'");
    if (!no && !redirect) throw new PfError(line, "translation rule requires '-> address'");
    // natrule: the rule's family is given, else its first source host's, else its first destination host's, else the
    // first redirect host's; remove_invalid_hosts drops redirect hosts of another; invalid_redirect: none left.
    r.af ??= r.src.hosts[0] ?? r.dst.hosts[0];
    if (redirect) {
      r.af ??= r.pool.find((f) => f !== undefined);
      if (!r.pool.some((f) => !r.af || !f || f === r.af)) throw new PfError(line, 'no translation address with matching address family found.');
    }
    return expandRule(r, kind === 'nat' ? 'nat' : 'rdr', kind).map((msg) => ({ line, msg }));
  }
  if (v === 'anchor') {
    // anchorrule: ANCHOR anchorname dir quick interface af proto fromto filter_opts pfa_anchor (an inline '{' body is not modelled)
    p.k++;
    const name = p.peek()?.t === 'str' ? p.string() : undefined;
    if (!p.eat('in')) p.eat('out');
    p.eat('quick');
    p.iface();
    p.af(r);
    p.proto(r);
    p.fromto(r);
    p.filterOpts(r);
    const line = end();
    enter(STATE.filter, line);
    if (name === undefined) throw new PfError(line, 'anchors without explicit rules must specify a name');
    if (name.startsWith('_') || name.includes('/_')) throw new PfError(line, "anchor names beginning with '_' are reserved for internal use");
    return [];
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
    enter(STATE.nat, end());
    return [];
  }
  return p.fail();
}

/**
 * Check rule text as `pfctl -f` parses it: every error as parse.y's yyerror prints it (`stdin:N: message`): a
 * statement's production stops at its first (YYERROR), expand_rule reports each combination's, and parsing goes on
 * after each statement (the grammar's `ruleset error '\n'` recovery). Empty = loadable.
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
    // check_rulestate(): a statement of an earlier section after a later one is refused; the state stays.
    const enter = (want: number, line: number) => {
      if (rulestate > want) throw new PfError(line, ORDER);
      rulestate = want;
    };
    try {
      for (const m of statement(p, enter)) errors.push(`${file}:${m.line}: ${m.msg}`);
    } catch (e) {
      if (!(e instanceof PfError)) throw e;
      errors.push(`${file}:${e.line}: ${e.message}`);
    }
    start = end + 1;
  }
  if (lexed.error) errors.push(`${file}:${lexed.error.line}: ${lexed.error.msg}`);
  return errors;
}
