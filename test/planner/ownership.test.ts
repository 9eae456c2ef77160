import { describe, expect, it } from 'vitest';
import { listProjects, ownership } from '../../src/host/ownership.js';
import { freshHost, iface, jail } from './builders.js';

describe('ownership', () => {
  it('finds networks, epairs with their bridge, jails and their aliases by label and meta', () => {
    const s = freshHost();
    s.interfaces.push(
      iface('kleene0', { kind: 'loopback', description: 'klee:web:front', inet: [{ address: '10.2.3.1', prefixlen: 32 }] }),
      iface('kleene1', { kind: 'bridge', description: 'klee:web:back', members: ['epair3a'] }),
      iface('epair3a', { description: 'klee:web:db:back', epairPeer: 'epair3b' }),
      iface('kleene2', { kind: 'bridge', description: 'klee:other:net' }),
    );
    s.jails.push(
      jail('web_app', { jid: 4, ip4: ['10.2.3.1', '10.2.3.9'], meta: 'klee:v1:web:app:0123456789abcdef' }),
      jail('web_db', { jid: 5, vnet: true, meta: 'klee:v1:web:db:aaaaaaaaaaaaaaaa' }),
      jail('web_x', { jid: 6 }),
      jail('other_y', { jid: 7, meta: 'klee:v1:other:y:bbbbbbbbbbbbbbbb' }),
    );
    const o = ownership(s, 'web');
    expect(o.networks.map((n) => [n.network, n.interface])).toEqual([['back', 'kleene1'], ['front', 'kleene0']]);
    expect(o.epairs.map((e) => [e.container, e.network, e.name, e.peer, e.unit, e.bridge])).toEqual([['db', 'back', 'epair3a', 'epair3b', 3, 'kleene1']]);
    expect(o.jails.map((j) => [j.container, j.hash])).toEqual([['app', '0123456789abcdef'], ['db', 'aaaaaaaaaaaaaaaa']]);
    expect(o.collisions.map((c) => c.container)).toEqual(['x']);
    expect(o.collisions[0].reason).toContain('web_x');
    expect(o.aliases).toEqual([
      { container: 'app', family: 'inet', address: '10.2.3.1', interface: 'kleene0' },
      { container: 'app', family: 'inet', address: '10.2.3.9', interface: undefined },
    ]);
    expect(listProjects(s)).toEqual(['other', 'web']);
  });

  it('accepts a jail with our name and no meta on a kernel without meta', () => {
    const s = freshHost();
    s.sysctl.jailMetaMax = 0;
    s.jails.push(jail('web_app', { jid: 2 }));
    const o = ownership(s, 'web');
    expect(o.jails.map((j) => [j.container, j.hash])).toEqual([['app', undefined]]);
    expect(o.collisions).toEqual([]);
  });

  it('treats a meta naming another container as a collision', () => {
    const s = freshHost();
    s.jails.push(jail('web_app', { meta: 'klee:v1:web:other:0123456789abcdef' }));
    expect(ownership(s, 'web').collisions).toHaveLength(1);
  });

  it("a container name with '_' (the seeds' strange_moser): the jail name splits at the first '_', so it is the project's", () => {
    for (const metaMax of [4096, 0]) {
      const s = freshHost();
      s.sysctl.jailMetaMax = metaMax;
      s.jails.push(jail('seedipnet_strange_moser', { jid: 3, ip4: ['10.2.3.2'], meta: metaMax ? 'klee:v1:seedipnet:strange_moser:0123456789abcdef' : undefined }));
      expect([metaMax, ownership(s, 'seedipnet').jails.map((j) => j.container)]).toEqual([metaMax, ['strange_moser']]);
      expect([metaMax, ownership(s, 'seedipnet').collisions]).toEqual([metaMax, []]);
      expect(ownership(s, 'seedipnet_strange').jails).toEqual([]);
    }
  });

  it('projects whose names are prefixes of each other (web, webapp) own only their own resources', () => {
    const s = freshHost();
    s.interfaces.push(
      iface('kleene0', { kind: 'bridge', description: 'klee:web:front', members: ['epair0a'] }),
      iface('kleene1', { kind: 'bridge', description: 'klee:webapp:front', members: ['epair1a'] }),
      iface('epair0a', { description: 'klee:web:db:front', epairPeer: 'epair0b' }),
      iface('epair1a', { description: 'klee:webapp:db:front', epairPeer: 'epair1b' }),
      iface('kleene2', { kind: 'loopback', description: 'klee:webapp:back', inet: [{ address: '10.9.0.2', prefixlen: 32 }] }),
    );
    s.jails.push(
      jail('web_db', { jid: 1, vnet: true, meta: 'klee:v1:web:db:0123456789abcdef' }),
      jail('webapp_db', { jid: 2, vnet: true, meta: 'klee:v1:webapp:db:aaaaaaaaaaaaaaaa' }),
      jail('webapp_api', { jid: 3, ip4: ['10.9.0.2'], meta: 'klee:v1:webapp:api:bbbbbbbbbbbbbbbb' }),
    );
    const web = ownership(s, 'web');
    expect([web.networks.map((n) => n.interface), web.epairs.map((e) => e.name), web.jails.map((j) => j.jail.name), web.aliases, web.collisions]).toEqual([['kleene0'], ['epair0a'], ['web_db'], [], []]);
    const webapp = ownership(s, 'webapp');
    expect([webapp.networks.map((n) => n.interface), webapp.epairs.map((e) => e.name), webapp.jails.map((j) => j.jail.name), webapp.collisions]).toEqual([['kleene2', 'kleene1'], ['epair1a'], ['webapp_api', 'webapp_db'], []]);
    expect(webapp.aliases.map((a) => [a.container, a.address, a.interface])).toEqual([['api', '10.9.0.2', 'kleene2']]);
    expect(ownership(s, 'we')).toEqual({ project: 'we', networks: [], epairs: [], jails: [], collisions: [], aliases: [] });
    expect(listProjects(s)).toEqual(['web', 'webapp']);
  });

  it('only a side of an epair is an owned epair; its peer defaults to the b side; lists come sorted', () => {
    const s = freshHost();
    s.interfaces.push(
      iface('epair9a', { description: 'klee:web:z:n2' }), // no epairPeer in the probe: the b side is epair9b
      iface('epair2a', { description: 'klee:web:z:n1', epairPeer: 'epair2b' }),
      iface('epair1a', { description: 'klee:web:z:n1', epairPeer: 'epair1b' }),
      iface('epair5a', { description: 'klee:web:a:n9', epairPeer: 'epair5b' }),
      iface('epair2b', { description: 'klee:web:z:n1', epairPeer: 'epair2a' }), // a b side carrying a label: not an epair of ours
      iface('bridge7', { kind: 'bridge', description: 'klee:web:z:n3' }), // an epair label on something that is no epair
      iface('uplinka', { description: 'klee:web:z:n4' }), // nor is a renamed interface whose name ends in "a"
      iface('kleene3', { kind: 'bridge', description: 'klee:web:b' }), iface('kleene1', { kind: 'bridge', description: 'klee:web:a' }),
    );
    s.jails.push(
      jail('web_z', { jid: 3, ip4: ['10.1.0.9', '10.1.0.2'], ip6: ['fd00::2'], meta: 'klee:v1:web:z:00' }),
      jail('web_v', { jid: 4, vnet: true, ip4: ['10.1.0.7'], meta: 'klee:v1:web:v:00' }), // a vnet jail's addresses are inside it, not aliases
      jail('web_c', { jid: 5, meta: 'klee:v1:other:c:00' }), jail('web_b', { jid: 6 }),
    );
    const o = ownership(s, 'web');
    expect(o.networks.map((n) => n.interface)).toEqual(['kleene1', 'kleene3']);
    expect(o.epairs.map((e) => [e.container, e.network, e.name, e.peer])).toEqual([
      ['a', 'n9', 'epair5a', 'epair5b'], ['z', 'n1', 'epair1a', 'epair1b'], ['z', 'n1', 'epair2a', 'epair2b'], ['z', 'n2', 'epair9a', 'epair9b'],
    ]);
    expect(o.jails.map((j) => j.container)).toEqual(['v', 'z']);
    expect(o.collisions.map((c) => [c.container, c.reason])).toEqual([
      ['b', 'jail "web_b" (jid 6) exists and is not klee\'s: it has no klee meta parameter'],
      ['c', 'jail "web_c" (jid 5) exists and is not klee\'s: its meta is "klee:v1:other:c:00"'],
    ]);
    expect(o.aliases.map((a) => [a.container, a.family, a.address])).toEqual([['z', 'inet', '10.1.0.2'], ['z', 'inet', '10.1.0.9'], ['z', 'inet6', 'fd00::2']]);
  });

  it('an alias is placed on the first interface that holds the address', () => {
    const s = freshHost();
    s.interfaces.push(
      iface('kleene0', { kind: 'loopback', description: 'klee:web:lo', inet: [{ address: '10.2.3.4', prefixlen: 32 }] }),
      iface('kleene1', { kind: 'loopback', inet: [{ address: '10.2.3.4', prefixlen: 32 }], inet6: [{ address: 'fd00::4', prefixlen: 128 }] }),
      iface('kleene2', { kind: 'loopback', inet6: [{ address: 'fd00::4', prefixlen: 128 }] }),
    );
    s.jails.push(jail('web_a', { ip4: ['10.2.3.4'], ip6: ['fd00::4'], meta: 'klee:v1:web:a:00' }));
    expect(ownership(s, 'web').aliases.map((a) => [a.address, a.interface])).toEqual([['10.2.3.4', 'kleene0'], ['fd00::4', 'kleene1']]);
  });

  it('aliases sort by container, then family (inet before inet6), then address', () => {
    const s = freshHost();
    s.jails.push(jail('web_b', { ip4: ['9.1.0.2'], ip6: ['2001:db8::2'], meta: 'klee:v1:web:b:00' }), jail('web_a', { ip4: ['9.1.0.9', '10.1.0.1'], meta: 'klee:v1:web:a:00' }));
    expect(ownership(s, 'web').aliases.map((a) => `${a.container} ${a.address}`)).toEqual(['a 10.1.0.1', 'a 9.1.0.9', 'b 9.1.0.2', 'b 2001:db8::2']);
  });

  it('on a kernel without meta, a jail with our name and a meta that is not ours is still a collision', () => {
    const s = freshHost();
    s.sysctl.jailMetaMax = 0;
    s.jails.push(jail('web_a', { meta: 'klee:v1:other:a:00' }), jail('web_b', { meta: 'something else' }));
    const o = ownership(s, 'web');
    expect([o.jails, o.collisions.map((c) => c.container)]).toEqual([[], ['a', 'b']]);
  });

  it('listProjects: from labels, klee metas and pf anchors, sorted; a bare jail name is no proof', () => {
    const s = freshHost();
    // kleene0 is a bridge clone (a label on an interface klee could not have made is no proof either: issue 14.9)
    s.interfaces.push(iface('kleene0', { kind: 'bridge', description: 'klee:zeta:n' }), iface('em1', { description: 'uplink' }), iface('em2', { kind: 'physical', description: 'klee:eta:n' }));
    s.jails.push(jail('alpha_a', { meta: 'klee:v1:alpha:a:00' }), jail('my_jail'), jail('x_y', { meta: 'not klee' }));
    s.pf.projects = ['mid'];
    expect(listProjects(s)).toEqual(['alpha', 'mid', 'zeta']);
  });
});

