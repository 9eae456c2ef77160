// Address arithmetic on bigints (ip-num parses and validates; formatting is FreeBSD's: RFC 5952 for IPv6).
import { IPv4, IPv4CidrRange, IPv6, IPv6CidrRange } from 'ip-num';

/** A parsed subnet: family, prefix length, first (network) and last address as numbers. */
export interface Subnet {
  family: 4 | 6;
  cidr: string;
  len: number;
  first: bigint;
  last: bigint;
}

// Memo of parsed subnets and canonical IPv6 texts: a plan of 1,000 containers asks for the same few hundred
// values thousands of times, and ip-num's parsing (strings of bits, BigInt per octet) dominated the planning time.
// Bounded (cleared when full); entries are pure functions of their key, so plans do not depend on what is cached.
const MEMO_MAX = 4096;
const subnetMemo = new Map<string, Subnet>();
const canon6Memo = new Map<string, string>();
function remember<V>(memo: Map<string, V>, key: string, value: V): V {
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(key, value);
  return value;
}

// A dotted quad exactly as ip-num accepts it (0-255, no leading zeros: its Validator.IPV4_PATTERN); anything
// else is left to ip-num, so what is valid and what is not does not change.
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4_RE = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/** Parse "10.4.6.0/24" or "fd00::/64" (host bits are masked off). */
export function parseSubnet(cidr: string): Subnet {
  const known = subnetMemo.get(cidr);
  return { ...(known ?? remember(subnetMemo, cidr, parseSubnetOnce(cidr))) };
}

function parseSubnetOnce(cidr: string): Subnet {
  if (cidr.includes(':')) {
    const r = IPv6CidrRange.fromCidr(cidr);
    return { family: 6, cidr, len: Number(r.cidrPrefix.getValue()), first: r.getFirst().getValue(), last: r.getLast().getValue() };
  }
  const r = IPv4CidrRange.fromCidr(cidr);
  return { family: 4, cidr, len: Number(r.cidrPrefix.getValue()), first: r.getFirst().getValue(), last: r.getLast().getValue() };
}

/** An address as a number; undefined when it does not parse in that family. */
export function addrValue(address: string, family: 4 | 6): bigint | undefined {
  try {
    if (family === 4) {
      const m = IPV4_RE.exec(address);
      if (m) return BigInt(((+m[1] << 24) | (+m[2] << 16) | (+m[3] << 8) | +m[4]) >>> 0);
      return address.includes(':') ? undefined : IPv4.fromDecimalDottedString(address).getValue();
    }
    return address.includes(':') ? IPv6.fromString(address.split('%')[0]).getValue() : undefined;
  } catch {
    return undefined;
  }
}

/** Format a number as an address: dotted quad, or RFC 5952 compressed lowercase IPv6 (as ifconfig prints it). */
export function formatAddr(v: bigint, family: 4 | 6): string {
  if (family === 4) {
    const n = Number(v & 0xffffffffn);
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Canonical text of an address (so "fd00:0::1" and "fd00::1" compare equal). */
export function canonAddr(address: string): string {
  if (IPV4_RE.test(address)) return address; // a valid dotted quad is its own canonical text
  const family = address.includes(':') ? 6 : 4;
  if (family === 6) {
    const known = canon6Memo.get(address);
    if (known !== undefined) return known;
  }
  const v = addrValue(address, family);
  const text = v === undefined ? address : formatAddr(v, family);
  return family === 6 ? remember(canon6Memo, address, text) : text;
}

/** Is the address inside the subnet? */
export function inSubnet(address: string, s: Subnet): boolean {
  const v = addrValue(address, s.family);
  return v !== undefined && v >= s.first && v <= s.last;
}

/** Do two ranges overlap? */
export function overlaps(a: Subnet, b: Subnet): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** The subnet's first usable address (network + 1): Kleene's auto gateway. */
export function firstHost(s: Subnet): string {
  return formatAddr(s.first + 1n, s.family);
}

/** The range an address/prefix on an interface covers. */
export function rangeOf(address: string, prefixlen: number, family: 4 | 6): Subnet | undefined {
  const v = addrValue(address, family);
  if (v === undefined) return undefined;
  const bits = family === 4 ? 32 : 128;
  const size = 1n << BigInt(bits - prefixlen);
  const first = (v / size) * size;
  return { family, cidr: `${formatAddr(first, family)}/${prefixlen}`, len: prefixlen, first, last: first + size - 1n };
}
