// route, sysctl, uname, pf, zfs, mount -p and inside-probe parsers on fixture and source-derived texts.
import { describe, expect, it } from 'vitest';
import { parseNetstatDefault, parseRouteGet } from '../../src/host/parse/route.js';
import { parseSysctl, parseUname, unknownOids } from '../../src/host/parse/sysctl.js';
import { parsePfAnchors, parsePfHooks, parsePfListing, parsePfStatus, parsePfSubnets, rulesetHash } from '../../src/host/parse/pf.js';
import { parseZfsList } from '../../src/host/parse/zfs.js';
import { parseInside } from '../../src/host/parse/inside.js';
import { splitInsideBatch } from '../../src/host/parse/inside-batch.js';
import { parseMountP } from '../../src/host/parse/mount.js';
import { between, fixture } from './fixtures.js';

describe('parseRouteGet', () => {
  it('16: route -n get default (gateway, interface)', () => {
    const text = between(fixture('16-route-n-get-default-and-ifconfig-lo1-fbsd14-ohai.txt'), /route to:/, /^###/);
    expect(parseRouteGet(text)).toEqual({ gateway: '140.211.10.65', interface: 'vtnet0' });
  });
  it('14: route get inside a vnet jail', () => {
    const text = between(fixture('14-vnet-jail-inside-ifconfig-j-and-route-get-fbsd14.txt'), /route to:/);
    expect(parseRouteGet(text)).toEqual({ gateway: '10.0.0.1', interface: 'epair8b' });
  });
  it('no default route (R4 text) -> undefined', () => {
    expect(parseRouteGet('route: route has not been found\n')).toBeUndefined();
    expect(parseRouteGet('')).toBeUndefined();
  });
  it('netstat -rn --libxo=json default route', () => {
    const json = JSON.stringify({ statistics: { 'route-information': { 'route-table': { 'rt-family': [
      { 'address-family': 'Internet', 'rt-entry': [{ destination: 'default', gateway: '10.0.2.2', flags: 'UGS', 'interface-name': 'em0' }, { destination: '127.0.0.1', gateway: 'lo0', 'interface-name': 'lo0' }] },
    ] } } } });
    expect(parseNetstatDefault(json)).toEqual({ gateway: '10.0.2.2', interface: 'em0' });
    expect(parseNetstatDefault(json, 'Internet6')).toBeUndefined();
  });
});

describe('sysctl and uname', () => {
  it('name: value lines; unknown oids from stderr', () => {
    expect(parseSysctl('net.inet.ip.forwarding: 1\nnet.inet6.ip6.forwarding: 0\nkern.features.vimage: 1\n')).toEqual({
      'net.inet.ip.forwarding': '1', 'net.inet6.ip6.forwarding': '0', 'kern.features.vimage': '1',
    });
    expect(unknownOids("sysctl: unknown oid 'security.jail.meta_maxbufsize'\n")).toEqual(['security.jail.meta_maxbufsize']);
  });
  it('uname -sr', () => {
    expect(parseUname('FreeBSD 14.1-RELEASE\n')).toEqual({ sysname: 'FreeBSD', release: '14.1-RELEASE' });
    expect(parseUname('Linux 6.1.0\n').sysname).toBe('Linux');
  });
});

describe('pf', () => {
  it('status line of pfctl -s info', () => {
    expect(parsePfStatus('Status: Enabled for 0 days 01:02:03           Debug: Urgent\n\nState Table ...')).toBe(true);
    expect(parsePfStatus('Status: Disabled                             Debug: Urgent\n')).toBe(false);
    expect(parsePfStatus('')).toBeUndefined();
  });
  it('anchor hooks as print_rule prints them', () => {
    const nat = 'nat-anchor "klee/*" all\nrdr-anchor "klee/*" all\nnat on em0 inet from 10.0.0.0/24 to any -> (em0) round-robin\n';
    expect(parsePfHooks(nat, 'scrub in all fragment reassemble\nanchor "klee/*" all\npass all flags S/SA keep state\n')).toEqual({ nat: true, rdr: true, filter: true });
    expect(parsePfHooks('nat-anchor "other/*" all\n', '@3 anchor "klee/*" all\n')).toEqual({ nat: false, rdr: false, filter: true });
    expect(parsePfHooks('', 'anchor "klee/web" all\n').filter).toBe(false);
  });
  it('sub-anchors and the project hash label', () => {
    expect(parsePfAnchors('  klee/web\n  klee/api\n')).toEqual(['api', 'web']);
    expect(parsePfAnchors('')).toEqual([]);
    expect(rulesetHash(parsePfListing('', 'pass all\npass in quick on kleene1 inet proto tcp from any to 10.4.6.10 port = 5432 flags S/SA keep state label "klee:3fa9c0"\n'))).toBe('3fa9c0');
    expect(rulesetHash(parsePfListing('rdr pass on em0 inet proto tcp from any to any port = 80 tag klee:77ab:c-0123abcd -> 10.4.6.10\n', ''))).toBe('77ab'); // a translation rule's tag
    expect(rulesetHash(parsePfListing('', 'pass all\n'))).toBeUndefined();
  });

  it('a translation rule\'s mark as print_rule prints it (` tag %s`, bare): owner, hash, and the rule without it', () => {
    expect(parsePfListing('rdr on em0 inet proto tcp from any to (em0) port = http tag klee:0123456789abcdef:c-0123abcd -> 10.4.6.10 port 80\n', '')).toEqual([
      { text: 'rdr on em0 inet proto tcp from any to (em0) port = http -> 10.4.6.10 port 80', translation: true, hash: '0123456789abcdef', owner: 'c-0123abcd' },
    ]);
  });

  it('the subnets of a project\'s loopback and bridge networks: its labelled `block in log ... to <subnet>` rules only', () => {
    const listing = [
      'nat on em0 inet from 10.50.0.0/16 to any -> (em0) round-robin',
      'pass quick on kleene0 inet from 10.50.0.0/16 to 10.50.0.0/16 flags S/SA keep state label "klee:ab12"',
      'block drop in log inet from any to 10.50.0.0/16 label "klee:ab12"',
      'block in log inet6 from any to fd00:50::/64 label "klee:ab12"', // the sim lists it without the policy word
      '@7 block drop in log inet from any to 10.51.0.0/24 label "klee:ab12"',
      'block drop in log inet from any to 10.52.0.0/24', // no klee label: not klee's
      'block drop in log inet from any to 10.53.0.0/33 label "klee:ab12"', // not a subnet
      'block drop out quick log on { kleene0 em0 } inet from 10.50.0.0/16 to ! 10.50.0.0/16 label "klee:ab12"',
    ].join('\n');
    expect(parsePfSubnets(listing)).toEqual(['10.50.0.0/16', '10.51.0.0/24', 'fd00:50::/64']);
    expect(parsePfSubnets('')).toEqual([]);
  });
});

describe('zfs and the inside probe', () => {
  it('zfs list -H -p', () => {
    expect(parseZfsList('zroot\t-\tnone\nzroot/klee/web/db\tzroot/images/base@v1\t/jails/db\n')).toEqual([
      { name: 'zroot' }, { name: 'zroot/klee/web/db', origin: 'zroot/images/base@v1', mountpoint: '/jails/db' },
    ]);
  });
  it('splits ifconfig and routes at the markers (14: epair8b inside alpine)', () => {
    const f = fixture('14-vnet-jail-inside-ifconfig-j-and-route-get-fbsd14.txt');
    const out = `${between(f, /^epair8b:/, /^op@nuc/)}\n@@klee-route4\n${between(f, /route to:/)}\n@@klee-route6\n`;
    const { inside, warnings } = parseInside(out, 'alpine');
    expect(warnings).toEqual([]);
    expect(inside.defaultRoute4).toBe('10.0.0.1');
    expect(inside.defaultRoute6).toBeUndefined();
    expect(inside.interfaces.map((i) => [i.name, i.inet[0]?.address])).toEqual([['epair8b', '10.0.0.13']]);
  });
});

describe('splitInsideBatch', () => {
  it('splits per jail at @@klee-jail; @@klee-failed carries the status and the message before it; a jail cut short is absent', () => {
    const out = '@@klee-jail web_a\nlo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384\n@@klee-route4\n@@klee-route6\n'
      + '@@klee-jail web_b\njexec: jail "web_b" not found\n@@klee-failed 1\n@@klee-route4\n@@klee-route6\n'
      + '@@klee-jail web_c\n'; // the batch stopped here (killed): web_c's part is empty, web_d never started
    const parts = splitInsideBatch(out);
    expect([...parts.keys()]).toEqual(['web_a', 'web_b']);
    expect(parts.get('web_a')).toEqual({ output: 'lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384\n@@klee-route4\n@@klee-route6' });
    expect(parts.get('web_b')).toEqual({ failed: { status: 1, message: 'jexec: jail "web_b" not found' } });
    expect(parts.has('web_c')).toBe(false);
    expect(splitInsideBatch('sh: not found\n').size).toBe(0);
  });
});

describe('parseMountP', () => {
  // Lines as sbin/mount/mount.c putfsent prints them: fields padded with tabs to columns 8/16/24 (a space after
  // a field of 24+ characters), options padded to 8, then "\t<dump> <pass>"; "rw" first unless read-only.
  it('reads source, target, type and options in mount order', () => {
    const text = 'zroot/ROOT/default\t/\t\t\tzfs\trw,nfsv4acls \t0 0\ndevfs\t\t\t/dev\t\t\tdevfs\trw\t\t0 0\n'
      + '/srv/static\t\t/jails/web/usr/local/www nullfs\tro\t\t0 0\ndevfs\t\t\t/jails/web/dev\t\tdevfs\trw\t\t0 0\n';
    expect(parseMountP(text)).toEqual({
      mounts: [
        { source: 'zroot/ROOT/default', target: '/', fstype: 'zfs', options: 'rw,nfsv4acls' },
        { source: 'devfs', target: '/dev', fstype: 'devfs', options: 'rw' },
        { source: '/srv/static', target: '/jails/web/usr/local/www', fstype: 'nullfs', options: 'ro' },
        { source: 'devfs', target: '/jails/web/dev', fstype: 'devfs', options: 'rw' },
      ],
      warnings: [],
    });
  });
  it('a path with white space or a malformed line is a warning naming the line, never a guess', () => {
    const r = parseMountP('/my data\t\t/jails/a/d\tnullfs\trw\t\t0 0\ngarbage\n');
    expect(r.mounts).toEqual([]);
    expect(r.warnings).toEqual([
      'mount -p line 1: a path contains white space, cannot tell source from target: "/my data\\t\\t/jails/a/d\\tnullfs\\trw\\t\\t0 0"',
      'mount -p line 2 is not "<from> <on> <fstype> <options> <dump> <pass>": "garbage"',
    ]);
  });
});
