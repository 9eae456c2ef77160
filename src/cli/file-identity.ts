// Which file a run applies, as klee records it on the host (docs/ownership.md "Which file a project was applied
// from"): the file's place in its git repository, `<origin>#<path in the work tree>`, the same in every checkout (a
// CI runner's, a colleague's), else its absolute path. Read from .git without running git or touching the network.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { gitConfigValues, remoteIdentity } from './git-remote.js';
import { STDIN_FILE } from './load-spec.js';

/** A file's contents, or undefined when it cannot be read. */
function readText(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The git directory of the work tree whose top is `top`: `top/.git` itself, or what a `.git` file names (`gitdir:
 * PATH`, relative to `top`: a linked worktree's or a submodule's); undefined when `top` has no `.git`.
 */
function gitDirOf(top: string): string | undefined {
  const dotGit = join(top, '.git');
  let isDir: boolean;
  try {
    isDir = statSync(dotGit).isDirectory();
  } catch {
    return undefined;
  }
  if (isDir) return dotGit;
  const m = /^gitdir:\s*(.+?)\s*$/m.exec(readText(dotGit) ?? '');
  return m ? resolve(top, m[1]) : undefined;
}

/** The config file of a git directory: a linked worktree's is in the common directory its `commondir` names (gitrepository-layout(5)). */
function configOf(gitDir: string): string {
  const common = readText(join(gitDir, 'commondir'))?.trim();
  return join(common ? resolve(gitDir, common) : gitDir, 'config');
}

/** The top of the git work tree holding `dir` and that work tree's origin URL, if any. */
function workTree(dir: string): { top: string; origin?: string } | undefined {
  for (let d = dir; ; d = dirname(d)) {
    const gitDir = gitDirOf(d);
    if (gitDir !== undefined) {
      const origin = gitConfigValues(readText(configOf(gitDir)) ?? '', 'remote', 'origin', 'url')[0];
      return { top: d, ...(origin ? { origin } : {}) };
    }
    if (dirname(d) === d) return undefined;
  }
}

/**
 * The identity of the project file at `file` (absolute, or STDIN_FILE: none): `<origin without credentials>#<path
 * from the work tree's top>` when it is in a git work tree with an `origin` remote, else its absolute path (symbolic
 * links resolved).
 */
export function fileIdentity(file: string): string | undefined {
  if (file === STDIN_FILE) return undefined;
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    real = resolve(file);
  }
  const tree = workTree(dirname(real));
  if (!tree?.origin) return real;
  return `${remoteIdentity(tree.origin)}#${relative(tree.top, real).split(sep).join('/')}`;
}
