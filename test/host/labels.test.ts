// Ownership labels (docs/ownership.md): what klee writes on the host and how it reads it back, edge by edge.
import { describe, expect, it } from 'vitest';
import { SOURCE_MAX, consoleLogPath, epairLabel, jailMeta, jailName, networkLabel, parseJailMeta, parseJailName, parseLabel, pfAnchor, recordedSource, shownSource } from '../../src/host/labels.js';
import { epairUnit, jailMetaValue } from '../../src/host/ownership.js';
import { jail } from '../planner/builders.js';

describe('labels written', () => {
  it('have the documented forms', () => {
    expect([networkLabel('web', 'front'), epairLabel('web', 'db', 'front'), jailName('web', 'db'), jailMeta('web', 'db', '0a1b', [{ fstype: 'nullfs', target: '/j/a b,c:d%' }, { fstype: 'devfs', target: '/j/dev' }]), consoleLogPath('web', 'db'), pfAnchor('web')])
      .toEqual(['klee:web:front', 'klee:web:db:front', 'web_db', 'klee:v3:web:db:0a1b:nullfs/j/a%20b%2Cc%3Ad%25,devfs/j/dev', '/var/log/klee.web_db.log', 'klee/web']);
  });
});

describe('parseLabel', () => {
  it.each([
    ['klee:web:front', { kind: 'network', project: 'web', network: 'front' }],
    // Only exactly what klee writes (issue 14.9): white space around it is another text (ifconfig lines are trimmed anyway).
    ['  klee:web:front\t', undefined], ['klee:web:fr\u0007ont', undefined], ['klee:Web:front', undefined],
    ['klee:web:db:front', { kind: 'epair', project: 'web', container: 'db', network: 'front' }],
    [undefined, undefined], ['', undefined], ['klee:web', undefined], ['klee:a:b:c:d', undefined],
    ['klee::front', undefined], ['klee:web:', undefined], [':web:front', undefined], ['kleex:web:front', undefined],
    ['xklee:web:front', undefined], ['vnet-webserver', undefined],
  ])('%j', (text, want) => {
    expect(parseLabel(text)).toEqual(want);
  });
});

describe('parseJailMeta', () => {
  it.each([
    ['klee:v1:web:db:0123456789abcdef', { project: 'web', container: 'db', hash: '0123456789abcdef' }],
    [' klee:v1:web:db:0a ', undefined], ['klee:v1:Web:db:0a', undefined],
    [undefined, undefined], ['', undefined], ['klee:v2:web:db:0a', undefined], ['xklee:v1:web:db:0a', undefined],
    ['klee:v1:web:db:0a extra', undefined], ['klee:v1:web:db:0A', undefined], ['klee:v1:web:db:', undefined],
    ['klee:v1:web::0a', undefined], ['klee:v1:w b:db:0a', undefined], ['klee:v1:web:db:x:0a', undefined],
    // v2: the hash and a digest per field (src/planner/kinds/config-fields.ts), exactly as jailMeta writes them.
    ['klee:v2:web:db:0123:command=3f,env.WORKERS=a0,mounts[1]=00,networks.lan-1=ff',
      { project: 'web', container: 'db', hash: '0123', fields: { command: '3f', 'env.WORKERS': 'a0', 'mounts[1]': '00', 'networks.lan-1': 'ff' } }],
    ['klee:v2:web:db:0123:command=3f,command=40', undefined], ['klee:v2:web:db:0123:command=3', undefined],
    ['klee:v2:web:db:0123:secret=3f', undefined], ['klee:v2:web:db:0123:env.A=value', undefined],
    ['klee:v2:web:db:0123:env.1A=3f', undefined], ['klee:v2:web:db:0123:', undefined], ['klee:v1:web:db:0123:command=3f', undefined],
    // v3: the record of the jail's own mounts (empty, one, several, encoded), then optionally the digests; anything else is garbage
    ['klee:v3:web:db:0a:', { project: 'web', container: 'db', hash: '0a', mounts: [] }],
    ['klee:v3:web:db:0a:devfs/j/dev,nullfs/j/a%20b%2Cc', { project: 'web', container: 'db', hash: '0a', mounts: [{ fstype: 'devfs', target: '/j/dev' }, { fstype: 'nullfs', target: '/j/a b,c' }] }],
    ['klee:v3:web:db:0a:devfs/j/dev:command=3f', { project: 'web', container: 'db', hash: '0a', mounts: [{ fstype: 'devfs', target: '/j/dev' }], fields: { command: '3f' } }],
    ['klee:v3:web:db:0a::command=3f', { project: 'web', container: 'db', hash: '0a', mounts: [], fields: { command: '3f' } }],
    ['klee:v3:web:db:0a:devfs', undefined], ['klee:v3:web:db:0a:/j/dev', undefined], ['klee:v3:web:db:0a:devfs/j/dev,', undefined],
    ['klee:v3:web:db:0a:devfs/j/%zz', undefined], ['klee:v3:web:db:0a:devfs/j/%ff', undefined], ['klee:v3:web:db:0a:DEVFS/j', undefined],
    ['klee:v3:web:db:0a:devfs/j dev', undefined], ['klee:v3:web:db:0a:devfs/j:x', undefined], ['klee:v3:web:db:0a', undefined],
    ['klee:v3:web:db:0a:devfs/j/dev:', undefined], ['klee:v1:web:db:0a:devfs/j/dev', undefined],
    // The file it was applied from, after one blank, exactly as recordedSource writes it.
    ['klee:v2:web:db:0123:command=3f file=github.com/acme/infra#deploy/kleene.yaml',
      { project: 'web', container: 'db', hash: '0123', fields: { command: '3f' }, source: 'github.com/acme/infra#deploy/kleene.yaml' }],
    ['klee:v1:web:db:0123 file=/home/me/my%20app/kleene.yaml', { project: 'web', container: 'db', hash: '0123', source: '/home/me/my%20app/kleene.yaml' }],
    ['klee:v1:web:db:0123 file=', undefined], ['klee:v1:web:db:0123 file=/a b', undefined], ['klee:v1:web:db:0123 file=/a%2', undefined],
    ['klee:v1:web:db:0123 file=/a%2f', undefined], ['klee:v1:web:db:0123  file=/a', undefined], ['klee:v1:web:db:0123 file=/a,b', undefined],
    ['klee:v1:web:db:0123 file=/a file=/b', undefined], [`klee:v1:web:db:0123 file=/${'a'.repeat(SOURCE_MAX)}`, undefined],
    ['klee:v3:web:db:0a:devfs/j/dev:command=3f file=github.com/acme/infra#k.yaml',
      { project: 'web', container: 'db', hash: '0a', mounts: [{ fstype: 'devfs', target: '/j/dev' }], fields: { command: '3f' }, source: 'github.com/acme/infra#k.yaml' }],
    ['klee:v3:web:db:0a: file=/k.yaml', { project: 'web', container: 'db', hash: '0a', mounts: [], source: '/k.yaml' }],
    ['klee:v3:web:db:0a:devfs/j/dev file=/k.yaml:x', { project: 'web', container: 'db', hash: '0a', mounts: [{ fstype: 'devfs', target: '/j/dev' }], source: '/k.yaml:x' }],
  ])('%j', (text, want) => {
    expect(parseJailMeta(text)).toEqual(want);
  });
});

describe('recordedSource and shownSource', () => {
  it.each([
    ['github.com/acme/infra#deploy/kleene.yaml', 'github.com/acme/infra#deploy/kleene.yaml'],
    ['/home/me/my app/kleene.yaml', '/home/me/my%20app/kleene.yaml'],
    ['/srv/a,b=c%d/kleene.yaml', '/srv/a%2Cb%3Dc%25d/kleene.yaml'],
    ["/srv/it's (1)*!/k.yaml", '/srv/it%27s%20%281%29%2A%21/k.yaml'],
    ['/srv/caf\u00e9/k\nyaml', '/srv/caf%C3%A9/k%0Ayaml'],
    ['host:22/x_y-z.~+@', 'host:22/x_y-z.~+@'],
  ])('%j is recorded as %j, which parses back and shows the text where it is printable', (identity, recorded) => {
    expect(recordedSource(identity)).toBe(recorded);
    expect(parseJailMeta(jailMeta('web', 'db', '0a', [], 'command=3f', recorded))?.source).toBe(recorded);
    expect(shownSource(recorded)).toBe(identity.includes('\n') ? recorded : identity);
  });

  it('a source longer than SOURCE_MAX is not recorded; a recorded one never shows a control or bidi character, nor fails to decode', () => {
    expect(recordedSource(`/${'a'.repeat(SOURCE_MAX - 1)}`)).toHaveLength(SOURCE_MAX);
    expect(recordedSource(`/${'a'.repeat(SOURCE_MAX)}`)).toBeUndefined();
    expect(['/a%1B%5B31m', '/a%E2%80%AEb', '/a%FF', '/a%C2%9B'].map(shownSource)).toEqual(['/a%1B%5B31m', '/a%E2%80%AEb', '/a%FF', '/a%C2%9B']);
  });
});

describe('parseJailName', () => {
  it.each([
    ['web_db', { project: 'web', container: 'db' }], ['seedipnet_strange_moser', { project: 'seedipnet', container: 'strange_moser' }],
    ['web_d', { project: 'web', container: 'd' }], ['w_db', { project: 'w', container: 'db' }],
    ['_db', undefined], ['web_', undefined], ['web', undefined], ['', undefined],
  ])('%j', (name, want) => {
    expect(parseJailName(name)).toEqual(want);
  });
});

describe('epairUnit and jailMetaValue', () => {
  it('an epair side name gives its unit; anything else none', () => {
    expect(['epair0a', 'epair12b', 'epair3', 'xepair3a', 'epair3ab', 'epairxa'].map(epairUnit)).toEqual([0, 12, undefined, undefined, undefined, undefined]);
  });
  it('meta counts only as a non-empty string', () => {
    expect([jailMetaValue(jail('a', { meta: 'klee:v1:p:a:00' })), jailMetaValue(jail('a', { meta: '' })), jailMetaValue(jail('a', { params: { meta: true } })), jailMetaValue(jail('a'))])
      .toEqual(['klee:v1:p:a:00', undefined, undefined, undefined]);
  });
});
