// IPv4/IPv6 addresses and subnets for the loader and the planner: parsed, checked and formatted with ip-num (the
// project's address library, docs/decisions.md), carried as bigints so that comparisons stay plain arithmetic.
import { IPv4, IPv4CidrRange, IPv4Prefix, IPv6, IPv6CidrRange, IPv6Prefix, collapseIPv6Number } from 'ip-num';

/** An address family. */
export type Family = 4 | 6;

/** A parsed subnet: its network address, prefix length, and the range it spans. */
export interface Subnet {
  family: Family;
  prefix: number;
  network: bigint;
  last: bigint;
  /** The address as written (before the "/"), as a number. */
  written: bigint;
}

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

/** Parse one address of a family; undefined when it is not one (zones "%if" refused). */
export function parseAddress(s: string, family: Family): bigint | undefined {
  if (s.includes('%') || s.includes('/') || s.trim() !== s || s === '') return undefined;
  // ip-num validates as it parses (its Validator: no leading zeros in a dotted quad, "010.1.1.1", which some parsers
  // read as octal) and throws on anything else; validating first as well would parse every address twice.
  try {
    return family === 4 ? IPv4.fromDecimalDottedString(s).getValue() : IPv6.fromString(s).getValue();
  } catch {
    return undefined;
  }
}

/** Parse "addr/len" of a family; undefined when malformed. The range is ip-num's CIDR range of the written address. */
export function parseSubnet(s: string, family: Family): Subnet | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const written = parseAddress(m[1], family);
  const prefix = Number(m[2]);
  if (written === undefined || prefix > BITS[family]) return undefined;
  const range = family === 4
    ? new IPv4CidrRange(IPv4.fromNumber(written), IPv4Prefix.fromNumber(BigInt(prefix)))
    : new IPv6CidrRange(IPv6.fromBigInt(written), IPv6Prefix.fromNumber(BigInt(prefix)));
  return { family, prefix, network: range.getFirst().getValue(), last: range.getLast().getValue(), written };
}

/** An address as text: dotted quad, or IPv6 compressed as RFC 5952 says (ip-num's collapseIPv6Number). */
export function formatAddress(n: bigint, family: Family): string {
  return family === 4 ? IPv4.fromNumber(n).toString() : collapseIPv6Number(IPv6.fromBigInt(n).toString());
}

/** The canonical CIDR of a subnet ("10.4.6.0/24"). */
export function formatSubnet(s: Subnet): string {
  return `${formatAddress(s.network, s.family)}/${s.prefix}`;
}

/** True when the address lies in the subnet. */
export function inSubnet(a: bigint, s: Subnet): boolean {
  return a >= s.network && a <= s.last;
}

/** True when two subnets share an address. */
export function overlaps(a: Subnet, b: Subnet): boolean {
  return a.network <= b.last && b.network <= a.last;
}

/** The IPv4 broadcast address of a subnet (undefined for IPv6, which has none). */
export function broadcastOf(s: Subnet): bigint | undefined {
  return s.family === 4 && s.prefix < 31 ? s.last : undefined;
}

/** True for an IPv6 link-local address (fe80::/10, with or without a %zone): never an endpoint or a clash. */
export function isLinkLocal6(address: string): boolean {
  return /^fe[89ab][0-9a-f]:/i.test(address);
}
