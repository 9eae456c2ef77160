// printf FORMAT [ARG...] as usr.bin/printf/printf.c prints it (also sh's builtin): the escapes of the format, %s,
// %d/%i and %%, the format used again while arguments remain. Other conversions are refused, not guessed.
import { type Out, fail, ok } from './ctx.js';

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** Run printf with these arguments. */
export function printf(args: string[]): Out {
  if (args.length === 0) return fail('usage: printf format [arguments ...]');
  const [format, ...rest] = args;
  let out = '';
  let used = 0;
  do {
    let consumed = false;
    for (let i = 0; i < format.length; i++) {
      const c = format[i];
      if (c === '\\') {
        const n = format[i + 1];
        const oct = /^0?[0-7]{1,3}/.exec(format.slice(i + 1));
        if (n !== undefined && n in ESCAPES) { out += ESCAPES[n]; i++; }
        else if (oct) { out += String.fromCharCode(Number.parseInt(oct[0], 8)); i += oct[0].length; }
        else out += c;
        continue;
      }
      if (c !== '%') { out += c; continue; }
      const conv = format[++i];
      if (conv === '%') { out += '%'; continue; }
      const arg = rest[used];
      if (arg !== undefined) { used++; consumed = true; }
      if (conv === 's') out += arg ?? '';
      else if (conv === 'd' || conv === 'i') {
        const v = arg === undefined || arg === '' ? 0 : Number(arg);
        if (!Number.isInteger(v)) return { stdout: out, stderr: `printf: ${arg}: expected numeric value\n`, code: 1 };
        out += String(v);
      } else return { stdout: out, stderr: `printf: illegal format character ${conv ?? ''}\n`, code: 1 };
    }
    if (!consumed) break;
  } while (used < rest.length);
  return ok(out);
}
