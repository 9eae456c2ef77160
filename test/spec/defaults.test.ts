import { describe, expect, it } from 'vitest';
import { chooseProjectName, sanitizeProjectName } from '../../src/spec/project-name.js';
import { fillDefaults } from '../../src/spec/defaults.js';
import { brief, load, y } from './helpers.js';

describe('defaults phase', () => {
  it("fills Kleene's defaults for networks and containers", () => {
    const { doc } = fillDefaults({ networks: { l: null, b: { type: 'bridge' }, c: { type: 'custom', interface: 'em0' } }, containers: { h: { path: '/j/h' }, i: { path: '/j/i', networks: ['l'] } } }, { dirName: 'd' });
    expect(doc.networks.l).toEqual({ type: 'loopback', gateway: 'none', gateway6: 'none', nat: true, icc: true, internal: false });
    expect(doc.networks.b).toEqual({ type: 'bridge', gateway: 'auto', gateway6: 'auto', nat: true, icc: true, internal: false });
    expect(doc.networks.c.gateway).toBe('none');
    expect(doc.containers.h).toEqual({ path: '/j/h', driver: 'host', networks: {}, command: ['/bin/sh', '/etc/rc'], user: 'root', env: {}, hostname: 'h', jail_params: [], allow_host_exec: false, mounts: [], ports: [], restart: 'no', stop_signal: 'SIGTERM', stop_grace_period: '10s', depends_on: {} });
    expect(doc.containers.i.driver).toBe('ipnet');
    expect(doc.containers.i.networks).toEqual({ l: {} });
  });

  it('a string command runs under /bin/sh -c; env values become strings', () => {
    const { doc } = fillDefaults({ containers: { a: { path: '/a', command: 'echo hi', env: { N: 5, B: true } } } }, { dirName: 'd' });
    expect(doc.containers.a.command).toEqual(['/bin/sh', '-c', 'echo hi']);
    expect(doc.containers.a.env).toEqual({ N: '5', B: 'true' });
  });

  it('project name precedence: -p, then KLEE_PROJECT_NAME, then name:, then the directory', () => {
    expect(chooseProjectName({ option: 'opt', env: 'env', file: 'file', dirName: 'dir' })).toEqual({ name: 'opt', source: 'option', raw: 'opt' });
    expect(chooseProjectName({ env: 'env', file: 'file', dirName: 'dir' }).name).toBe('env');
    expect(chooseProjectName({ file: 'file', dirName: 'dir' }).name).toBe('file');
    expect(chooseProjectName({ dirName: 'My_Web.App' })).toEqual({ name: 'my-web-app', source: 'directory', raw: 'My_Web.App' });
    expect(chooseProjectName({ dirName: '___' }).name).toBeUndefined();
  });

  it('sanitises directory names to [a-z0-9-] starting with a letter or digit', () => {
    expect(sanitizeProjectName('__Klee Demo__')).toBe('klee-demo');
    expect(sanitizeProjectName('a..b')).toBe('a-b');
  });

  it('through the loader: KLEE_PROJECT_NAME overrides name:, -p overrides both', () => {
    const text = 'name: fromfile\ncontainers:\n  a: { path: /j/a }\n';
    expect(load(text).spec!.project).toBe('fromfile');
    expect(load(text, { env: { KLEE_PROJECT_NAME: 'fromenv' } }).spec!.project).toBe('fromenv');
    expect(load(text, { env: { KLEE_PROJECT_NAME: 'fromenv' }, projectName: 'fromopt' }).spec!.project).toBe('fromopt');
    expect(load('containers: {}\n', { dirName: 'Some_Dir' }).spec!.project).toBe('some-dir');
    expect(load(text).spec!.containers[0].jailName).toBe('fromfile_a');
  });

  it('an invalid -p is an error without a line', () => {
    const r = load('containers: {}\n', { projectName: 'Bad_Name' });
    expect(r.diagnostics.map((d) => [d.line, d.column, d.message, d.hint])).toEqual([[0, 0, `the project name given by -p "Bad_Name" is not valid: use lowercase letters, digits and '-', starting with a letter or digit`, 'for instance "bad-name"']]);
  });

  it('a directory name with nothing usable is an error', () => {
    expect(brief(load('containers: {}\n', { dirName: '___' }))).toEqual(['1:1 error cannot derive a project name from the directory name "___"']);
  });

  it('normalized is the defaults-filled document', () => {
    const r = load(y(`
      networks:
        n: { type: bridge, subnet: 10.1.0.0/24 }
      containers:
        a: { path: /j/a, networks: [n] }
    `));
    expect(r.normalized).toEqual({
      name: 'proj',
      networks: { n: { type: 'bridge', subnet: '10.1.0.0/24', gateway: 'auto', gateway6: 'auto', nat: true, icc: true, internal: false } },
      containers: { a: { path: '/j/a', driver: 'ipnet', networks: { n: {} }, command: ['/bin/sh', '/etc/rc'], user: 'root', env: {}, hostname: 'a', jail_params: [], allow_host_exec: false, mounts: [], ports: [], restart: 'no', stop_signal: 'SIGTERM', stop_grace_period: '10s', depends_on: {} } },
    });
  });
});
