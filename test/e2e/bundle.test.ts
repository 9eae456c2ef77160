// The shipped binary is the esbuild bundle (scripts/bundle.mjs): package.json "bin" points at it, it carries the
// precompiled schema validator, and it runs from a copy that has neither node_modules nor tsc's dist/src.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../bin-path.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { useFreshDist } from '../dist-fresh.js';

useFreshDist(); // these tests run dist/: never a stale build

const root = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'klee-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const FILE = `name: web
networks:
  front:
    type: bridge
    subnet: 10.20.0.0/24
containers:
  app:
    path: /jails/app
    driver: vnet
    networks:
      front: { ip: 10.20.0.3 }
  db:
    path: /jails/db
    driver: ipnet
    networks:
      front: { ip: 10.20.0.2 }
`;

/** A copy of dist/bin alone (plus a package.json saying ESM), outside the repository. */
function isolatedCopy(): string {
  const dir = join(tmp, 'install');
  cpSync(dirname(BIN), join(dir, 'bin'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'klee', version: '0.0.0', type: 'module' }));
  return join(dir, 'bin', relative(dirname(BIN), BIN));
}

describe('the bundled binary', () => {
  it('is package.json "bin", the bundle under dist/bin, executable, with a node shebang that ends node\'s options', () => {
    expect(relative(root, BIN)).toBe(join('dist', 'bin', 'klee.js'));
    accessSync(BIN, constants.X_OK);
    // `node --`: node 20 would otherwise take klee's --env-file for itself (test/e2e/pipes.test.ts).
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env -S node --\n')).toBe(true);
  });

  it('keeps each command a lazily loaded chunk (validate does not load the planner, execa or the simulator)', () => {
    // The command table (src/cli/commands) is shared by the program and `klee completion`, so esbuild puts it, and
    // the import() of each command, in a chunk the binary imports statically.
    const chunkDir = join(dirname(BIN), 'chunks');
    const statics = [...readFileSync(BIN, 'utf8').matchAll(/from "\.\/chunks\/([^"]+)"/g)].map((m) => m[1]);
    const text = [readFileSync(BIN, 'utf8'), ...statics.map((c) => readFileSync(join(chunkDir, c), 'utf8'))].join('\n');
    const lazy = [...text.matchAll(/import\("\.\/(?:chunks\/)?([a-z]+)-[A-Z0-9]+\.js"\)/g)].map((m) => m[1]).sort();
    // Each command's implementation is src/cli/<name>.ts, so its chunk is named after the command.
    expect(lazy).toEqual(COMMANDS.map((c) => c.name).sort());
    const chunks = readdirSync(join(dirname(BIN), 'chunks'));
    for (const name of ['schema-validator', 'sim', 'execa']) expect(chunks.some((c) => c.startsWith(`${name}-`))).toBe(true);
  });

  it('runs validate and plan -H sim: without node_modules or dist/src (validator and simulator are inside)', () => {
    const bin = isolatedCopy();
    const dir = join(tmp, 'project');
    mkdirSync(dir);
    writeFileSync(join(dir, 'kleene.yaml'), FILE);
    const env = { PATH: process.env.PATH, NO_COLOR: '1' };
    const v = spawnSync(process.execPath, [bin, 'validate'], { cwd: dir, env, encoding: 'utf8' });
    expect(v.stderr).toBe('');
    expect(v.stdout).toBe('kleene.yaml is valid: project web, 1 network, 2 containers\n');
    expect(v.status).toBe(0);
    // A schema error comes from the precompiled validator: the same located diagnostic as from sources.
    writeFileSync(join(dir, 'kleene.yaml'), FILE.replace('    driver: vnet\n', '    drivr: vnet\n'));
    const bad = spawnSync(process.execPath, [bin, 'validate'], { cwd: dir, env, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('unknown key "drivr" in containers.app');
    expect(bad.stderr).toContain('did you mean "driver"?');
    writeFileSync(join(dir, 'kleene.yaml'), FILE);
    // plan against a fresh simulated host: the same output as tsc's unbundled build of the same sources.
    const plan = (main: string, host: string) => spawnSync(process.execPath, [main, 'plan', '--detailed-exitcode', '--commands', '-H', `sim:${join(tmp, host)}`], { cwd: dir, env, encoding: 'utf8' });
    const p = plan(bin, 'a.json');
    const unbundled = plan(join(root, 'dist/src/cli/main.js'), 'b.json');
    expect(p.stderr).toBe('');
    expect(p.stdout).toContain('+ container  app ');
    expect(p.stdout).toMatch(/^Plan: 6 to add, 1 to change, 0 to replace, 0 to destroy\.$/m);
    expect(p.stdout).toBe(unbundled.stdout);
    expect(p.status).toBe(2);
  });
});
