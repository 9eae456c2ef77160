// Rule: no newline, carriage return or NUL in any key or value (names, paths, params, env, command).
import type { Rule } from './context.js';
import { reporter } from './context.js';
import type { Path } from '../diagnostic.js';

const BAD = /[\n\r\0]/;

/** The rule about control characters in strings. */
export const stringRules: Rule[] = [
  {
    id: 'control-characters',
    check(ctx) {
      const r = reporter(ctx);
      const what = (s: string) => (s.includes('\0') ? 'a NUL character' : 'a line break');
      const walk = (v: unknown, path: Path) => {
        if (typeof v === 'string') {
          if (BAD.test(v)) r.error(path, `${path.join('.') || 'value'} contains ${what(v)}`, 'klee passes values to jail(8) and ifconfig as arguments: use one line');
        } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
        else if (v !== null && typeof v === 'object') {
          for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
            if (BAD.test(k)) r.error([...path, k], `key ${JSON.stringify(k)} contains ${what(k)}`, undefined, 'key');
            walk(x, [...path, k]);
          }
        }
      };
      walk(ctx.raw, []);
      return r.out;
    },
  },
];
