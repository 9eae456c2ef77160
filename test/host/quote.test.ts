// shQuote/shJoin survive a real /bin/sh: arbitrary strings round-trip through `sh -c "printf '%s\0' <quoted>"`.
import { execFileSync, spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shJoin, shQuote } from '../../src/host/quote.js';

/** What /bin/sh makes of a quoted command line: the argv printf receives, split at NULs. */
function roundTrip(args: string[]): string[] {
  const out = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${shJoin(args)}`], { encoding: 'buffer' });
  const parts = out.toString('utf8').split('\0');
  parts.pop();
  return parts;
}

describe('shell quoting for the remote /bin/sh', () => {
  it('hostile examples', () => {
    const hostile = ["it's", '$(reboot)', '`id`', 'a b\tc\nd', '"; rm -rf / #', '\\', "''", '*', '~root', '-n', '!x', '${IFS}', 'é漢字🎉', '%s', '\r', '&&|;<>()'];
    expect(roundTrip(hostile)).toEqual(hostile);
    expect(shQuote("a'b")).toBe(`'a'\\''b'`);
    expect(shQuote('kleene1')).toBe('kleene1');
    expect(shQuote('')).toBe("''");
  });

  it('property: any strings (every code point but NUL, which argv cannot hold) round-trip unchanged', () => {
    const arg = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0'));
    const bytesArg = fc.uint8Array({ minLength: 0, maxLength: 24 }).map((b) => Buffer.from(b.filter((x) => x !== 0)).toString('latin1'));
    fc.assert(
      fc.property(fc.array(fc.oneof(arg, bytesArg), { minLength: 1, maxLength: 8 }), (args) => {
        expect(roundTrip(args)).toEqual(args);
      }),
      { numRuns: 150 },
    );
  });
});

describe('shJoin: a first word with "="', () => {
  it('is quoted, so /bin/sh runs it as a command, not a variable assignment', () => {
    expect(shJoin(['A=b', 'x=y'])).toBe(`'A=b' x=y`);
    const r = spawnSync('/bin/sh', ['-c', `${shJoin(['KLEE_NOT_AN_ASSIGNMENT=1', 'true'])}`], { encoding: 'utf8' });
    expect(r.status).toBe(127); // "command not found": it was not taken as an assignment before `true`
  });
});
