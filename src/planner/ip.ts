// The planner's view of addresses: src/spec/addr.ts's parser and RFC 5952 formatter (ip-num behind it, bigints out of
// it: docs/decisions.md) with the planner's Subnet (first/last/len and the text it came from) and host-address zones.
import { formatAddress, parseAddress, parseSubnet as parseCidr } from '../spec/addr.js';

/** A parsed subnet: family, prefix length, first (network) and last address as numbers. */
export interface Subnet {
  family: 4 | 6;
  cidr: string;
  len: number;
  first: bigint;
  last: bigint;
}

/** Parse "10.4.6.0/24" or "fd00::/64" (host bits are masked off); throws on text the loader would have refused. */
export function parseSubnet(cidr: string): Subnet {
  const family = cidr.includes(':') ? 6 : 4;
  const s = parseCidr(cidr, family);
  if (!s) throw new Error(`planner bug: "${cidr}" is not a subnet (the loader checks every subnet)`);
  return { family, cidr, len: s.prefix, first: s.network, last: s.last };
}

/** An address as a number; undefined when it does not parse in that family (an IPv6 zone "%lo0" is ignored). */
export function addrValue(address: string, family: 4 | 6): bigint | undefined {
  return parseAddress(family === 6 ? address.split('%')[0] : address, family);
}

/** Canonical text of an address (so "fd00:0::1" and "fd00::1" compare equal); anything unparsable is its own. */
export function canonAddr(address: string): string {
  // A valid dotted quad is already canonical: ip-num (src/spec/addr.ts) refuses leading zeros.
  if (!address.includes(':')) return address;
  const v = addrValue(address, 6);
  return v === undefined ? address : formatAddress(v, 6);
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
  return formatAddress(s.first + 1n, s.family);
}

/** The range an address/prefix on an interface covers. */
export function rangeOf(address: string, prefixlen: number, family: 4 | 6): Subnet | undefined {
  const v = addrValue(address, family);
  if (v === undefined) return undefined;
  const bits = family === 4 ? 32 : 128;
  const size = 1n << BigInt(bits - prefixlen);
  const first = (v / size) * size;
  return { family, cidr: `${formatAddress(first, family)}/${prefixlen}`, len: prefixlen, first, last: first + size - 1n };
}
