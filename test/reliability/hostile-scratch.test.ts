import { it } from 'vitest';
import { appendFileSync, writeFileSync } from 'node:fs';
import { badFiles } from './hostile-corpus.js';
import { loadSpec } from '../../src/spec/load.js';
it('times', { timeout: 600_000 }, () => {
  writeFileSync('/tmp/timings.txt', '');
  const only = process.env.ONLY;
  for (const c of badFiles()) {
    if (only && !c.name.includes(only)) continue;
    appendFileSync('/tmp/timings.txt', `${c.name} ...`);
    const t = performance.now();
    const text = typeof c.content === 'string' ? c.content : c.content.toString('utf8');
    const r = loadSpec({ text, file: 'kleene.yaml', env: {}, dirName: 'proj' });
    const errs = r.diagnostics.filter((d) => d.severity === 'error');
    appendFileSync('/tmp/timings.txt', ` ${Math.round(performance.now() - t)} ms ${errs.length} errors ${errs[0] ? `${errs[0].line}:${errs[0].column} ${errs[0].message.slice(0, 100)}` : 'VALID'}\n`);
  }
});
