// Secrets: a container's env values never appear in any output (plan, --commands, --json, NDJSON events, --dry-run,
// errors, ps) nor in any argv klee sends; views show `NAME=<redacted>`. Only the root-only env file in the jail holds
// them, and `klee config` shows the file as written (compose's habit).
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { events, Sandbox } from './helpers.js';

const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });

const SECRET = 'pa55-Wq9zX-secret';
const FILE = [
  'name: vault',
  'networks:',
  '  lan: { subnet: 10.6.0.0/24 }',
  'containers:',
  '  db:',
  '    path: /jails/db',
  '    networks: [lan]',
  '    command: [/usr/local/bin/postgres]',
  `    env: { POSTGRES_PASSWORD: "${SECRET}", MODE: prod }`,
  '    healthcheck: { test: [CMD, /usr/bin/true], interval: 1s, retries: 1 }',
  '',
].join('\n');

function sandbox(): Sandbox {
  const box = new Sandbox();
  boxes.push(box);
  writeFileSync(join(box.project, 'kleene.yaml'), FILE);
  return box;
}

/** Every argv of every command event, probe commands aside (those never carry env). */
const argvs = (stdout: string) => events(stdout).filter((e) => e.event === 'command' || e.event === 'undo').map((e) => JSON.stringify(e.argv));

describe('env values are secret', () => {
  it('absent from plan (human, --commands, --json), up --json events, --dry-run, ps, down; shown as NAME=<redacted>', async () => {
    const box = sandbox();
    const outputs: Record<string, string> = {};
    const keep = async (name: string, args: string[]) => {
      const r = await box.klee([...args, '-H', box.host()]);
      outputs[name] = r.stdout + r.stderr;
      return r;
    };
    await keep('plan', ['plan']);
    await keep('plan --commands', ['plan', '--commands']);
    await keep('plan --json', ['plan', '--json']);
    await keep('up --dry-run', ['up', '--dry-run']);
    const up = await keep('up --json', ['up', '--json', '--wait']);
    expect(up.code, up.stderr).toBe(0);
    await keep('ps', ['ps']);
    await keep('ps --json', ['ps', '--json']);
    await keep('inspect', ['inspect', 'db']);
    await keep('down --dry-run', ['down', '--dry-run']);
    await keep('down --json', ['down', '--json']);
    for (const [name, text] of Object.entries(outputs)) expect([name, text.includes(SECRET)]).toEqual([name, false]);
    expect(outputs['plan --commands']).toContain('export POSTGRES_PASSWORD=<redacted>');
    expect(outputs['up --dry-run']).toContain('export POSTGRES_PASSWORD=<redacted>');
    expect(outputs.inspect).toContain('"POSTGRES_PASSWORD=<redacted>"');
    expect(JSON.parse(outputs['plan --json']).actions.find((a: { id: string }) => a.id === 'container:db').stdin).toBe('export MODE=<redacted>\nexport POSTGRES_PASSWORD=<redacted>\n');
    // No argv klee sent carries it (the events list every command of the run, undo included).
    expect(argvs(outputs['up --json']).some((a) => a.includes(SECRET))).toBe(false);
    expect(argvs(outputs['up --json']).length).toBeGreaterThan(3);
  });

  it('absent from a failed run\'s errors and undo; the program got it all the same', async () => {
    const box = sandbox();
    const r = await box.klee(['up', '-H', box.host(`fail-match=${encodeURIComponent('^jail -c')}`)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/jail -c/);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    const json = await box.klee(['up', '--json', '-H', box.host(`fail-match=${encodeURIComponent('^jail -c')}`)]);
    expect(json.stdout).not.toContain(SECRET);
    // Without the fault the jail starts, and its env file (root-only, in the jail) is the one place the value is.
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    const state = box.state() as { files: Record<string, string[]>; procs: { argv?: string[]; env?: Record<string, string> }[] };
    const holders = Object.entries(state.files).filter(([, lines]) => lines.join('\n').includes(SECRET)).map(([path]) => path);
    expect(holders).toEqual(['/jails/db/var/run/klee/vault_db/env']);
    // No process's argv holds it (ps(1) shows argv to everyone); the program's environment does (ps -e: its owner and root).
    expect(state.procs.some((p) => (p.argv ?? []).join(' ').includes(SECRET))).toBe(false);
    expect(state.procs.some((p) => JSON.stringify(p.env ?? {}).includes(SECRET))).toBe(true);
  });

  it('a saved plan holds them for `up --plan` and is written owner-only; plan -o prints none', async () => {
    const box = sandbox();
    const out = join(box.dir, 'saved.plan');
    const r = await box.klee(['plan', '-o', out, '--commands', '-H', box.host()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const up = await box.klee(['up', '--plan', out, '-H', box.host()]);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout + up.stderr).not.toContain(SECRET);
    expect((box.state() as { files: Record<string, string[]> }).files['/jails/db/var/run/klee/vault_db/env'].join('\n')).toContain(SECRET);
  });

  it('klee config shows the file as written', async () => {
    const box = sandbox();
    const r = await box.klee(['config']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(SECRET);
  });
});
