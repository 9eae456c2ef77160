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

/** Parse "10.4.6.0/24" or "fd00::/64" (host bits are masked off). */
export function parseSubnet(cidr: string): Subnet {
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
    if (family === 4) return address.includes(':') ? undefined : IPv4.fromDecimalDottedString(address).getValue();
    return address.includes(':') ? IPv6.fromString(address.split('%')[0]).getValue() : undefined;
  } catch {
    return undefined;
  }
}

/** Format a number as an address: dotted quad, or RFC 5952 compressed lowercase IPv6 (as ifconfig prints it). */
export function formatAddr(v: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
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
  const family = address.includes(':') ? 6 : 4;
  const v = addrValue(address, family);
  return v === undefined ? address : formatAddr(v, family);
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
