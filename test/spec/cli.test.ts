import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../../src/cli/program.js';
import { projectNameOnly } from '../../src/cli/load-spec.js';
import { loadSpec } from '../../src/spec/load.js';
import type { CliContext } from '../../src/cli/context.js';

/** Run klee in-process in a directory; returns exit code and captured output. */
async function klee(cwd: string, argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  const code = await runCli(argv, io, env, cwd);
  return { code, stdout, stderr };
}

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'klee-spec-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

const BAD = 'networks:\n  n:\n    type: brige\ncontainers:\n  a:\n    path: /j/a\n    netwroks: [n]\n';

describe('klee validate', () => {
  it('exit 0 for a valid file found as kleene.yaml', async () => {
    const dir = project('ok', { 'kleene.yaml': 'containers:\n  a: { path: /jails/a }\n' });
    const r = await klee(dir, ['validate']);
    expect(r).toEqual({ code: 0, stdout: 'kleene.yaml is valid: project ok, 0 networks, 1 container\n', stderr: '' });
  });

  it('falls back to kleene.yml', async () => {
    const dir = project('yml', { 'kleene.yml': 'containers: {}\n' });
    expect((await klee(dir, ['validate'])).code).toBe(0);
  });

  it('a missing file is a one-line error', async () => {
    const dir = project('empty', {});
    const r = await klee(dir, ['validate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`klee: no kleene.yaml or kleene.yml in ${dir}\nhint: create one (see examples/) or pass -f FILE\n`);
    const r2 = await klee(dir, ['validate', '-f', 'nope.yaml']);
    expect(r2.stderr.split('\n')[0]).toBe('klee: no such file: nope.yaml');
  });

  it('exit 1 with compiler-style diagnostics, in file order', async () => {
    const dir = project('bad', { 'kleene.yaml': BAD });
    const r = await klee(dir, ['validate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe([
      'kleene.yaml:3:11: error: networks.n.type must be one of loopback, bridge, custom, not "brige"',
      ' 3 |     type: brige',
      '   |           ^',
      '  hint: did you mean "bridge"?',
      'kleene.yaml:7:5: error: unknown key "netwroks" in containers.a',
      ' 7 |     netwroks: [n]',
      '   |     ^',
      '  hint: did you mean "networks"?',
      '2 errors, 0 warnings',
      '',
    ].join('\n'));
  });

  it('colour only when asked for', async () => {
    const dir = project('bad-colour', { 'kleene.yaml': BAD });
    let stderr = '';
    const io = { stdout: { write: () => true, isTTY: true }, stderr: { write: (s: string) => (stderr += s) } };
    await runCli(['validate'], io, {}, dir);
    expect(stderr).toContain('\x1b[31m');
    stderr = '';
    await runCli(['--no-color', 'validate'], { ...io, stderr: { write: (s: string) => (stderr += s) } }, {}, dir);
    expect(stderr).not.toContain('\x1b[');
    stderr = '';
    await runCli(['validate', '--no-color'], { ...io, stderr: { write: (s: string) => (stderr += s) } }, {}, dir);
    expect(stderr).toContain('error');
    expect(stderr).not.toContain('\x1b[');
    stderr = '';
    await runCli(['validate'], { ...io, stderr: { write: (s: string) => (stderr += s) } }, { NO_COLOR: '1' }, dir);
    expect(stderr).not.toContain('\x1b[');
  });

  it('--json follows the contract', async () => {
    const dir = project('bad-json', { 'kleene.yaml': BAD });
    const r = await klee(dir, ['validate', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({
      valid: false,
      diagnostics: [
        { severity: 'error', message: 'networks.n.type must be one of loopback, bridge, custom, not "brige"', file: join(dir, 'kleene.yaml'), line: 3, column: 11, path: 'networks.n.type', hint: 'did you mean "bridge"?' },
        { severity: 'error', message: 'unknown key "netwroks" in containers.a', file: join(dir, 'kleene.yaml'), line: 7, column: 5, path: 'containers.a.netwroks', hint: 'did you mean "networks"?' },
      ],
    });
  });

  it('warnings alone keep exit 0', async () => {
    const dir = project('warn', { 'kleene.yaml': 'containers:\n  a: { path: /j/a, jail_params: [frobnicate] }\n' });
    const r = await klee(dir, ['validate', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).valid).toBe(true);
    expect(JSON.parse(r.stdout).diagnostics.map((d: { severity: string; line: number }) => [d.severity, d.line])).toEqual([['warning', 2]]);
  });

  it('reads .env beside the file; --env-file replaces it; the environment wins', async () => {
    const dir = project('envs', { 'kleene.yaml': 'containers:\n  a: { path: "/jails/${WHERE:?where}" }\n', '.env': 'WHERE=dotenv\n', 'other.env': 'WHERE=other\n' });
    const cfg = async (argv: string[], env = {}) => parse((await klee(dir, ['config', ...argv], env)).stdout).containers.a.path;
    expect(await cfg([])).toBe('/jails/dotenv');
    expect(await cfg(['--env-file', 'other.env'])).toBe('/jails/other');
    expect(await cfg([], { WHERE: 'env' })).toBe('/jails/env');
    const missing = await klee(dir, ['validate', '--env-file', 'missing.env']);
    expect(missing.stderr).toBe('klee: cannot read --env-file missing.env: no such file\n');
  });

  it('an invalid KLEE_PROJECT_NAME is reported as KLEE_PROJECT_NAME, not as -p', async () => {
    const dir = project('env-name', { 'kleene.yaml': 'containers: {}\n' });
    const fromEnv = await klee(dir, ['validate'], { KLEE_PROJECT_NAME: 'Bad_One' });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toContain('error: KLEE_PROJECT_NAME "Bad_One" is not valid');
    const fromOption = await klee(dir, ['validate', '-p', 'Bad_One']);
    expect(fromOption.stderr).toContain('error: the project name given by -p "Bad_One" is not valid');
  });

  it('malformed input of any kind exits 1 with diagnostics, never a stack trace', async () => {
    const cases: Record<string, string | Buffer> = {
      binary: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0xff]),
      empty: '',
      scalar: 'hello\n',
      deep: `a: ${'{b: '.repeat(500)}1${'}'.repeat(500)}\n`,
    };
    for (const [name, text] of Object.entries(cases)) {
      const dir = join(root, `malformed-${name}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'kleene.yaml'), text);
      const r = await klee(dir, ['validate']);
      expect(r.code, name).toBe(1);
      expect(r.stderr, name).toMatch(/^kleene\.yaml:\d+:\d+: error: /);
      expect(r.stderr, name).not.toContain('internal error');
    }
  });
});

describe('klee config', () => {
  it('prints the normalised YAML, which validates to the same Spec', async () => {
    const dir = project('cfg', {});
    copyFileSync(join(import.meta.dirname, '../../examples/webapp.yaml'), join(dir, 'kleene.yaml'));
    const r = await klee(dir, ['config'], { APP_ENV: 'staging' });
    expect(r.code).toBe(0);
    const doc = parse(r.stdout);
    expect(doc.name).toBe('webapp');
    expect(doc.containers.app.env.APP_ENV).toBe('staging');
    expect(doc.containers.web).toMatchObject({ driver: 'vnet', hostname: 'www', user: 'root', command: ['/bin/sh', '/etc/rc'] });
    expect(doc.networks.front).toEqual({ type: 'bridge', subnet: '10.10.0.0/24', gateway: 'auto', gateway6: 'auto', nat: true, icc: true, internal: false });
    const again = loadSpec({ text: r.stdout, file: 'k', env: {}, dirName: 'x' });
    const orig = loadSpec({ text: r.stdout.replace(/\n$/, '\n'), file: 'k', env: {}, dirName: 'y' });
    expect(again.diagnostics).toEqual([]);
    expect(again.spec).toEqual(orig.spec);
  });

  it('--json prints the same document as JSON', async () => {
    const dir = project('cfg-json', { 'kleene.yaml': 'name: j\ncontainers:\n  a: { path: /j/a }\n' });
    const r = await klee(dir, ['config', '--json']);
    expect(JSON.parse(r.stdout)).toEqual({ name: 'j', networks: {}, containers: { a: { path: '/j/a', driver: 'host', networks: {}, command: ['/bin/sh', '/etc/rc'], user: 'root', env: {}, hostname: 'a', jail_params: [], allow_host_exec: false, mounts: [], ports: [], restart: 'no', stop_signal: 'SIGTERM', stop_grace_period: '10s', depends_on: {} } } });
  });

  it('an invalid file prints diagnostics and exits 1', async () => {
    const dir = project('cfg-bad', { 'kleene.yaml': BAD });
    const r = await klee(dir, ['config']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('kleene.yaml:3:11: error:');
  });
});

describe('projectNameOnly', () => {
  const ctx = (cwd: string, over: Partial<CliContext> = {}): CliContext => ({ cwd, env: {}, host: 'local', hostGiven: false, json: false, color: false, tty: false, io: { stdout: { write: () => true }, stderr: { write: () => true } }, signal: new AbortController().signal, ...over });
  it('-p / KLEE_PROJECT_NAME, then name: of the file, then the directory', async () => {
    const dir = project('Name_Dir', { 'kleene.yaml': 'name: [${PN:-fromfile}\ncontainers: {bad' });
    expect(await projectNameOnly(ctx(dir, { projectName: 'given' }))).toBe('given');
    expect(await projectNameOnly(ctx(dir))).toBe('name-dir'); // no readable name: the directory name
    writeFileSync(join(dir, 'kleene.yaml'), 'name: ${PN:-fromfile}\n');
    expect(await projectNameOnly(ctx(dir))).toBe('fromfile');
    expect(await projectNameOnly(ctx(dir, { env: { PN: 'viaenv' } }))).toBe('viaenv');
    rmSync(join(dir, 'kleene.yaml'));
    expect(await projectNameOnly(ctx(dir))).toBe('name-dir');
    await expect(projectNameOnly(ctx(dir, { projectName: 'Bad_One' }))).rejects.toThrow('-p "Bad_One" is not a valid project name');
  });

  it('KLEE_PROJECT_NAME of .env beside the file wins over name:, as in a full load (docs/decisions.md)', async () => {
    const dir = project('dotenv-name', { 'kleene.yaml': 'name: fromfile\ncontainers: {bad', '.env': 'KLEE_PROJECT_NAME=fromdotenv\n' });
    expect(await projectNameOnly(ctx(dir))).toBe('fromdotenv');
    expect(await projectNameOnly(ctx(dir, { projectName: 'fromenv', env: { KLEE_PROJECT_NAME: 'fromenv' } }))).toBe('fromenv');
    // The full loader agrees.
    expect(loadSpec({ text: 'name: fromfile\n', file: 'k', env: {}, envText: 'KLEE_PROJECT_NAME=fromdotenv\n', dirName: 'x' }).spec!.project).toBe('fromdotenv');
  });
});
