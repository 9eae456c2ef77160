import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../src/spec/suggest.js';
import { brief, load, y } from './helpers.js';

describe('did you mean', () => {
  it('edit distance', () => {
    expect(editDistance('netwroks', 'networks')).toBe(2);
    expect(editDistance('brige', 'bridge')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
  it('suggests only close words', () => {
    expect(closest('netwroks', ['networks', 'name'])).toBe('networks');
    expect(closest('subnet4', ['subnet', 'subnet6'])).toBe('subnet');
    expect(closest('zzz', ['networks', 'name'])).toBeUndefined();
  });
});

describe('schema phase', () => {
  it('an unknown key is reported at the key, with a suggestion', () => {
    const r = load(y(`
      containers:
        a:
          path: /jails/a
          netwroks: [n]
    `));
    expect(brief(r)).toEqual(['4:5 error unknown key "netwroks" in containers.a']);
    expect(r.diagnostics[0].hint).toBe('did you mean "networks"?');
    expect(r.diagnostics[0].path).toBe('containers.a.netwroks');
  });

  it('an unknown top-level key lists the known ones when nothing is close', () => {
    const r = load('services:\n  a: {}\n');
    expect(brief(r)).toEqual(['1:1 error unknown key "services" at the top level']);
    expect(r.diagnostics[0].hint).toBe('known keys: name, networks, containers');
  });

  it('unknown keys in a network and in an endpoint', () => {
    const r = load(y(`
      networks:
        n: { type: bridge, subnet4: 10.0.0.0/24 }
      containers:
        a:
          path: /jails/a
          networks:
            n: { ipv4: 10.0.0.2 }
    `));
    expect(brief(r)).toEqual([
      '2:22 error unknown key "subnet4" in networks.n',
      '7:12 error unknown key "ipv4" in containers.a.networks.n',
    ]);
    expect(r.diagnostics.map((d) => d.hint)).toEqual(['did you mean "subnet"?', 'did you mean "ip"?']);
  });

  it('an enum value with a suggestion', () => {
    const r = load('networks:\n  n:\n    type: brige\n');
    expect(brief(r)).toEqual(['3:11 error networks.n.type must be one of loopback, bridge, custom, not "brige"']);
    expect(r.diagnostics[0].hint).toBe('did you mean "bridge"?');
  });

  it('wrong types are reported at the value, in plain words', () => {
    const r = load(y(`
      name: 5
      networks: [a, b]
      containers:
        a:
          path: [x]
          command: 12
          env: { A: [1] }
          jail_params: allow.raw_sockets
          allow_host_exec: "sure"
    `));
    expect(brief(r)).toEqual([
      '1:7 error name must be a string, not the number 5',
      '2:11 error networks must be a map, not a list',
      '5:11 error containers.a.path must be a string, not a list',
      '6:14 error containers.a.command must be a list or a string, not the number 12',
      '7:15 error containers.a.env.A must be a string or a number or true or false, not a list',
      '8:18 error containers.a.jail_params must be a list, not the string "allow.raw_sockets"',
      '9:22 error containers.a.allow_host_exec must be true or false, not the string "sure"',
    ]);
  });

  it('the top level must be a map', () => {
    expect(brief(load('just a scalar\n'))).toEqual(['1:1 error the file must be a map, not the string "just a scalar"']);
    expect(brief(load('- a\n- b\n'))).toEqual(['1:1 error the file must be a map, not a list']);
  });

  it('patterns and lengths are explained', () => {
    const r = load(y(`
      name: My_Project
      networks:
        n: { interface: thisnameiswaytoolong0 }
        m: { interface: 0bad }
      containers:
        a: { image: "no-snapshot", env: { "1BAD": x } }
    `));
    expect(brief(r)).toEqual([
      `1:7 error name "My_Project" is not valid: expected lowercase letters, digits and '-', starting with a letter or digit`,
      '3:19 error networks.n.interface "thisnameiswaytoolong0" is too long: at most 15 characters',
      `4:19 error networks.m.interface "0bad" is not valid: expected an interface name: a letter, then letters, digits, '_' or '.'`,
      '6:15 error containers.a.image "no-snapshot" is not valid: expected a ZFS snapshot: <dataset>@<snapshot>',
      '6:37 error "1BAD" is not a valid name in containers.a.env: expected an environment variable name: letters, digits and "_", not starting with a digit',
    ]);
  });

  it('null sections are accepted as empty', () => {
    const r = load('networks:\ncontainers:\n  a:\n    path: /jails/a\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.spec!.networks).toEqual([]);
  });
});
