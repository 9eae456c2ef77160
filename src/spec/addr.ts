// IPv4/IPv6 addresses and subnets as bigints, for the rules and the binder.
// Parsing is node:net's isIPv4/isIPv6 plus a few lines here, not ip-num: importing ip-num alone costs
// more start-up time than all of `klee validate` may spend (see docs/decisions.md).
import { isIPv4, isIPv6 } from 'node:net';

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
  if (family === 4) {
    // isIPv4 refuses leading zeros ("010.1.1.1"), which some parsers read as octal.
    return isIPv4(s) ? s.split('.').reduce((n, o) => (n << 8n) | BigInt(o), 0n) : undefined;
  }
  if (!isIPv6(s)) return undefined;
  let text = s;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = parseAddress(v4[1], 4)!;
    text = `${text.slice(0, v4.index)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
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
  if (family === 4) return [24n, 16n, 8n, 0n].map((sh) => String((n >> sh) & 255n)).join('.');
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((sh) => ((n >> sh) & 0xffffn).toString(16));
  // RFC 5952: compress the longest run (at least two) of zero groups, the first one on a tie.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
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
