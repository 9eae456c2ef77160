// IPv4/IPv6 addresses and subnets as bigints (parsing through ip-num), for the rules and the binder.
import ipnum from 'ip-num';

const { IPv4, IPv6, collapseIPv6Number } = ipnum;

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
  try {
    if (family === 4) return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) ? IPv4.fromString(s).value : undefined;
    return s.includes(':') ? IPv6.fromString(s).value : undefined;
  } catch {
    return undefined;
  }
}

/** Parse "addr/len" of a family; undefined when malformed. */
export function parseSubnet(s: string, family: Family): Subnet | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const written = parseAddress(m[1], family);
  const prefix = Number(m[2]);
  if (written === undefined || prefix > BITS[family]) return undefined;
  const host = (1n << BigInt(BITS[family] - prefix)) - 1n;
  const network = written & ~host & ((1n << BigInt(BITS[family])) - 1n);
  return { family, prefix, network, last: network | host, written };
}

/** An address as text: dotted quad, or compressed IPv6. */
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
