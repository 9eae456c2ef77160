// Parse `ifconfig -a` text into Interface records (sbin/ifconfig: ifconfig.c status(), af_inet.c, af_inet6.c, ifbridge.c).
import { hostText } from '../quote.js';
import type { Inet4, Inet6, Inet6Flag, Interface, InterfaceKind } from '../types.js';
import { UserError } from '../../errors.js';
import { netmaskToPrefixlen } from './netmask.js';
import { firstWord, hasSpace, isSpace, skipSpace, skipWord, words } from './words.js';

/** Result of parsing `ifconfig -a`: every interface found, and problems that did not stop parsing. */
export interface IfconfigParse {
  interfaces: Interface[];
  warnings: string[];
  /** The warnings that mean something was NOT read (a line ignored, an address dropped, a cut-off line): planning refuses these. */
  incomplete: string[];
}

/** The interface being read and what its lines showed that the Interface record does not keep. */
interface Draft {
  itf: Interface;
  hasMedia: boolean;
  hasVlan: boolean;
  hasBridgeBlock: boolean;
  /** The lines ifconfig prints at most once per interface (ONCE) seen so far. */
  seen: Set<(typeof ONCE)[number]>;
}

/**
 * Lines ifconfig prints at most once per interface (sbin/ifconfig ifconfig.c status(), ifbridge.c bridge_status). A
 * second one means text that is not ifconfig's own: an interface description holding a newline prints the rest of
 * itself as further lines (ifconfig prints descriptions raw, ifconfig_netlink.c status_nl), which could forge a group
 * or a bridge block. Such a capture is not read (the probe refuses it), nor one that lists a name twice.
 */
const ONCE = ['description:', 'groups:', 'ether', 'media:', 'status:', 'id', 'maxage', 'root'] as const;

// Header: `NAME: flags=HEX<F1,F2> metric N mtu N`; split at the first ": flags=" since names may hold ':' (vnet0:11).
const FLAGS = ': flags=';
const FLAGS_RE = /^([0-9a-fA-F]+)(?:<([^>]*)>?)?/;
const MTU_RE = /\bmtu (\d+)/;
const CUT_END_RE = /[<(,]$/;
const WS_RE = /\s+/;
const INET4_RE = /^\d{1,3}(\.\d{1,3}){3}$/;
const INET6_RE = /^([0-9a-fA-F:.]+)(?:%([^/\s]+))?(?:\/(\d+))?$/;
const EPAIR_RE = /^(epair\d+)([ab])$/;

/**
 * Parse `ifconfig -a` output; `source` names the command in messages. Throws UserError when the text is not ifconfig output at all.
 * Lines are handled as index ranges of `text` (a detail line is dispatched on its first word; only kept values are sliced out):
 * the same lines, line numbers and whitespace as splitting at /\r?\n/ and trimming with `\s` (test/host/parse-ifconfig.test.ts).
 */
export function parseIfconfig(text: string, source = 'ifconfig -a'): IfconfigParse {
  const warnings: string[] = [];
  const incomplete: string[] = [];
  const interfaces: Interface[] = [];
  const names = new Set<string>();
  let cur: Draft | undefined;
  let lastChar = text.length - 1; // the last non-space character: it ends the last non-blank line
  while (lastChar >= 0 && isSpace(text.charCodeAt(lastChar))) lastChar--;
  let n = 0;
  for (let a = 0; a <= text.length; ) {
    n++;
    let next = text.indexOf('\n', a);
    if (next < 0) next = text.length;
    let e = next;
    while (e > a && isSpace(text.charCodeAt(e - 1))) e--; // trailing spaces and the \r of \r\n
    const start = a;
    a = next + 1;
    if (e === start) continue;
    // A capture cut off mid-line (copied from a web page, a full pipe): parse what is there, say so.
    if (e === lastChar + 1) {
      const line = text.slice(start, e);
      if (looksTruncated(line) || CUT_END_RE.test(line)) {
        warnings.push(`${source}: line ${n} looks truncated: ${hostText(line)}`);
        incomplete.push(warnings[warnings.length - 1]);
      }
    }
    if (isSpace(text.charCodeAt(start))) {
      const w = skipSpace(text, start, e);
      if (!cur) throw new UserError(`${source}: line ${n}: detail line before any interface header: ${hostText(text.slice(w, e))}`);
      const problem = detail(cur, text, w, e);
      if (problem !== undefined) {
        warnings.push(`${source}: line ${n}: ${problem}`);
        incomplete.push(warnings[warnings.length - 1]);
      }
      continue;
    }
    const line = text.slice(start, e);
    const h = line.indexOf(FLAGS);
    if (h > 0 && !hasSpace(line, 0, h)) {
      if (cur) interfaces.push(finish(cur));
      cur = header(line.slice(0, h), line.slice(h + FLAGS.length));
      if (names.has(cur.itf.name)) {
        warnings.push(`${source}: line ${n}: interface ${cur.itf.name} is listed twice (a description holding a newline?)`);
        incomplete.push(warnings[warnings.length - 1]);
      }
      names.add(cur.itf.name);
      continue;
    }
    warnings.push(`${source}: line ${n}: not an ifconfig line, ignored: ${hostText(line)}`);
    incomplete.push(warnings[warnings.length - 1]);
  }
  if (cur) interfaces.push(finish(cur));
  return { interfaces, warnings, incomplete };
}

function looksTruncated(line: string): boolean {
  const count = (c: string) => line.split(c).length - 1;
  return count('<') > count('>') || count('(') > count(')');
}

function header(name: string, rest: string): Draft {
  const m = FLAGS_RE.exec(rest);
  const bits = m ? parseInt(m[1], 16) : 0;
  const flags = m?.[2] ? m[2].split(',').filter((f) => f !== '') : [];
  const mtu = MTU_RE.exec(rest);
  // IFF_UP is 0x1 (sys/net/if.h); the bit is authoritative even if the <...> list was cut off.
  const up = (bits & 0x1) !== 0 || flags.includes('UP');
  // Key order as printed by `--json` (mtu left out when the header has none).
  const itf: Interface = mtu
    ? { name, flags, up, mtu: Number(mtu[1]), groups: [], inet: [], inet6: [], members: [], kind: 'other' }
    : { name, flags, up, groups: [], inet: [], inet6: [], members: [], kind: 'other' };
  return { itf, hasMedia: false, hasVlan: false, hasBridgeBlock: false, seen: new Set() };
}

const is = (text: string, w: number, end: number, word: string) => end - w === word.length && text.startsWith(word, w);

/** One detail line text[w, e) (w: its first word, e: its trimmed end) into cur; returns a problem to warn about. */
function detail(cur: Draft, text: string, w: number, e: number): string | undefined {
  const we = skipWord(text, w, e);
  const itf = cur.itf;
  const r = skipSpace(text, we, e); // the rest of the line: text.slice(r, e)
  // A line ifconfig prints once per interface (ONCE), seen a second time: a problem, not read.
  const once = ONCE.find((word) => is(text, w, we, word));
  if (once !== undefined) {
    if (cur.seen.has(once)) return `a second "${once}" line for ${itf.name} (a description holding a newline?)`;
    cur.seen.add(once);
  }
  switch (text.charCodeAt(w)) {
    case 0x64: if (is(text, w, we, 'description:')) itf.description = text.slice(r, e); return; // d
    case 0x65: if (is(text, w, we, 'ether')) itf.ether = firstWord(text, r, e); return; // e
    case 0x67: if (is(text, w, we, 'groups:')) itf.groups = words(text, r, e); return; // g
    case 0x73: if (is(text, w, we, 'status:')) itf.status = text.slice(r, e); return; // s
    case 0x6d: // m
      if (is(text, w, we, 'media:')) cur.hasMedia = true;
      else if (is(text, w, we, 'member:')) itf.members.push(firstWord(text, r, e));
      else if (is(text, w, we, 'maxage')) cur.hasBridgeBlock = true;
      return;
    case 0x76: if (is(text, w, we, 'vlan:')) cur.hasVlan = true; return; // v
    case 0x72: if (is(text, w, we, 'root')) cur.hasBridgeBlock = true; return; // r
    case 0x69: // i
      if (is(text, w, we, 'id')) cur.hasBridgeBlock = true;
      else if (is(text, w, we, 'inet')) {
        const a = inet4(text.slice(r, e));
        if (typeof a === 'string') return a;
        itf.inet.push(a);
      } else if (is(text, w, we, 'inet6')) {
        const a = inet6(text.slice(r, e));
        if (typeof a === 'string') return a;
        itf.inet6.push(a);
      }
      return;
    default: // options=, nd6, hwaddr, ifmaxaddr/role continuation lines, plugged, ...: not needed by klee.
  }
}

/** `A netmask 0xffffff00 broadcast B [vhid N]`, `A --> D netmask M`, or CIDR `A/len broadcast B` (af_inet.c in_status). */
function inet4(rest: string): Inet4 | string {
  const t = rest.split(WS_RE);
  const [addr, len] = t[0].split('/');
  if (!INET4_RE.test(addr)) return `unreadable inet address ${hostText(rest)}`;
  const out: Inet4 = { address: addr, prefixlen: len !== undefined ? Number(len) : 32 };
  let sawMask = len !== undefined;
  for (let i = 1; i < t.length; i++) {
    const v = t[i + 1];
    if (t[i] === 'netmask' && v !== undefined) {
      const p = netmaskToPrefixlen(v);
      if (p === undefined) return `unreadable netmask ${hostText(v)}`;
      out.prefixlen = p;
      sawMask = true;
      i++;
    } else if (t[i] === 'broadcast' && v !== undefined) { out.broadcast = v; i++; }
    else if (t[i] === '-->' && v !== undefined) { out.destination = v; i++; }
    else if (t[i] === 'vhid' && v !== undefined) { out.vhid = Number(v); i++; }
  }
  if (!sawMask) return `inet ${addr} has no netmask; assuming /32`;
  return out;
}

/** The address flags af_inet6.c in6_status prints, in its order, after the prefix length. */
const INET6_FLAGS = new Set<Inet6Flag>(['anycast', 'tentative', 'duplicated', 'detached', 'deprecated', 'autoconf', 'temporary']);

/** `A[%scope] prefixlen N [flags] [scopeid 0xN] [pltime X vltime Y]` or CIDR `A[%scope]/len ...` (af_inet6.c in6_status). */
function inet6(rest: string): Inet6 | string {
  const t = rest.split(WS_RE);
  const m = INET6_RE.exec(t[0]);
  if (!m || !m[1].includes(':')) return `unreadable inet6 address ${hostText(rest)}`;
  const out: Inet6 = { address: m[1], prefixlen: m[3] !== undefined ? Number(m[3]) : 128 };
  for (let i = 1; i < t.length; i++) {
    const v = t[i + 1];
    if (t[i] === 'prefixlen' && v !== undefined) { out.prefixlen = Number(v); i++; }
    else if (t[i] === 'scopeid' && v !== undefined) { out.scopeid = v; i++; }
    else if (INET6_FLAGS.has(t[i] as Inet6Flag)) (out.flags ??= []).push(t[i] as Inet6Flag);
  }
  return out;
}

function finish(d: Draft): Interface {
  const itf = d.itf;
  itf.kind = kindOf(d);
  const peer = EPAIR_RE.exec(itf.name);
  if (peer) itf.epairPeer = `${peer[1]}${peer[2] === 'a' ? 'b' : 'a'}`;
  return itf;
}

/**
 * Kind from flags, groups and the lines seen (renamed epairs keep group epair; renamed vlans keep group vlan). A bridge
 * prints no media line (if_bridge.c has no ifmedia): an interface that does is not one, whatever groups it shows.
 */
function kindOf(d: Draft): InterfaceKind {
  const { flags, groups, name } = d.itf;
  if (flags.includes('LOOPBACK') || groups.includes('lo')) return 'loopback';
  if ((groups.includes('bridge') || d.hasBridgeBlock) && !d.hasMedia) return 'bridge';
  if (groups.includes('epair') || EPAIR_RE.test(name)) return 'epair';
  if (d.hasVlan || groups.includes('vlan')) return 'vlan';
  if (d.hasMedia && d.itf.ether) return 'physical';
  return 'other';
}
