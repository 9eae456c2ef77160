// Which address a container gets: explicit, else the one it has (ipnet: its ip4.addr; vnet: inside its epair's b side),
// else the lowest free; and which addresses count as in use or as someone else's.
import { describe, expect, it } from 'vitest';
import { ownership } from '../../src/host/ownership.js';
import { currentAddress, foreignAddresses, hostAddresses } from '../../src/planner/kinds/address-choice.js';
import { firstEpairs, observe } from '../../src/planner/observed.js';
import { parseSubnet } from '../../src/planner/ip.js';
import { freshHost, iface, jail } from './builders.js';

/** A host with our loopback network, one ipnet jail, one vnet jail with two epairs on the bridge, and foreign things. */
function host() {
  const h = freshHost();
  h.interfaces.push(
    iface('kleene0', { kind: 'loopback', description: 'klee:p:lo', inet: [{ address: '10.2.3.1', prefixlen: 32 }, { address: '10.2.3.7', prefixlen: 32 }] }),
    iface('kleene1', { kind: 'bridge', description: 'klee:p:br', inet: [{ address: '10.4.6.1', prefixlen: 24 }], members: ['epair1a', 'epair0a'] }),
    iface('epair0a', { description: 'klee:p:v:br', epairPeer: 'epair0b' }),
    iface('epair1a', { description: 'klee:p:v:br', epairPeer: 'epair1b' }),
  );
  // em0 (the user's) holds an address of its own and one of our ipnet jail's (a custom network's alias)
  h.interfaces.find((i) => i.name === 'em0')!.inet6.push({ address: 'fd00:0::9', prefixlen: 128 }, { address: 'fd00:2:0::1', prefixlen: 128 });
  h.jails.push(
    jail('p_a', { jid: 1, ip4: ['10.2.3.1'], ip6: ['fd00:2::1'], meta: 'klee:v1:p:a:00' }),
    jail('p_v', { jid: 2, vnet: true, meta: 'klee:v1:p:v:00', inside: { interfaces: [
      iface('epair1b', { inet: [{ address: '10.4.6.9', prefixlen: 24 }] }),
      iface('epair0b', { inet: [{ address: '10.4.6.8', prefixlen: 24 }], inet6: [{ address: 'fd00:4::8', prefixlen: 64 }] }),
    ] } }),
    jail('other', { jid: 3, ip4: ['10.2.3.50'], ip6: ['FD00:2::0050'] }),
  );
  return h;
}

describe('addresses on the host', () => {
  it('firstEpairs: the first epair of each container and network', () => {
    expect([...firstEpairs(ownership(host(), 'p'))].map(([k, e]) => [k, e.name])).toEqual([['v\0br', 'epair0a']]);
  });

  it('currentAddress: an ipnet jail\'s own address in the subnet; a vnet jail\'s inside its first epair\'s b side', () => {
    const h = host();
    const own = ownership(h, 'p');
    const ep = firstEpairs(own);
    const [a, v] = [own.jails.find((j) => j.container === 'a')!, own.jails.find((j) => j.container === 'v')!];
    expect(currentAddress(ep, a, 'lo', parseSubnet('10.2.3.0/24'))).toBe('10.2.3.1');
    expect(currentAddress(ep, a, 'lo', parseSubnet('10.9.0.0/24'))).toBeUndefined();
    expect(currentAddress(ep, a, 'lo', parseSubnet('fd00:2::/64'))).toBe('fd00:2::1');
    expect(currentAddress(ep, v, 'br', parseSubnet('10.4.6.0/24'))).toBe('10.4.6.8');
    expect(currentAddress(ep, v, 'br', parseSubnet('fd00:4::/64'))).toBe('fd00:4::8');
    expect(currentAddress(ep, v, 'other', parseSubnet('10.4.6.0/24'))).toBeUndefined(); // no epair for that network
    const bare = { ...v, jail: { ...v.jail, inside: undefined } }; // not looked into (not running)
    expect(currentAddress(ep, bare, 'br', parseSubnet('10.4.6.0/24'))).toBeUndefined();
    expect(currentAddress(ep, bare, 'br', parseSubnet('fd00:4::/64'))).toBeUndefined();
  });

  it('hostAddresses: interfaces (but the leaked ones), jails, inside vnet jails', () => {
    const got = hostAddresses(host(), new Set(['10.2.3.7']));
    expect(got).toEqual(expect.arrayContaining(['10.0.2.15', 'fd00:0::9', '10.2.3.1', '10.4.6.1', 'fd00:2::1', '10.4.6.9', '10.4.6.8', 'fd00:4::8', '10.2.3.50', 'FD00:2::0050']));
    expect(got).not.toContain('10.2.3.7');
    expect(hostAddresses(host())).toContain('10.2.3.7');
  });

  it('foreignAddresses: what others hold, canonical, naming the holder; never our interfaces, aliases or jails', () => {
    const f = foreignAddresses(observe('p', host()));
    expect(Object.fromEntries(f)).toEqual({
      '10.0.2.15': 'interface em0', 'fd00::9': 'interface em0', '127.0.0.1': 'interface lo0', '::1': 'interface lo0',
      '10.2.3.50': 'jail "other"', 'fd00:2::50': 'jail "other"', '10.0.2.2': "the host's default gateway",
    });
  });
});

describe('choosing addresses in a plan', () => {
  it('an explicit address someone else holds is refused naming the holder; a dying jail keeps no address', async () => {
    const { plan } = await import('../../src/planner/plan.js');
    const { PlanError } = await import('../../src/planner/errors.js');
    const { ctr, net, spec } = await import('./builders.js');
    const h = host();
    const s = spec('p', [net('lo', { subnet: '10.2.3.0/24' })], [ctr('p', 'x', { networks: [{ network: 'lo', ip: '10.2.3.50' }] })]);
    let problems: string[] = [];
    try { plan(s, h, { host: 't' }); } catch (e) { if (e instanceof PlanError) problems = e.problems; else throw e; }
    expect(problems).toContain('container "x": address 10.2.3.50 on network "lo" is already in use on the host (jail "other")');
    const d = freshHost();
    d.interfaces.push(iface('kleene0', { kind: 'loopback', description: 'klee:p:lo' }));
    d.jails.push(jail('p_a', { jid: 1, ip4: ['10.2.3.1'], meta: 'klee:v1:p:a:00', dying: true }));
    const p = plan(spec('p', [net('lo', { subnet: '10.2.3.0/24' })], [ctr('p', 'a', { networks: [{ network: 'lo' }] })]), d, { host: 't' });
    expect(p.actions.find((a) => a.id === 'container:a')?.facts.addresses).toBe('lo=10.2.3.2'); // its old one is still held
  });

  it('the host\'s default gateway and its own addresses are never a container\'s (issue 14.12: ip 10.0.2.2, the gateway, was accepted)', async () => {
    const { plan } = await import('../../src/planner/plan.js');
    const { PlanError } = await import('../../src/planner/errors.js');
    const { ctr, net, spec } = await import('./builders.js');
    const lan = net('lan', { type: 'custom', interface: 'em0', subnet: '10.0.2.0/24' });
    for (const [ip, holder] of [['10.0.2.2', "the host's default gateway"], ['10.0.2.15', 'interface em0']]) {
      let problems: string[] = [];
      try { plan(spec('p', [lan], [ctr('p', 'x', { networks: [{ network: 'lan', ip }] })]), freshHost(), { host: 't' }); } catch (e) { if (e instanceof PlanError) problems = e.problems; else throw e; }
      expect(problems).toEqual([`container "x": address ${ip} on network "lan" is already in use on the host (${holder})`]);
    }
    const auto = plan(spec('p', [lan], ['a', 'b', 'c'].map((n) => ctr('p', n, { networks: [{ network: 'lan' }] }))), freshHost(), { host: 't' });
    expect(auto.actions.filter((a) => a.resource === 'container').map((a) => a.facts.addresses)).toEqual(['lan=10.0.2.1', 'lan=10.0.2.3', 'lan=10.0.2.4']);
  });
});

