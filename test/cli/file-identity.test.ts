// Which file a run applies, read from real directories (src/cli/file-identity.ts): a git checkout's origin and path in
// the work tree (a plain clone, a linked worktree, a submodule), else the absolute path; never a credential.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileIdentity } from '../../src/cli/file-identity.js';
import { STDIN_FILE } from '../../src/cli/load-spec.js';

const dirs: string[] = [];
afterEach(() => { while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true }); });

/** A scratch directory (its real path: tmpdir may be a symbolic link) with these files. */
function tree(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'klee-identity-')));
  dirs.push(root);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

const ORIGIN = (url: string) => `[core]\n\tbare = false\n[remote "origin"]\n\turl = ${url}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`;

describe('fileIdentity', () => {
  it('in a clone: the origin without its credentials, # the path from the work tree top', () => {
    const root = tree({ 'co/.git/config': ORIGIN('https://deploy:s3cret@git.example.com/acme/infra.git'), 'co/deploy/web/kleene.yaml': '' });
    expect(fileIdentity(join(root, 'co/deploy/web/kleene.yaml'))).toBe('git.example.com/acme/infra#deploy/web/kleene.yaml');
  });

  it('two checkouts of one repository in different places (a CI runner, a laptop over ssh) are one identity', () => {
    const root = tree({
      'runner/work/infra/.git/config': ORIGIN('https://github.com/acme/infra'), 'runner/work/infra/kleene.yaml': '',
      'home/me/src/infra/.git/config': ORIGIN('git@github.com:acme/infra.git'), 'home/me/src/infra/kleene.yaml': '',
    });
    expect(fileIdentity(join(root, 'runner/work/infra/kleene.yaml'))).toBe('github.com/acme/infra#kleene.yaml');
    expect(fileIdentity(join(root, 'home/me/src/infra/kleene.yaml'))).toBe('github.com/acme/infra#kleene.yaml');
  });

  it('a linked worktree (.git file, commondir) reads the main repository\'s config; a submodule its own', () => {
    const root = tree({
      'main/.git/config': ORIGIN('https://example.com/acme/infra.git'),
      'main/.git/worktrees/wt/commondir': '../..\n',
      'wt/.git': `gitdir: ../main/.git/worktrees/wt\n`,
      'wt/env/kleene.yaml': '',
      'main/.git/modules/sub/config': ORIGIN('https://example.com/acme/sub.git'),
      'main/sub/.git': 'gitdir: ../.git/modules/sub\n',
      'main/sub/kleene.yaml': '',
    });
    expect(fileIdentity(join(root, 'wt/env/kleene.yaml'))).toBe('example.com/acme/infra#env/kleene.yaml');
    expect(fileIdentity(join(root, 'main/sub/kleene.yaml'))).toBe('example.com/acme/sub#kleene.yaml');
  });

  it('outside git, or in a repository without an origin: the absolute path, symbolic links resolved', () => {
    const root = tree({ 'plain/kleene.yaml': '', 'local/.git/config': '[core]\n\tbare = false\n', 'local/kleene.yaml': '' });
    symlinkSync(join(root, 'plain'), join(root, 'link'));
    expect(fileIdentity(join(root, 'plain/kleene.yaml'))).toBe(join(root, 'plain/kleene.yaml'));
    expect(fileIdentity(join(root, 'link/kleene.yaml'))).toBe(join(root, 'plain/kleene.yaml'));
    expect(fileIdentity(join(root, 'local/kleene.yaml'))).toBe(join(root, 'local/kleene.yaml'));
  });

  it('standard input has none', () => {
    expect(fileIdentity(STDIN_FILE)).toBeUndefined();
  });
});
