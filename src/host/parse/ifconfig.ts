// Parse `ifconfig -a` text into Interface records (sbin/ifconfig: ifconfig.c status(), af_inet.c, af_inet6.c, ifbridge.c).
import type { Inet4, Inet6, Interface, InterfaceKind } from '../types.js';
import { UserError } from '../../errors.js';
import { netmaskToPrefixlen } from './netmask.js';

/** Result of parsing `ifconfig -a`: every interface found, and problems that did not stop parsing. */
export interface IfconfigParse {
  interfaces: Interface[];
  warnings: string[];
  /** The warnings that mean something was NOT read (a line ignored, an address dropped, a cut-off line): planning refuses these. */
  incomplete: string[];
}

interface Draft extends Interface {
  hasMedia: boolean;
  hasVlan: boolean;
  hasBridgeBlock: boolean;
}

// Header: `NAME: flags=HEX<F1,F2> metric N mtu N`; split at the first ": flags=" since names may hold ':' (vnet0:11).
const FLAGS_RE = /^([0-9a-fA-F]+)(?:<([^>]*)>?)?/;

/** Parse `ifconfig -a` output; `source` names the command in messages. Throws UserError when the text is not ifconfig output at all. */
export function parseIfconfig(text: string, source = 'ifconfig -a'): IfconfigParse {
  const warnings: string[] = [];
  const incomplete: string[] = [];
  const drafts: Draft[] = [];
  let cur: Draft | undefined;
  const lines = text.split(/\r?\n/);
  let last = lines.length - 1;
  while (last >= 0 && lines[last].trim() === '') last--;
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.replace(/\s+$/, '');
    if (line === '') return;
    // A capture cut off mid-line (copied from a web page, a full pipe): parse what is there, say so.
    if (i === last && (looksTruncated(line) || /[<(,]$/.test(line))) {
      warnings.push(`${source}: line ${n} looks truncated: ${JSON.stringify(line)}`);
      incomplete.push(warnings[warnings.length - 1]);
    }
    if (/^\s/.test(line)) {
      if (!cur) throw new UserError(`${source}: line ${n}: detail line before any interface header: ${JSON.stringify(line.trim())}`);
      const before = warnings.length;
      detail(cur, line.trim(), n, source, warnings);
      incomplete.push(...warnings.slice(before));
      return;
    }
    const h = line.indexOf(': flags=');
    if (h > 0 && !/\s/.test(line.slice(0, h))) {
      cur = header(line.slice(0, h), line.slice(h + ': flags='.length));
      drafts.push(cur);
      return;
    }
    warnings.push(`${source}: line ${n}: not an ifconfig line, ignored: ${JSON.stringify(line)}`);
    incomplete.push(warnings[warnings.length - 1]);
  });
  return { interfaces: drafts.map(finish), warnings, incomplete };
}

function looksTruncated(line: string): boolean {
  const count = (c: string) => line.split(c).length - 1;
  return count('<') > count('>') || count('(') > count(')');
}

function header(name: string, rest: string): Draft {
  const m = FLAGS_RE.exec(rest);
  const bits = m ? parseInt(m[1], 16) : 0;
  const flags = m?.[2] ? m[2].split(',').filter((f) => f !== '') : [];
  const mtu = /\bmtu (\d+)/.exec(rest);
  return {
    name,
    flags,
    // IFF_UP is 0x1 (sys/net/if.h); the bit is authoritative even if the <...> list was cut off.
    up: (bits & 0x1) !== 0 || flags.includes('UP'),
    mtu: mtu ? Number(mtu[1]) : undefined,
    groups: [],
    inet: [],
    inet6: [],
    members: [],
    kind: 'other',
    hasMedia: false,
    hasVlan: false,
    hasBridgeBlock: false,
  };
}

function detail(cur: Draft, s: string, n: number, source: string, warnings: string[]): void {
  const word = s.split(/\s+/, 1)[0];
  const rest = s.slice(word.length).trim();
  switch (word) {
    case 'description:': cur.description = rest; return;
    case 'ether': cur.ether = rest.split(/\s+/)[0]; return;
    case 'groups:': cur.groups = rest.split(/\s+/).filter((g) => g !== ''); return;
    case 'status:': cur.status = rest; return;
    case 'media:': cur.hasMedia = true; return;
    case 'vlan:': cur.hasVlan = true; return;
    case 'member:': cur.members.push(rest.split(/\s+/)[0]); return;
    case 'id': case 'maxage': case 'root': cur.hasBridgeBlock = true; return;
    case 'inet': {
      const a = inet4(rest);
      if (typeof a === 'string') warnings.push(`${source}: line ${n}: ${a}`);
      else cur.inet.push(a);
      return;
    }
    case 'inet6': {
      const a = inet6(rest);
      if (typeof a === 'string') warnings.push(`${source}: line ${n}: ${a}`);
      else cur.inet6.push(a);
      return;
    }
    default: // options=, nd6, hwaddr, ifmaxaddr/role continuation lines, plugged, ...: not needed by klee.
  }
}

/** `A netmask 0xffffff00 broadcast B [vhid N]`, `A --> D netmask M`, or CIDR `A/len broadcast B` (af_inet.c in_status). */
function inet4(rest: string): Inet4 | string {
  const t = rest.split(/\s+/);
  const [addr, len] = t[0].split('/');
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(addr)) return `unreadable inet address ${JSON.stringify(rest)}`;
  const out: Inet4 = { address: addr, prefixlen: len !== undefined ? Number(len) : 32 };
  let sawMask = len !== undefined;
  for (let i = 1; i < t.length; i++) {
    const v = t[i + 1];
    if (t[i] === 'netmask' && v !== undefined) {
      const p = netmaskToPrefixlen(v);
      if (p === undefined) return `unreadable netmask ${JSON.stringify(v)}`;
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

/** `A[%scope] prefixlen N [flags] [scopeid 0xN]` or CIDR `A[%scope]/len ...` (af_inet6.c in6_status). */
function inet6(rest: string): Inet6 | string {
  const t = rest.split(/\s+/);
  const m = /^([0-9a-fA-F:.]+)(?:%([^/\s]+))?(?:\/(\d+))?$/.exec(t[0]);
  if (!m || !m[1].includes(':')) return `unreadable inet6 address ${JSON.stringify(rest)}`;
  const out: Inet6 = { address: m[1], prefixlen: m[3] !== undefined ? Number(m[3]) : 128 };
  for (let i = 1; i < t.length; i++) {
    const v = t[i + 1];
    if (t[i] === 'prefixlen' && v !== undefined) { out.prefixlen = Number(v); i++; }
    else if (t[i] === 'scopeid' && v !== undefined) { out.scopeid = v; i++; }
  }
  return out;
}

function finish(d: Draft): Interface {
  const { hasMedia, hasVlan, hasBridgeBlock, ...itf } = d;
  itf.kind = kindOf(d);
  const peer = /^(epair\d+)([ab])$/.exec(itf.name);
  if (peer) itf.epairPeer = `${peer[1]}${peer[2] === 'a' ? 'b' : 'a'}`;
  if (itf.mtu === undefined) delete itf.mtu;
  return itf;
}

/** Kind from flags, groups and the lines seen (renamed epairs keep group epair; renamed vlans keep group vlan). */
function kindOf(d: Draft): InterfaceKind {
  if (d.flags.includes('LOOPBACK') || d.groups.includes('lo')) return 'loopback';
  if (d.groups.includes('bridge') || d.hasBridgeBlock) return 'bridge';
  if (d.groups.includes('epair') || /^epair\d+[ab]$/.test(d.name)) return 'epair';
  if (d.hasVlan || d.groups.includes('vlan')) return 'vlan';
  if (d.hasMedia && d.ether) return 'physical';
  return 'other';
}
