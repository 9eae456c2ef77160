// The planner's addresses: subnets, ranges on interfaces, canonical text, and the lowest-free allocator at the edges
// of a subnet (network, broadcast, /31 and /32, IPv6's subnet-router anycast address).
import { describe, expect, it } from 'vitest';
import { SubnetAllocator } from '../../src/planner/allocation.js';
import { addrValue, canonAddr, firstHost, inSubnet, overlaps, parseSubnet, rangeOf } from '../../src/planner/ip.js';

const all = (a: SubnetAllocator) => { const out: string[] = []; for (let x = a.take(); x !== undefined; x = a.take()) out.push(x); return out; };

describe('planner ip', () => {
  it('parseSubnet takes the family from the text and refuses what is not a subnet', () => {
    expect(parseSubnet('10.4.6.9/24')).toEqual({ family: 4, cidr: '10.4.6.9/24', len: 24, first: 0x0a040600n, last: 0x0a0406ffn });
    expect(parseSubnet('fd00::/120')).toMatchObject({ family: 6, len: 120, first: 0xfd00n << 112n, last: (0xfd00n << 112n) + 255n });
    expect(() => parseSubnet('10.4.6.0/33')).toThrow('planner bug: "10.4.6.0/33" is not a subnet');
  });
  it('addrValue ignores an IPv6 zone only; canonAddr makes IPv6 text canonical and leaves the rest', () => {
    expect([addrValue('fe80::1%lo0', 6), addrValue('10.0.0.1%x', 4), addrValue('fd00::1', 4), addrValue('10.0.0.1', 6)]).toEqual([0xfe80n << 112n | 1n, undefined, undefined, undefined]);
    expect(['fd00:0::1', 'FD00::0001', '10.0.0.1', 'not:an:address', 'fe80::1%lo0'].map(canonAddr)).toEqual(['fd00::1', 'fd00::1', '10.0.0.1', 'not:an:address', 'fe80::1']);
  });
  it('inSubnet includes both ends; overlaps needs one shared address of the same family', () => {
    const s = parseSubnet('10.4.6.0/24');
    expect(['10.4.6.0', '10.4.6.255', '10.4.5.255', '10.4.7.0', 'fd00::1', 'junk'].map((a) => inSubnet(a, s))).toEqual([true, true, false, false, false, false]);
    expect([overlaps(s, parseSubnet('10.4.6.255/32')), overlaps(parseSubnet('10.4.6.255/32'), s), overlaps(s, parseSubnet('10.4.7.0/24')), overlaps(parseSubnet('10.4.7.0/24'), s), overlaps(parseSubnet('::/0'), s)])
      .toEqual([true, true, false, false, false]);
  });
  it('firstHost is network + 1; rangeOf is the aligned range an address/prefix covers', () => {
    expect([firstHost(parseSubnet('10.4.6.0/24')), firstHost(parseSubnet('fd00:8::/64'))]).toEqual(['10.4.6.1', 'fd00:8::1']);
    expect(rangeOf('10.0.2.15', 24, 4)).toEqual({ family: 4, cidr: '10.0.2.0/24', len: 24, first: 0x0a000200n, last: 0x0a0002ffn });
    expect(rangeOf('10.0.2.15', 32, 4)).toMatchObject({ cidr: '10.0.2.15/32', first: 0x0a00020fn, last: 0x0a00020fn });
    expect(rangeOf('fd00::5', 127, 6)).toMatchObject({ cidr: 'fd00::4/127', last: (0xfd00n << 112n) + 5n });
    expect(rangeOf('junk', 24, 4)).toBeUndefined();
  });
});

describe('SubnetAllocator', () => {
  it('IPv4: skips the network and broadcast addresses and what is taken, lowest first, then says full', () => {
    expect(all(new SubnetAllocator(parseSubnet('10.0.0.0/29'), ['10.0.0.2', '10.0.0.4', '10.0.0.4', '10.0.0.9', '10.0.1.3', 'fd00::1', 'junk']))).toEqual(['10.0.0.1', '10.0.0.3', '10.0.0.5', '10.0.0.6']);
  });
  it('taken addresses in any order, including the first and the last usable ones', () => {
    expect(all(new SubnetAllocator(parseSubnet('10.0.0.0/29'), ['10.0.0.6', '10.0.0.1', '10.0.0.3', '10.0.0.0', '10.0.0.7']))).toEqual(['10.0.0.2', '10.0.0.4', '10.0.0.5']);
  });
  it('/31 and /32 have no network or broadcast address (RFC 3021)', () => {
    expect(all(new SubnetAllocator(parseSubnet('10.0.0.0/31'), []))).toEqual(['10.0.0.0', '10.0.0.1']);
    expect(all(new SubnetAllocator(parseSubnet('10.0.0.5/32'), []))).toEqual(['10.0.0.5']);
    expect(all(new SubnetAllocator(parseSubnet('10.0.0.0/30'), []))).toEqual(['10.0.0.1', '10.0.0.2']);
  });
  it('IPv6: skips the subnet-router anycast address, keeps the last one; /127 and /128 likewise', () => {
    expect(all(new SubnetAllocator(parseSubnet('fd00::/126'), ['fd00:0::2']))).toEqual(['fd00::1', 'fd00::3']);
    expect(all(new SubnetAllocator(parseSubnet('fd00::/127'), []))).toEqual(['fd00::1']);
    expect(all(new SubnetAllocator(parseSubnet('fd00::/128'), []))).toEqual([]);
  });
  it('a take after the subnet is full stays undefined; taken addresses below the next are passed over', () => {
    const a = new SubnetAllocator(parseSubnet('10.0.0.0/30'), ['10.0.0.1']);
    expect([a.take(), a.take(), a.take()]).toEqual(['10.0.0.2', undefined, undefined]);
  });
});
