// parseJls on every jls libxo JSON fixture (-n, -v version 1 and 2, default, unnamed jails).
import { describe, expect, it } from 'vitest';
import { parseJls } from '../../src/host/parse/jls.js';
import { between, fixture } from './fixtures.js';

describe('parseJls', () => {
  it('19: jls -n JSON, six 14.3 jails: string values, booleans, address arrays, vnet, hierarchy', () => {
    const jails = parseJls(fixture('19-jls-n-libxo-json-6-jails-fbsd14.3-mondoo.txt'));
    expect(jails.map((j) => [j.jid, j.name])).toEqual([[1, 'empty'], [2, 'vnetjail'], [3, 'empty.child'], [4, 'web'], [5, 'db'], [6, 'v6']]);
    const by = Object.fromEntries(jails.map((j) => [j.name, j]));
    expect(by.vnetjail).toMatchObject({ vnet: true, hostname: 'vnetjail.example.internal', path: '/', ip4: [], ip6: [], dying: false });
    expect(by.empty.vnet).toBe(false);
    expect(by['empty.child'].params.parent).toBe('1');
    expect(by.web).toMatchObject({ ip4: ['127.0.1.1'], hostname: 'web.example.internal' });
    expect(by.web.params).toMatchObject({ securelevel: '2', 'allow.raw_sockets': true, 'enforce_statfs': '1', ip4: 'disable', 'ip4.addr': ['127.0.1.1'] });
    expect(by.db).toMatchObject({ path: '/jails' });
    expect(by.db.params['children.max']).toBe('2');
    expect(by.db.params.osrelease).toBe('13.5-RELEASE');
    expect(by.v6).toMatchObject({ ip4: ['10.9.9.9', '10.9.9.10'], ip6: ['fd00::9'] });
    expect(by.v6.params.persist).toBe(true);
  });

  it('03: default jls --libxo=json (jid number, ipv4 string, no name)', () => {
    const [j] = parseJls(fixture('03-jls-libxo-json-default-handbook.txt'), 'jls --libxo=json');
    expect(j).toMatchObject({ jid: 1, name: '1', hostname: 'classic', path: '/usr/local/jails/containers/classic', ip4: ['192.168.250.70'], ip6: [], vnet: false });
  });

  it('12: jls -v JSON version 1 (IPv6 inside ipv4_addrs)', () => {
    // The fixture is an IPython paste: take the JSON between the triple quotes and undo the console wrap.
    const pasted = fixture('12-jls-v-libxo-json-v1-libioc.txt');
    const json = /"""([\s\S]*?)"""/.exec(pasted)![1].replace(/\n\s+: /g, '');
    const [j] = parseJls(json, 'jls -v --libxo=json');
    expect(j).toMatchObject({ jid: 1, name: 'irc', hostname: 'irc', path: '/usr/jails/irc', ip4: ['10.0.0.2'], ip6: ['2a03:b0c0:3:d0::3a4d:c002'], dying: false });
    expect(j.params.state).toBe('ACTIVE');
    expect(j.params.cpusetid).toBe('2');
  });

  it('20: jls -v JSON version 2, three bastille jails', () => {
    const jails = parseJls(fixture('20-jls-v-libxo-json-v2-three-jails-nodemanager.txt'), 'jls -v --libxo=json');
    expect(jails.map((j) => [j.jid, j.name, j.ip4, j.ip6])).toEqual([
      [2, 'git7', ['172.16.20.98'], []],
      [105, 'sto2', ['172.16.20.112'], ['2001:470:e8af:20::532']],
      [116, 'git6', ['172.16.20.99'], ['2001:470:e8af:20::577']],
    ]);
    expect(jails[0].path).toBe('/usr/local/bastille/jails/git7/root');
  });

  it('21: an unnamed jail is named after its jid; JSON wrapped over lines', () => {
    const [j] = parseJls(fixture('21-jls-v-libxo-json-v2-unnamed-jail-jocker.txt'));
    expect(j).toMatchObject({ jid: 83, name: '83', hostname: '', path: '/zroot/jocker_basejail', ip4: ['172.17.0.1', '172.17.0.2'] });
  });

  it('24: the meta parameter (FreeBSD 15) is kept in params', () => {
    const text = between(fixture('24-freebsd-src-tests-asserted-outputs.txt'), /^\{"__version".*"meta"/, /^###/);
    const [j] = parseJls(text);
    expect(j).toMatchObject({ name: 'jail1', jid: 0 });
    expect(j.params.meta).toBe('a b c');
  });

  it('ip4.addr entries with an interface and prefix are stripped to the address', () => {
    const [j] = parseJls('{"__version": "2", "jail-information": {"jail": [{"jid":"7","name":"p_c","vnet":"inherit", "ip4.addr": ["em0|10.0.0.5/32"], "ip6.addr": ["em0|fd00::5/128"]}]}}');
    expect(j).toMatchObject({ jid: 7, ip4: ['10.0.0.5'], ip6: ['fd00::5'] });
  });

  it('a value of a shape jls does not print is refused naming the jail and the key, never guessed (issue 14.16)', () => {
    const one = (kv: string) => () => parseJls(`{"__version": "2", "jail-information": {"jail": [{"jid":"3","name":"web_db",${kv}}]}}`);
    const hint = ': not a shape jls prints';
    expect(one('"ip4.addr": "10.2.3.1"')).toThrow(`\`jls -n --libxo=json\`: jail #1 ("web_db"): "ip4.addr" must be a list, not the string "10.2.3.1"${hint}`);
    expect(one('"ip6.addr": [5]')).toThrow(`\`jls -n --libxo=json\`: jail #1 ("web_db"): "ip6.addr"[0] must be a string, not the number 5${hint}`);
    expect(one('"meta": {"a": 1}')).toThrow(`\`jls -n --libxo=json\`: jail #1 ("web_db"): "meta" must be a string, true or false, not a map${hint}`);
    expect(one('"persist": null')).toThrow(`"persist" must be a string, true or false, not null${hint}`);
    expect(one('"path": ["/"]')).toThrow(`"path" must be a string, true or false, not a list${hint}`);
    expect(() => parseJls('{"__version": "2", "jail-information": {"jail": [{"jid":"x1","name":"a"}]}}')).toThrow(`"jid" must be a number, not the string "x1"${hint}`);
    expect(() => parseJls('{"__version": "2", "jail-information": 5}')).toThrow('`jls -n --libxo=json`: "jail-information" is not a map');
    // Keys jls prints that klee does not know are kept, as long as their value has a known shape.
    expect(one('"newparam":"x","allow.future":true')()[0].params).toMatchObject({ newparam: 'x', 'allow.future': true });
  });

  it('no jails: an empty list; invalid JSON: an error naming the command', () => {
    expect(parseJls('{"__version": "2", "jail-information": {"jail": []}}')).toEqual([]);
    expect(() => parseJls('{"__version": "2", "jail-inf')).toThrow(/`jls -n --libxo=json` printed invalid JSON/);
  });
});
