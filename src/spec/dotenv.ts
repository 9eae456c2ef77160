// Parse a .env file (compose's dotenv rules, the commonly used subset) into variables.
import { substitute } from './template.js';
import { variableLookup } from './variables.js';

/** One problem in a .env file, by line. */
export interface DotenvProblem {
  line: number;
  message: string;
}

/**
 * Parse .env text: `KEY=VALUE` or `export KEY=VALUE`; `#` comments (whole lines, or after
 * whitespace in unquoted values); single quotes literal; double quotes with \n \t \" \\ escapes;
 * `${VAR}` expanded in unquoted and double-quoted values from earlier lines, then `env`.
 */
export function parseDotenv(text: string, env: Record<string, string | undefined> = {}): { vars: Record<string, string>; problems: DotenvProblem[] } {
  const vars = new Map<string, string>();
  const problems: DotenvProblem[] = [];
  const fromEnv = variableLookup(env);
  const lookup = (n: string) => vars.get(n) ?? fromEnv(n);
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(=?)\s*(.*)$/.exec(raw);
    if (!m) {
      problems.push({ line: i + 1, message: `expected KEY=VALUE, got "${raw.slice(0, 40)}"` });
      continue;
    }
    const [, key, eq, rest] = m;
    if (!eq && rest !== '') {
      problems.push({ line: i + 1, message: `expected KEY=VALUE, got "${raw.slice(0, 40)}"` });
      continue;
    }
    if (!eq) continue; // a bare KEY: compose takes it from the environment, which already wins
    let value: string;
    if (rest.startsWith("'")) {
      const end = rest.indexOf("'", 1);
      if (end < 0) {
        problems.push({ line: i + 1, message: `unterminated single quote in value of ${key}` });
        continue;
      }
      value = rest.slice(1, end);
    } else if (rest.startsWith('"')) {
      let j = 1;
      let v = '';
      for (; j < rest.length && rest[j] !== '"'; j++) {
        if (rest[j] === '\\' && j + 1 < rest.length) {
          const e = rest[++j];
          v += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
        } else v += rest[j];
      }
      if (j >= rest.length) {
        problems.push({ line: i + 1, message: `unterminated double quote in value of ${key}` });
        continue;
      }
      value = substitute(v, lookup).value;
    } else {
      value = substitute(rest.replace(/\s+#.*$/, '').trim(), lookup).value;
    }
    vars.set(key, value);
  }
  return { vars: Object.fromEntries(vars), problems };
}
