// Hostile host URIs (-H and KLEE_HOST): an ssh destination that ssh could read as an option, or that holds white
// space, control or shell characters, is refused with a clear error before any ssh process starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSshUri } from '../../src/host/backends/ssh-uri.js';
import { UserError } from '../../src/errors.js';
import { klee } from './hostile-helpers.js';

/** Option-like and shell-like destinations (the first is the review's: it ran a local command through ssh). */
const OPTIONS = ['-oProxyCommand=touch${IFS}PWNED', '-oProxyCommand=sh -c "touch PWNED"', '-F/tmp/evil', '-E/tmp/log', '-oLocalCommand=id', '-v', '--', '-'];
const SHELLISH = ['h;touch PWNED', 'h$(touch PWNED)', 'h`touch PWNED`', 'h|id', 'h&&id', "h'x", 'h"x', 'h*', 'h>out', 'h<in', 'h\\x', 'h%h', 'h!x', 'h#x', 'h~x', 'h{a,b}', 'h[1]', 'h=x', 'h,x'];
const SPACES = [' ', '\t', '\n', '\r', '\u00a0', '\u2028', '\u3000', '\u200b'];
const CONTROLS = [...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)), '\u007f', '\u0085', '\u009b'];

/** The corpus: each hostile word as the user, as the host, and around a valid host; plus malformed ports and forms. */
function hostileUris(): string[] {
  const words = [...OPTIONS, ...SHELLISH, ...SPACES.map((s) => `a${s}b`), ...CONTROLS.map((c) => `a${c}b`)];
  const out = new Set<string>();
  for (const w of words) {
    out.add(`ssh://${w}`);
    out.add(`ssh://${w}@box`);
    out.add(`ssh://root@${w}`);
    out.add(`ssh://root@${w}:22`);
  }
  for (const p of ['0', '65536', '22x', '-1', ' 22', '', '99999999999', '0x16']) out.add(`ssh://root@box:${p}`);
  for (const u of ['ssh://', 'ssh://@box', 'ssh://root@', 'ssh://root@box:22:22', 'ssh://[::1', 'ssh://[x]', 'ssh://root@@box', 'ssh:/box', 'SSH://box', 'ssh://box/path', 'ssh://.box', 'ssh://[::1]:-oX']) out.add(u);
  return [...out];
}

let cwd: string;
let stub: string;
let savedPath: string | undefined;
const savedCwd = process.cwd();
beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'klee-hostile-uri-'));
  // A ProxyCommand runs in ssh's working directory, which is this process's.
  process.chdir(cwd);
  // An `ssh` earlier in PATH that records that it was started: it must never be.
  stub = join(cwd, 'bin');
  mkdirSync(stub);
  writeFileSync(join(stub, 'ssh'), `#!/bin/sh\necho "$@" >> ${cwd}/ssh-started\nexit 255\n`);
  chmodSync(join(stub, 'ssh'), 0o755);
  savedPath = process.env.PATH;
});
afterAll(() => {
  process.chdir(savedCwd);
  process.env.PATH = savedPath;
  rmSync(cwd, { recursive: true, force: true });
});

describe('hostile host URIs', () => {
  it('the review\'s URI runs nothing: refused before the real ssh would start (no PWNED)', async () => {
    const r = await klee(cwd, ['probe', '-H', 'ssh://-oProxyCommand=touch${IFS}PWNED']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad ssh host "ssh:\/\/-oProxyCommand=touch\$\{IFS\}PWNED": the host "-oProxyCommand=touch\$\{IFS\}PWNED" begins with "-"/);
    const env = await klee(cwd, ['probe'], { KLEE_HOST: 'ssh://-oProxyCommand=touch${IFS}PWNED@box' });
    expect(env.code).toBe(1);
    expect(env.stderr).toMatch(/the user "-oProxyCommand=touch\$\{IFS\}PWNED" begins with "-"/);
    expect(existsSync(join(cwd, 'PWNED'))).toBe(false);
  });

  it('every URI of the corpus, by -H and by KLEE_HOST: exit 1, "bad ssh host", no stack trace, no ssh started', { timeout: 60_000 }, async () => {
    process.env.PATH = `${stub}:${savedPath}`;
    const corpus = hostileUris();
    expect(corpus.length).toBeGreaterThanOrEqual(250);
    const failures: string[] = [];
    for (const uri of corpus) {
      for (const [argv, env] of [[['probe', '-H', uri], {}], [['probe'], { KLEE_HOST: uri }]] as const) {
        const r = await klee(cwd, [...argv], env);
        const why: string[] = [];
        if (r.code !== 1) why.push(`exit ${r.code}`);
        if (!/bad ssh host|unknown host/.test(r.stderr)) why.push(`message: ${r.stderr.slice(0, 200)}`);
        if (/^ {4}at /m.test(r.stderr) || /internal error/i.test(r.stderr)) why.push('internal error');
        if (why.length) failures.push(`${JSON.stringify(uri)} (${argv.length > 1 ? '-H' : 'KLEE_HOST'}): ${why.join(', ')}`);
      }
    }
    const started = existsSync(join(cwd, 'ssh-started')) ? readFileSync(join(cwd, 'ssh-started'), 'utf8') : '';
    console.log(`reliability: hostile: ${corpus.length * 2 - failures.length}/${corpus.length * 2} hostile host URIs refused before ssh (-H and KLEE_HOST)`);
    expect(failures).toEqual([]);
    expect(started).toBe('');
    expect(existsSync(join(cwd, 'PWNED'))).toBe(false);
  });

  it('generated URIs: either refused with a UserError, or every part is a plain word ssh cannot take as an option', () => {
    let refused = 0;
    let accepted = 0;
    const part = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...OPTIONS, ...SHELLISH), fc.stringMatching(/^[a-z0-9.-]{1,10}$/));
    fc.assert(fc.property(fc.option(part, { nil: undefined }), part, fc.option(fc.string({ maxLength: 6 }), { nil: undefined }), (user, host, port) => {
      const uri = `ssh://${user === undefined ? '' : `${user}@`}${host}${port === undefined ? '' : `:${port}`}`;
      try {
        const t = parseSshUri(uri);
        accepted++;
        for (const w of [t.user, t.host]) {
          if (w === undefined) continue;
          expect(w.startsWith('-')).toBe(false);
          expect(w).toMatch(/^[A-Za-z0-9._:%-]+$/);
        }
        if (t.port !== undefined) expect(t.port >= 1 && t.port <= 65535).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
        expect((e as Error).message.startsWith(`bad ssh host ${JSON.stringify(uri)}: `)).toBe(true);
        refused++;
      }
    }), { numRuns: 3000, seed: 18 });
    console.log(`reliability: hostile: generated ssh URIs: ${refused} refused, ${accepted} accepted as plain words`);
    expect(refused).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThan(0);
  });
});
