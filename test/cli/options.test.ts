// The CLI a compose and terraform user expects: options where users put them, --version, -f - / -f DIR,
// --project-directory, config --services, ps -q, exec --, validate --format, JSON failures, refusals before planning.
import { Readable } from 'node:stream';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { GLOBAL_OPTIONS } from '../../src/cli/globals.js';
import { buildProgram } from '../../src/cli/program.js';
import { Sandbox } from '../e2e/helpers.js';

const boxes: Sandbox[] = [];
afterAll(() => boxes.forEach((b) => b.remove()));

/** A sandbox holding an example (or the given text) as kleene.yaml. */
function sandbox(example?: string, text?: string): Sandbox {
  const b = new Sandbox(example);
  if (text !== undefined) writeFileSync(join(b.project, 'kleene.yaml'), text);
  boxes.push(b);
  return b;
}

/** Run klee with standard input and extra environment. */
async function klee(cwd: string, argv: string[], opts: { stdin?: string; env?: Record<string, string>; tty?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (s: string) => void (stdout += s), isTTY: opts.tty },
    stderr: { write: (s: string) => void (stderr += s) },
    ...(opts.stdin !== undefined ? { stdin: Readable.from([Buffer.from(opts.stdin)]) } : {}),
  };
  const code = await runCli(argv, io, { PATH: process.env.PATH, ...opts.env }, cwd);
  return { code, stdout, stderr };
}

const SMALL = 'name: small\nnetworks:\n  lan: { type: bridge, subnet: 10.9.0.0/24 }\ncontainers:\n  web: { path: /jails/web, networks: [lan] }\n  db: { path: /jails/db }\n';

describe('global options before and after every command', () => {
  it('every command accepts every global option (logs: --file, since -f is follow there)', () => {
    const program = buildProgram({ stdout: { write: () => true }, stderr: { write: () => true } }, {}, '/', new AbortController().signal, async () => {});
    const longs = GLOBAL_OPTIONS.map((o) => /--[a-z-]+/.exec(o.flags)![0]);
    for (const def of COMMANDS) {
      const cmd = program.commands.find((c) => c.name() === def.name)!;
      expect(cmd.options.map((o) => o.long), def.name).toEqual(expect.arrayContaining(longs));
      const file = cmd.options.find((o) => o.long === '--file')!;
      expect(file.short, def.name).toBe(def.name === 'logs' ? undefined : '-f');
    }
    expect(program.commands.find((c) => c.name() === 'logs')!.options.find((o) => o.short === '-f')!.long).toBe('--follow');
  });

  it('`klee logs --file F C` reads F; `logs -f` is follow', async () => {
    const b = sandbox('vnet');
    const elsewhere = join(b.dir, 'elsewhere');
    mkdirSync(elsewhere);
    expect((await klee(b.project, ['up', '-H', b.host()])).code).toBe(0);
    const r = await klee(elsewhere, ['logs', '--file', join(b.project, 'kleene.yaml'), 'vpnservice', '-H', b.host()]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const before = await klee(elsewhere, ['--file', join(b.project, 'kleene.yaml'), '-H', b.host(), 'logs', 'vpnservice']);
    expect(before.code).toBe(0);
    const follow = await klee(b.project, ['logs', 'vpnservice', '-f', '-H', b.host()]);
    expect(follow.stderr).toMatch(/following a log needs a live terminal/);
  });

  it('`klee exec C -- cmd args` runs `cmd args`; options after the container belong to the command', async () => {
    const b = sandbox('vnet');
    expect((await klee(b.project, ['up', '-H', b.host()])).code).toBe(0);
    const r = await klee(b.project, ['exec', '-H', b.host(), 'vpnservice', '--', 'ifconfig', 'epair0b']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^epair0b: flags=/);
    // -H after the container is the command's own argument, not klee's host option.
    const own = await klee(b.project, ['-H', b.host(), 'exec', 'vpnservice', 'ifconfig', '-H']);
    expect(own.stderr).not.toMatch(/^klee:/);
  });

  it('--help lists every command with its description; each command\'s help lists its options', async () => {
    const top = await klee('/', ['--help']);
    expect(top.code).toBe(0);
    for (const def of COMMANDS) expect(top.stdout).toMatch(new RegExp(`^  ${def.name}\\b.*${def.description.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
    for (const def of COMMANDS) {
      const help = (await klee('/', [def.name, '--help'])).stdout;
      for (const o of [...(def.options ?? []), ...GLOBAL_OPTIONS]) expect(help, `${def.name} ${o.flags}`).toContain(/--[a-z-]+/.exec(o.flags)?.[0] ?? o.flags);
    }
  });

  it('--version and -V print the package version', async () => {
    const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
    for (const flag of ['--version', '-V']) expect(await klee('/', [flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('where the file comes from', () => {
  it('-f - reads the file from standard input (its .env from the working directory)', async () => {
    const b = sandbox();
    writeFileSync(join(b.project, '.env'), 'ROOT=/jails\n');
    const r = await klee(b.project, ['config', '-f', '-', '--services'], { stdin: 'containers:\n  a: { path: "${ROOT}/a" }\n  b: { path: /b }\n' });
    expect(r).toEqual({ code: 0, stdout: 'a\nb\n', stderr: '' });
    const bad = await klee(b.project, ['validate', '-f', '-'], { stdin: 'containers:\n  a: { path: 5 }\n' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^<stdin>:2:\d+: error: containers\.a\.path must be a string/);
  });

  it('-f DIR reads DIR/kleene.yaml, or says it is a directory', async () => {
    const b = sandbox(undefined, SMALL);
    expect((await klee(b.dir, ['validate', '-f', 'project'])).stdout).toBe('kleene.yaml is valid: project small, 1 network, 2 containers\n');
    const empty = join(b.dir, 'empty');
    mkdirSync(empty);
    const r = await klee(b.dir, ['validate', '-f', 'empty']);
    expect([r.code, r.stderr]).toEqual([1, 'klee: empty is a directory with no kleene.yaml or kleene.yml\nhint: pass the file itself with -f FILE, or create kleene.yaml there\n']);
  });

  it('--project-directory: where kleene.yaml and .env are found, and the name fallback', async () => {
    const b = sandbox(undefined, 'containers:\n  a: { path: "/jails/${WHERE}" }\n');
    writeFileSync(join(b.project, '.env'), 'WHERE=there\n');
    const r = await klee(b.dir, ['config', '--json', '--project-directory', 'project']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'project', containers: { a: { path: '/jails/there' } } });
  });

  it('a Latin-1 file is reported as not UTF-8, at the byte', async () => {
    const b = sandbox();
    writeFileSync(join(b.project, 'kleene.yaml'), Buffer.concat([Buffer.from('containers:\n  a: { path: /jails/caf'), Buffer.from([0xe9]), Buffer.from(' }\n')]));
    const r = await klee(b.project, ['validate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^kleene\.yaml:2:24: error: the file is not UTF-8 text: byte 0xe9 here is not valid UTF-8 \(a Latin-1 file\?\)/);
    expect(r.stderr).not.toMatch(/binary/);
  });
});

describe('names and CI formats', () => {
  it('config --services / --networks list names; ps -q the jails that exist', async () => {
    const b = sandbox(undefined, SMALL);
    expect((await klee(b.project, ['config', '--services'])).stdout).toBe('web\ndb\n');
    expect((await klee(b.project, ['config', '--networks'])).stdout).toBe('lan\n');
    expect(JSON.parse((await klee(b.project, ['config', '--services', '--networks', '--json'])).stdout)).toEqual(['web', 'db', 'lan']);
    expect((await klee(b.project, ['ps', '-q', '-H', b.host()])).stdout).toBe('');
    expect((await klee(b.project, ['up', '-H', b.host()])).code).toBe(0);
    expect((await klee(b.project, ['ps', '-q', '-H', b.host()])).stdout).toBe('small_db\nsmall_web\n');
  });

  it('validate --format github prints workflow annotations; gitlab a Code Quality report', async () => {
    const b = sandbox(undefined, 'containers:\n  a: { path: /jails/a, colour: red }\n  b: { path: relative }\n');
    const gh = await klee(b.project, ['validate', '--format', 'github']);
    expect(gh.code).toBe(1);
    expect(gh.stdout).toBe([
      '::error file=kleene.yaml,line=2,col=24,title=klee error in containers.a.colour::unknown key "colour" in containers.a (known keys: path, image, driver, networks, command, user, env, hostname, jail_params, allow_host_exec, mounts, ports, depends_on, restart, stop_signal, stop_grace_period, healthcheck)',
      '::error file=kleene.yaml,line=3,col=14,title=klee error in containers.b.path::path "relative" must be absolute (start with /)',
      '',
    ].join('\n'));
    const gl = JSON.parse((await klee(b.project, ['validate', '--format', 'gitlab'])).stdout);
    expect(gl.map((x: any) => [x.severity, x.location])).toEqual([['major', { path: 'kleene.yaml', lines: { begin: 2 } }], ['major', { path: 'kleene.yaml', lines: { begin: 3 } }]]);
    expect(new Set(gl.map((x: any) => x.fingerprint)).size).toBe(2);
    expect((await klee(b.project, ['validate', '--format', 'xml'])).stderr).toMatch(/Allowed choices are text, github, gitlab/);
  });
});

describe('--json failures are one JSON document on stdout, exit codes unchanged', () => {
  it.each([
    ['an invalid file', ['plan', '--json'], 'containers:\n  a: { path: 5 }\n', { message: 'kleene.yaml is not valid (1 error)', line: 2 }],
    ['a missing file', ['up', '--json', '-f', 'nope.yaml'], undefined, { message: 'no such file: nope.yaml' }],
    ['an unknown option', ['plan', '--json', '--frobnicate'], SMALL, { message: "unknown option '--frobnicate'" }],
    ['config of an invalid file', ['config', '--json'], 'containers:\n  a: { path: 5 }\n', { message: 'kleene.yaml is not valid (1 error)' }],
    ['no command at all', ['--json'], SMALL, { message: 'no command given (`klee --help` lists them)' }],
    ['stop of a container the file does not have', ['stop', 'nosuch', '--json'], SMALL, { message: expect.stringMatching(/^cannot plan: no container "nosuch" in .*kleene\.yaml \(containers: web, db\)$/) }],
    ['up --wait-timeout that is no duration', ['up', '--wait', '--wait-timeout', 'soon', '--json'], SMALL, { message: expect.stringContaining('expected a duration such as 60s or 5m, got "soon"') }],
  ])('%s', async (_what, argv, text, error) => {
    const b = sandbox(undefined, text ?? SMALL);
    const r = await klee(b.project, [...argv, '-H', b.host()]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject(error);
  });

  it('a failed host command names the command', async () => {
    const b = sandbox(undefined, SMALL);
    const r = await klee(b.project, ['plan', '--json', '-H', b.host('fail-match=^ifconfig -a$')]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({ command: ['ifconfig', '-a'] });
  });
});

describe('refusals before anything runs', () => {
  it('up and down on a snapshot: host are refused before planning (--dry-run still prints)', async () => {
    const b = sandbox(undefined, SMALL);
    const snap = join(b.dir, 'snap.json');
    expect((await klee(b.project, ['probe', '--save', snap, '-H', b.host()])).code).toBe(0);
    for (const cmd of ['up', 'down']) {
      const r = await klee(b.project, [cmd, '-H', `snapshot:${snap}`]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`klee: klee ${cmd} cannot change snapshot:${snap}: a snapshot is a read-only recording of a host\nhint: plan against it with \`klee plan -H snapshot:${snap}\`; to apply, run klee ${cmd} on the host itself (or -H ssh://...)\n`);
    }
    expect((await klee(b.project, ['up', '--dry-run', '-H', `snapshot:${snap}`])).stdout).toMatch(/^#!\/bin\/sh/);
  });

  it('TERM=dumb: no cursor codes or colours, even on a terminal', async () => {
    const b = sandbox(undefined, SMALL);
    const r = await klee(b.project, ['up', '-H', b.host()], { tty: true, env: { TERM: 'dumb' } });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\x1b/);
    const live = await klee(b.project, ['down', '-H', b.host()], { tty: true, env: { TERM: 'xterm' } });
    expect(live.stdout).toMatch(/\x1b\[/);
  });
});
