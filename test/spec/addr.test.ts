// Address helpers shared by the loader, the planner and the views.
import { describe, expect, it } from 'vitest';
import { broadcastOf, formatAddress, formatSubnet, inSubnet, isLinkLocal6, overlaps, parseAddress, parseSubnet } from '../../src/spec/addr.js';

describe('isLinkLocal6', () => {
  it('is fe80::/10, with or without a zone, in any case', () => {
    for (const a of ['fe80::1', 'fe80::1%lo0', 'FE80::a:b', 'febf::1', 'fe9a::2']) expect(isLinkLocal6(a), a).toBe(true);
    for (const a of ['fec0::1', 'fd00::1', '2001:db8::1', '::1', 'fe8::1', '10.0.0.1', '2001:fe80::1']) expect(isLinkLocal6(a), a).toBe(false);
  });
});


describe('parseAddress', () => {
  it.each([
    ['10.1.2.3', 4, 0x0a010203n], ['0.0.0.0', 4, 0n], ['255.255.255.255', 4, 0xffffffffn],
    ['fd00::1', 6, 0xfd000000000000000000000000000001n], ['::', 6, 0n], ['::1', 6, 1n], ['1::', 6, 1n << 112n],
    ['1:2:3:4:5:6:7:8', 6, 0x00010002000300040005000600070008n], ['::ffff:10.1.2.3', 6, 0xffff0a010203n],
    ['64:ff9b::192.0.2.33', 6, 0x0064ff9b0000000000000000c0000221n], ['::ffff:10.11.12.13', 6, 0xffff0a0b0c0dn],
  ] as const)('%s (IPv%d)', (s, f, want) => {
    expect(parseAddress(s, f)).toBe(want);
  });
  it.each([
    ['010.1.1.1', 4], ['10.1.1', 4], [' 10.1.1.1', 4], ['10.1.1.1 ', 4], ['10.1.1.1/32', 4], ['', 4], ['fd00::1', 4],
    ['fe80::1%lo0', 6], ['fd00::1/128', 6], [' ::1', 6], ['10.1.1.1', 6], ['fd00:::1', 6], ['', 6],
  ] as const)('refuses %j (IPv%d)', (s, f) => {
    expect(parseAddress(s, f)).toBeUndefined();
  });
});

describe('parseSubnet', () => {
  it('masks host bits, keeps what was written, and knows the range', () => {
    expect(parseSubnet('10.4.6.5/24', 4)).toEqual({ family: 4, prefix: 24, network: 0x0a040600n, last: 0x0a0406ffn, written: 0x0a040605n });
    expect(parseSubnet('10.4.6.5/32', 4)).toEqual({ family: 4, prefix: 32, network: 0x0a040605n, last: 0x0a040605n, written: 0x0a040605n });
    expect(parseSubnet('0.0.0.0/0', 4)).toMatchObject({ network: 0n, last: 0xffffffffn });
    expect(parseSubnet('fd00::7/128', 6)).toMatchObject({ prefix: 128, network: 0xfd000000000000000000000000000007n, last: 0xfd000000000000000000000000000007n });
    expect(parseSubnet('fd00:8::/64', 6)).toMatchObject({ prefix: 64, network: 0xfd000008000000000000000000000000n, last: 0xfd00000800000000ffffffffffffffffn });
  });
  it.each([['10.0.0.0/33', 4], ['fd00::/129', 6], ['10.0.0.0', 4], ['10.0.0.0/24x', 4], ['x10.0.0.0/24', 4], ['10.0.0.0/1234', 4], ['10.0.0.0//24', 4], ['fd00::/64', 4]] as const)('refuses %j', (s, f) => {
    expect(parseSubnet(s, f)).toBeUndefined();
  });
});

describe('formatAddress (RFC 5952)', () => {
  it.each([
    [0x0a040601n, 4, '10.4.6.1'], [0n, 6, '::'], [1n, 6, '::1'], [1n << 112n, 6, '1::'],
    [0x00010002000300040005000600070008n, 6, '1:2:3:4:5:6:7:8'],
    [0x00010000000300040005000600070008n, 6, '1:0:3:4:5:6:7:8'], // a single zero group is not compressed
    [0x00010000000000040000000000000008n, 6, '1:0:0:4::8'], // the longest run, not the first
    [0x00010000000000040005000000000008n, 6, '1::4:5:0:0:8'], // the first of two equal runs
    [0xfd000000000000000000000000000001n, 6, 'fd00::1'], [0x00000000000000000000000000010000n, 6, '::1:0'],
  ] as const)('%s', (n, f, want) => {
    expect(formatAddress(n, f)).toBe(want);
  });
  it('formatSubnet gives the canonical CIDR', () => {
    expect([formatSubnet(parseSubnet('10.4.6.5/24', 4)!), formatSubnet(parseSubnet('fd00:0:0::9/64', 6)!)]).toEqual(['10.4.6.0/24', 'fd00::/64']);
  });
});

describe('ranges', () => {
  const s = parseSubnet('10.0.0.0/24', 4)!;
  it('inSubnet includes both ends and nothing beyond', () => {
    expect([0x0a000000n, 0x0a0000ffn, 0x09ffffffn, 0x0a000100n].map((a) => inSubnet(a, s))).toEqual([true, true, false, false]);
  });
  it('overlaps when they share one address, not when they only touch', () => {
    const at = (c: string) => parseSubnet(c, 4)!;
    expect([overlaps(s, at('10.0.0.255/32')), overlaps(at('10.0.0.255/32'), s), overlaps(s, at('10.0.1.0/24')), overlaps(at('10.0.1.0/24'), s), overlaps(s, at('9.255.255.255/32')), overlaps(at('0.0.0.0/0'), s)])
      .toEqual([true, true, false, false, false, true]);
  });
  it('broadcast: IPv4 below /31 only', () => {
    expect([broadcastOf(s), broadcastOf(parseSubnet('10.0.0.0/30', 4)!), broadcastOf(parseSubnet('10.0.0.0/31', 4)!), broadcastOf(parseSubnet('10.0.0.1/32', 4)!), broadcastOf(parseSubnet('fd00::/64', 6)!), broadcastOf(parseSubnet('fd00::/16', 6)!)])
      .toEqual([0x0a0000ffn, 0x0a000003n, undefined, undefined, undefined, undefined]);
  });
});
