// What `npm pack` ships: the bundle, schemas, examples, docs, README and LICENSE; not tsc's dist/src or dist/bench.
// Every runtime library is inside the bundle (test/e2e/bundle.test.ts runs it without node_modules), so the package
// has no dependencies for users to install.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

describe('the npm package', () => {
  it('ships the bundle, schemas, examples, docs, README and LICENSE, and nothing of dist/src or dist/bench', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
    for (const f of ['dist/bin/klee.js', 'schemas/kleene.schema.json', 'examples/vnet.yaml', 'docs/kleene-yaml.md', 'README.md', 'LICENSE', 'package.json']) expect(files, f).toContain(f);
    expect(files.filter((f) => f.startsWith('dist/') && !f.startsWith('dist/bin/'))).toEqual([]);
    expect(files.some((f) => f.startsWith('dist/bin/chunks/'))).toBe(true);
  });

  it('has no runtime dependencies (the bundle holds them) and a BSD-2-Clause LICENSE as package.json says', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.license).toBe('BSD-2-Clause');
    expect(readFileSync(new URL('LICENSE', root), 'utf8')).toMatch(/^BSD 2-Clause License\n/);
  });
});
