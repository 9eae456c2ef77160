import { it } from 'vitest';
import { appendFileSync, writeFileSync } from 'node:fs';
import { loadSpec } from '../../src/spec/load.js';
import { parseYaml } from '../../src/spec/parse.js';
it('scale', { timeout: 600_000 }, () => {
  writeFileSync('/tmp/scale.txt', '');
  for (const n of [2000, 4000, 8000]) {
    const text = `name: demo\ncontainers:\n${Array.from({ length: n }, (_, i) => `  c${i}: { path: /jails/c${i} }`).join('\n')}\n  bad: { path: relative }\n`;
    let t = performance.now();
    parseYaml(text, 'k');
    const tp = performance.now() - t;
    t = performance.now();
    const r = loadSpec({ text, file: 'k', env: {}, dirName: 'p' });
    appendFileSync('/tmp/scale.txt', `${n}: parse ${Math.round(tp)} load ${Math.round(performance.now() - t)} ms ${r.diagnostics.length}\n`);
  }
});
