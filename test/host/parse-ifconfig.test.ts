// parseIfconfig on every captured ifconfig output in the fixtures and the seeds, asserting parsed values.
import { describe, expect, it } from 'vitest';
import { parseIfconfig } from '../../src/host/parse/ifconfig.js';
import { netmaskToPrefixlen } from '../../src/host/parse/netmask.js';
import { between, fixture, seedBlock } from './fixtures.js';
import type { Interface } from '../../src/host/types.js';

const byName = (xs: Interface[]) => Object.fromEntries(xs.map((i) => [i.name, i]));

describe('parseIfconfig on fixtures', () => {
  it('05: 12.x bridge, renamed epair with ":" in its name, vlan re0.33, trailing spaces, hwaddr', () => {
    const { interfaces, warnings } = parseIfconfig(fixture('05-ifconfig-a-fbsd12-bridge-renamed-epair-description-cloudinit.txt'));
    expect(warnings).toEqual([]);
    expect(interfaces.map((i) => i.name)).toEqual(['vtnet0', 're0.33', 'bridge0', 'vnet0:11', 'lo0']);
    const i = byName(interfaces);
    expect(i.vtnet0).toMatchObject({ kind: 'physical', up: true, mtu: 1500, ether: '52:54:00:50:b7:0d', inet: [], groups: [] });
    expect(i['re0.33']).toMatchObject({ kind: 'vlan', groups: ['vlan'], status: 'active', ether: '80:00:73:63:5c:48' });
    expect(i['re0.33'].flags).toContain('PROMISC');
    expect(i.bridge0).toMatchObject({ kind: 'bridge', groups: ['bridge'], members: ['vnet0:11', 'vnet0:1'] });
    expect(i.bridge0.inet).toEqual([{ address: '192.168.1.1', prefixlen: 24, broadcast: '192.168.1.255' }]);
    expect(i['vnet0:11']).toMatchObject({ kind: 'epair', description: "'associated with jail: webirc'", ether: '02:ff:60:8c:f3:72', groups: ['epair'] });
    expect(i['vnet0:11'].epairPeer).toBeUndefined();
    expect(i['vnet0:11'].inet6).toEqual([{ address: 'fe80::2b:bbff:fe64:3f0a', prefixlen: 64, scopeid: '0x5', flags: ['tentative'] }]);
    expect(i.lo0).toMatchObject({ kind: 'loopback', mtu: 16384, groups: ['lo'] });
    expect(i.lo0.inet).toEqual([{ address: '127.0.0.1', prefixlen: 8 }]);
    expect(i.lo0.inet6).toEqual([{ address: '::1', prefixlen: 128 }, { address: 'fe80::1', prefixlen: 64, scopeid: '0x2' }]);
  });

  it('06: 14.x CIDR format (inet A/len, inet6 A%scope/len), LOWER_UP', () => {
    const { interfaces, warnings } = parseIfconfig(fixture('06-ifconfig-fbsd14-cidr-format-cloudinit.txt'));
    expect(warnings).toEqual([]);
    const i = byName(interfaces);
    expect(i.vtnet0.flags).toEqual(['UP', 'BROADCAST', 'RUNNING', 'SIMPLEX', 'MULTICAST', 'LOWER_UP']);
    expect(i.vtnet0.inet).toEqual([{ address: '198.51.100.13', prefixlen: 32, broadcast: '198.51.100.13' }]);
    expect(i.vtnet0.inet6).toEqual([{ address: 'fe80::9400:2ff:feb1:4968', prefixlen: 64, scopeid: '0x1' }]);
    expect(i.vtnet0.kind).toBe('physical');
    expect(i.lo0.inet).toEqual([{ address: '127.0.0.1', prefixlen: 8 }]);
    expect(i.lo0.inet6).toEqual([{ address: '::1', prefixlen: 128 }, { address: 'fe80::1', prefixlen: 64, scopeid: '0x2' }]);
  });

  it('07: 13.x spaces instead of tabs, bridge with three epair members in listed order, descriptions', () => {
    const { interfaces, warnings } = parseIfconfig(fixture('07-ifconfig-fbsd13-bridge-epairs-descriptions-cloudinit.txt'));
    expect(warnings).toEqual([]);
    expect(interfaces.map((i) => i.name)).toEqual(['vtnet0', 'lo0', 'bridge0', 'epair10a', 'epair20a', 'epair30a']);
    const i = byName(interfaces);
    expect(i.bridge0.members).toEqual(['epair40a', 'epair30a', 'epair20a']);
    expect(i.bridge0.inet6).toEqual([
      { address: 'fe80::5a9c:fcff:fe10:eb7d', prefixlen: 64, scopeid: '0x3' },
      { address: '2001:db8:c01:bdb0::1', prefixlen: 64 },
    ]);
    expect(i.vtnet0.inet).toEqual([{ address: '203.0.113.41', prefixlen: 32, broadcast: '203.0.113.41' }]);
    expect(i.epair10a).toMatchObject({ kind: 'epair', description: 'vnet-webserver', epairPeer: 'epair10b', status: 'active' });
    expect(i.epair30a.description).toBe('vnet-webirc');
  });

  it('08: 14.x renamed vlan (salsa0), unconfigured vlan1 with options=0, DOWN interface', () => {
    const { interfaces, warnings } = parseIfconfig(fixture('08-ifconfig-fbsd14-em0-lo0-vlan-renamed.txt'));
    expect(warnings).toEqual([]);
    const i = byName(interfaces);
    expect(i.em0.inet).toEqual([{ address: '192.168.88.241', prefixlen: 24, broadcast: '192.168.88.255' }]);
    expect(i.salsa0).toMatchObject({ kind: 'vlan', up: false, groups: ['vlan'] });
    expect(i.vlan1).toMatchObject({ kind: 'vlan', up: false, flags: ['BROADCAST', 'MULTICAST'] });
  });

  it('14: ifconfig inside a vnet jail (epair b side keeps its description)', () => {
    const text = between(fixture('14-vnet-jail-inside-ifconfig-j-and-route-get-fbsd14.txt'), /^epair8b:/, /^op@nuc/);
    const { interfaces, warnings } = parseIfconfig(text);
    expect(warnings).toEqual([]);
    expect(interfaces).toHaveLength(1);
    expect(interfaces[0]).toMatchObject({
      name: 'epair8b', kind: 'epair', epairPeer: 'epair8a', description: 'jail:alpine:bridge1',
      inet: [{ address: '10.0.0.13', prefixlen: 24, broadcast: '10.0.0.255' }],
    });
  });

  it('16: 4-space indentation, lo1 with only inet6, SLAAC flags and lifetimes', () => {
    const text = between(fixture('16-route-n-get-default-and-ifconfig-lo1-fbsd14-ohai.txt'), /^vtnet0: flags/);
    const { interfaces, warnings } = parseIfconfig(text);
    expect(warnings).toEqual([]);
    const i = byName(interfaces);
    expect(i.vtnet0.inet).toEqual([{ address: '140.211.10.91', prefixlen: 26, broadcast: '140.211.10.127' }]);
    expect(i.vtnet0.inet6[1]).toEqual({ address: '2605:bc80:3010:506:f816:3eff:feba:3e25', prefixlen: 64, flags: ['autoconf'] });
    expect(i.lo1).toMatchObject({ kind: 'loopback', inet: [], groups: ['lo'] });
    expect(i.lo1.inet6.map((a) => a.address)).toEqual(['fe80::1', '::1']);
  });

  it('inet6 address flags, each word af_inet6.c in6_status prints, in its order, before scopeid and lifetimes', () => {
    const text = [
      'bridge0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500',
      '\tinet6 fd00:8::1 prefixlen 64 tentative',
      '\tinet6 fd00:8::2 prefixlen 64 duplicated',
      '\tinet6 fe80::1%bridge0 prefixlen 64 tentative duplicated scopeid 0x3',
      '\tinet6 2001:db8::5 prefixlen 64 detached deprecated autoconf temporary pltime 0 vltime 120',
      '\tinet6 fd00:8::3/64 anycast',
    ].join('\n');
    const flags = parseIfconfig(text).interfaces[0].inet6.map((a) => [a.address, a.flags ?? []]);
    expect(flags).toEqual([
      ['fd00:8::1', ['tentative']], ['fd00:8::2', ['duplicated']], ['fe80::1', ['tentative', 'duplicated']],
      ['2001:db8::5', ['detached', 'deprecated', 'autoconf', 'temporary']], ['fd00:8::3', ['anycast']],
    ]);
  });

  it('17: fresh vnet jail (lo0 DOWN, no addresses), vlan on an epair; jail b is truncated mid-line', () => {
    const text = fixture('17-vnet-jail-inside-fresh-lo0-down-vlan-on-epair-fbsd14-opnsense.txt');
    const a = parseIfconfig(between(text, /^lo0:/, /^=== jail b/));
    expect(a.warnings).toEqual([]);
    const ia = byName(a.interfaces);
    expect(ia.lo0).toMatchObject({ kind: 'loopback', up: false, inet: [], inet6: [] });
    expect(ia.epair0b).toMatchObject({ kind: 'epair', epairPeer: 'epair0a', up: true });
    expect(ia.vlan3).toMatchObject({ kind: 'vlan', inet: [{ address: '172.16.2.1', prefixlen: 24, broadcast: '172.16.2.255' }] });
    const b = parseIfconfig(between(text, /^=== jail b/).split('\n').slice(1).join('\n'));
    expect(b.interfaces.map((i) => i.name)).toEqual(['lo0', 'epair1b']);
    expect(b.interfaces[1].flags).toContain('PROMISC');
    expect(b.warnings).toHaveLength(1);
    expect(b.warnings[0]).toMatch(/line 9 looks truncated/);
  });

  it('18: renamed epair a side as bridge member; capture truncated after the member line', () => {
    const text = fixture('18-ifconfig-fbsd14-host-bridge-renamed-epair-bastille.txt').split('\n').slice(1).join('\n');
    const { interfaces, warnings } = parseIfconfig(text);
    const i = byName(interfaces);
    expect(interfaces.map((x) => x.name)).toEqual(['re0', 'lo0', 're0bridge']);
    expect(i.re0bridge).toMatchObject({ kind: 'bridge', members: ['e0a_bastille0'], groups: [] });
    expect(i.re0.inet6.map((a) => a.address)).toEqual([
      'fe80::428d:5cff:fe58:c5f6', '2605:59c8:892:2010:428d:5cff:fe58:c5f6', 'fd1f:71ae:fb88:10:428d:5cff:fe58:c5f6',
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/line 24 looks truncated/);
  });

  it('25: 11.x ordering (groups before the bridge block), STP members with continuation lines', () => {
    const text = fixture('25-ifconfig-create-list-and-stp-bridges-fbsd11-genneko.txt');
    const b0 = parseIfconfig(between(text, /^bridge0: flags/, /^\$/));
    const b1 = parseIfconfig(between(text, /^bridge1: flags/));
    expect(b0.warnings).toEqual([]);
    expect(b0.interfaces).toHaveLength(1);
    expect(b0.interfaces[0]).toMatchObject({ name: 'bridge0', kind: 'bridge', members: ['epair2b', 'epair0a'], ether: '02:98:96:7c:39:00' });
    expect(b1.interfaces[0].members).toEqual(['epair0b', 'epair1a']);
  });

  it('26: wrapped header and an un-indented options line are reported by line number, the rest is parsed', () => {
    const text = between(fixture('26-vnet-fresh-jail-ifconfig-and-route-add-fbsd14-fjournal-vpp.txt'), /^lo0:/, /^# ifconfig epair0b/);
    const { interfaces, warnings } = parseIfconfig(text);
    expect(interfaces.map((i) => [i.name, i.kind, i.up])).toEqual([['lo0', 'loopback', false], ['epair0b', 'epair', false]]);
    expect(interfaces[1].mtu).toBeUndefined();
    expect(interfaces[1].ether).toBe('02:90:ed:bd:8b:0b');
    expect(warnings).toEqual([
      expect.stringMatching(/line 2: not an ifconfig line.*options=680003/),
      expect.stringMatching(/line 6: not an ifconfig line.*mtu 1500/),
    ]);
  });
});

describe('parseIfconfig on the seeds', () => {
  it('002: inside a vnet container (flags=0<>, pflog0) and the host with kleene0/kleene1', () => {
    const inside = parseIfconfig(between(seedBlock('002_33106c0416bbc289.txt', 'klee run -l vnet'), /^lo0:/, /^$/));
    expect(inside.warnings).toEqual([]);
    const i = byName(inside.interfaces);
    expect(i.pflog0).toMatchObject({ flags: [], up: false, kind: 'other', groups: ['pflog'], mtu: 33160 });
    expect(i.epair0b.inet).toEqual([{ address: '10.4.6.2', prefixlen: 24, broadcast: '10.4.6.255' }]);
    const host = parseIfconfig(between(seedBlock('002_33106c0416bbc289.txt', '$ ifconfig\n'), /^em0:/));
    expect(host.warnings).toEqual([]);
    const h = byName(host.interfaces);
    expect(host.interfaces.map((x) => x.name)).toEqual(['em0', 'lo0', 'pflog0', 'kleene0', 'kleene1']);
    expect(h.em0).toMatchObject({ kind: 'physical', inet: [{ address: '10.0.2.15', prefixlen: 24, broadcast: '10.0.2.255' }] });
    expect(h.kleene0).toMatchObject({ kind: 'loopback', inet: [], inet6: [{ address: 'fe80::1', prefixlen: 64, scopeid: '0x5' }] });
    expect(h.kleene1).toMatchObject({ kind: 'bridge', members: [], groups: ['bridge'], inet: [{ address: '10.4.6.1', prefixlen: 24, broadcast: '10.4.6.255' }] });
  });

  it('003: ipnet container sees the host interfaces and kleene0 with 10.2.3.1/32', () => {
    const text = between(seedBlock('003_2385bb5227b9fb3c.txt', 'klee run -l ipnet -n testnet FreeBSD ifconfig'), /^em0:/, /^$/);
    const { interfaces, warnings } = parseIfconfig(text);
    expect(warnings).toEqual([]);
    const i = byName(interfaces);
    expect(interfaces.map((x) => x.name)).toEqual(['em0', 'lo0', 'pflog0', 'kleene0']);
    expect(i.kleene0).toMatchObject({ kind: 'loopback', up: true, inet: [{ address: '10.2.3.1', prefixlen: 32 }] });
    expect(i.em0).toMatchObject({ kind: 'physical', status: 'active', inet: [] });
  });
});

describe('parseIfconfig edge cases', () => {
  it('14.x flags=0 without <>, point-to-point, vhid, and names with "." ":" "_"', () => {
    const text = [
      'tun0: flags=0 metric 0 mtu 1500',
      '\tinet 10.9.0.1 --> 10.9.0.2 netmask 0xffffffff',
      'carp_x.1:2: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500',
      '\tinet 192.0.2.5 netmask 255.255.255.0 broadcast 192.0.2.255 vhid 3',
    ].join('\n');
    const { interfaces, warnings } = parseIfconfig(text);
    expect(warnings).toEqual([]);
    expect(interfaces[0]).toMatchObject({ name: 'tun0', flags: [], up: false, inet: [{ address: '10.9.0.1', prefixlen: 32, destination: '10.9.0.2' }] });
    expect(interfaces[1]).toMatchObject({ name: 'carp_x.1:2', inet: [{ address: '192.0.2.5', prefixlen: 24, broadcast: '192.0.2.255', vhid: 3 }] });
  });

  it('a detail line before any header is an error naming line 1', () => {
    expect(() => parseIfconfig('\tinet 10.0.0.1 netmask 0xff000000\n')).toThrow(/line 1: detail line before any interface header/);
  });

  it('garbage lines become warnings naming the line, never a crash', () => {
    const { interfaces, warnings } = parseIfconfig('lo0: flags=8049<UP,LOOPBACK> metric 0 mtu 16384\nhello world\n\tinet bogus netmask 0xff\n\x00\x01\n');
    expect(interfaces.map((i) => i.name)).toEqual(['lo0']);
    expect(warnings).toEqual([
      expect.stringMatching(/line 2: not an ifconfig line/),
      expect.stringMatching(/line 3: unreadable inet address/),
      expect.stringMatching(/line 4: not an ifconfig line/),
    ]);
  });

  it('a line ifconfig prints once per interface, or a name, seen twice is not read: a description held a newline (issue 14.9)', () => {
    // ifconfig prints a description raw (ifconfig_netlink.c status_nl): "x\n\tgroups: bridge" forges a groups line.
    const lo1 = 'lo1: flags=1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP> metric 0 mtu 16384\n\tdescription: klee:web:back\n\tgroups: bridge\n\tinet 10.2.3.1 netmask 0xffffffff\n\tgroups: lo\n';
    expect(parseIfconfig(lo1).incomplete).toEqual(['ifconfig -a: line 5: a second "groups:" line for lo1 (a description holding a newline?)']);
    const phantom = `${lo1.replace('\tgroups: bridge\n', '')}lo1: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n`;
    expect(parseIfconfig(phantom).incomplete).toEqual(['ifconfig -a: line 5: interface lo1 is listed twice (a description holding a newline?)']);
    // An interface with a media line is no bridge, whatever groups it shows (if_bridge.c has no ifmedia).
    const em0 = 'em0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n\tdescription: x\n\tgroups: bridge\n\tether 08:00:27:b2:00:96\n\tmedia: Ethernet autoselect (1000baseT <full-duplex>)\n\tstatus: active\n';
    expect(parseIfconfig(em0).interfaces[0]).toMatchObject({ kind: 'physical', groups: ['bridge'] });
  });

  it('netmasks: hex and dotted, contiguous only', () => {
    expect(netmaskToPrefixlen('0xffffff00')).toBe(24);
    expect(netmaskToPrefixlen('0xffffffc0')).toBe(26);
    expect(netmaskToPrefixlen('0xff000000')).toBe(8);
    expect(netmaskToPrefixlen('0xffffffff')).toBe(32);
    expect(netmaskToPrefixlen('0x0')).toBe(0);
    expect(netmaskToPrefixlen('255.255.0.0')).toBe(16);
    expect(netmaskToPrefixlen('0xff00ff00')).toBeUndefined();
  });
});
