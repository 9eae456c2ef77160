// `npm run test:host -- --host sim:PATH | local | ssh://root@vm [--root DIR] [--only a,b]`: the host kit
// (docs/testing.md). Exit 0 when every scenario passed.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runKit } from './kit.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const host = opt('--host');
if (!host) {
  process.stderr.write('usage: npm run test:host -- --host sim:PATH|local|ssh://[user@]host [--root DIR] [--only example,...]\n');
  process.exit(2);
}
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'); // dist/hostkit -> the package
try {
  const results = await runKit({
    host, examples: join(root, 'examples'), root: opt('--root'), only: opt('--only')?.split(','),
    log: (l) => process.stdout.write(`${l}\n`),
  });
  const failed = results.filter((r) => !r.ok).length;
  process.stdout.write(`host kit: ${results.length - failed}/${results.length} scenarios passed on ${host}\n`);
  process.exit(failed ? 1 : 0);
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
}
