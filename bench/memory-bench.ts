// Section 6: peak RSS of `klee up` for 1,000 containers (a child process; VmHWM / getrusage maxRSS).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { projectYaml } from './gen-project.js';
import { ms } from './stats.js';
import type { Row } from './report.js';

/** Run `up` of `containers` on a fresh file-backed sim in a child and read its peak RSS; also bare node's. */
export function memoryRows(containers = 1000): Row[] {
  const dir = mkdtempSync(join(tmpdir(), 'klee-bench-mem-'));
  const file = join(dir, 'kleene.yaml');
  writeFileSync(file, projectYaml({ containers, networks: 50 }));
  const child = fileURLToPath(new URL('./memory-child.js', import.meta.url));
  const t = performance.now();
  const p = spawnSync(process.execPath, [child, file, `sim:${join(dir, 'host.json')}`], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = performance.now() - t;
  const r = JSON.parse(p.stdout.trim().split('\n').pop() ?? '{}') as { code: number; maxRssKb: number; vmHwmKb?: number };
  if (r.code !== 0) throw new Error(`up of ${containers} failed (exit ${r.code}): ${p.stderr}`);
  const bare = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.resourceUsage().maxRSS))'], { encoding: 'utf8' });
  const mb = (kb: number) => kb / 1024;
  const peak = mb(r.vmHwmKb ?? r.maxRssKb);
  return [{
    section: '6 memory', measure: `peak RSS of \`up\`, ${containers.toLocaleString('en')} containers, file-backed sim (in the same process)`,
    value: `${peak.toFixed(0)} MB (bare node ${mb(Number(bare.stdout)).toFixed(0)} MB; run took ${ms(wall)})`,
    target: '< 150 MB', met: peak < 150, raw: { peakMb: peak, bareMb: mb(Number(bare.stdout)), wallMs: wall },
  }];
}
