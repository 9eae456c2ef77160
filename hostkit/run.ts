// `npm run test:host -- --host sim:PATH | local | ssh://root@vm [--root DIR] [--only a,b] [--diff REPORT.json
// [--diff-release R]]`: the host kit (docs/testing.md). Exit 0 when every scenario passed on the host.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runKit } from './kit.js';
import { differenceCount, renderReport } from './report.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const host = opt('--host');
const diff = opt('--diff');
if (!host || (args.includes('--diff') && !diff)) {
  process.stderr.write('usage: npm run test:host -- --host sim:PATH|local|ssh://[user@]host [--root DIR] [--only example,...] [--diff REPORT.json [--diff-release R]]\n');
  process.exit(2);
}
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'); // dist/hostkit -> the package
try {
  const { results, report } = await runKit({
    host, examples: join(root, 'examples'), root: opt('--root'), only: opt('--only')?.split(','),
    diff: diff !== undefined, diffRelease: opt('--diff-release'),
    log: (l) => process.stdout.write(`${l}\n`),
  });
  const failed = results.filter((r) => !r.ok).length;
  process.stdout.write(`host kit: ${results.length - failed}/${results.length} scenarios passed on ${host}\n`);
  if (diff && report) {
    // The JSON at the path given, the text beside it (REPORT.txt).
    const text = `${diff.replace(/\.json$/, '')}.txt`;
    writeFileSync(diff, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(text, renderReport(report));
    process.stdout.write(`host kit: ${differenceCount(report)} difference(s) from ${report.sim}: ${diff}, ${text}\n`);
  }
  process.exit(failed ? 1 : 0);
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
}
