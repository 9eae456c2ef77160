// examples/ci (docs/gitops.md): the workflows parse as YAML, the shell files as sh, the fleet's files are valid, and
// every klee command the pipelines run is one klee has, with those options: each is parsed by klee's own program,
// built from the command definitions (src/cli/commands), with a recorder in place of the commands themselves.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildProgram } from '../../src/cli/program.js';
import { loadSpec } from '../../src/spec/load.js';

const CI = resolve(import.meta.dirname, '../../examples/ci');

/** Every file below `dir`, relative to CI. */
function files(dir = CI): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [relative(CI, join(dir, e.name))])).sort();
}

/** The shell text a file runs: a workflow's `run:` steps, a config's command lines, a script whole. */
function shellOf(file: string): string[] {
  const text = readFileSync(join(CI, file), 'utf8');
  if (file.endsWith('.yml')) {
    const wf = parse(text) as { jobs: Record<string, { steps: { run?: string }[] }> };
    return Object.values(wf.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run ? [s.run] : [])));
  }
  if (file.endsWith('.cfg')) return text.split('\n').filter((l) => l.startsWith('command[')).map((l) => l.slice(l.indexOf('=') + 1));
  return [text];
}

/**
 * The arguments of each klee command in shell text (klee as a simple command's program, not `npm install -g klee` or
 * `service klee reload`): quotes removed, `${{ expr }}`, `$(...)` and `$var` stood in for by a word, up to the first
 * operator or redirection (`|`, `;`, `&&`, `||`, `>`, `<`) or the end of the line.
 */
function kleeCommands(shell: string): string[][] {
  const out: string[][] = [];
  for (const line of shell.replace(/\\\n/g, ' ').split('\n')) {
    const text = line.replace(/#.*$/, '').replace(/\$\{\{[^}]*\}\}/g, 'X').replace(/\$\([^)]*\)/g, 'X').replace(/\$\{?\w+\}?/g, 'X');
    const words: (string | null)[] = [];
    for (const m of text.matchAll(/"([^"]*)"|'([^']*)'|(\|\||&&|[|;<>])|([^\s"'|;<>&]+)/g)) words.push(m[3] !== undefined ? null : (m[1] ?? m[2] ?? m[4]));
    // each simple command: its first word after assignments and the wrappers `exec`, `env` and `doas [-n]`
    for (let start = 0; start < words.length; start = words.indexOf(null, start) < 0 ? words.length : words.indexOf(null, start) + 1) {
      let i = start;
      while (i < words.length && words[i] !== null && (/^\w+=/.test(words[i]!) || ['exec', 'env', 'doas'].includes(basename(words[i]!)) || (words[i]!.startsWith('-') && basename(words[i - 1] ?? '') === 'doas'))) i++;
      if (words[i] === null || words[i] === undefined || basename(words[i]!) !== 'klee') continue;
      const end = words.indexOf(null, i + 1);
      out.push(words.slice(i + 1, end < 0 ? undefined : end) as string[]);
    }
  }
  return out;
}

/** Parse klee's argv as the binary would; the command it chose, or commander's complaint. */
async function chosen(argv: string[]): Promise<string> {
  let said = '';
  let name = '';
  const io = { stdout: { write: (s: string) => (said += s) }, stderr: { write: (s: string) => (said += s) } };
  const program = buildProgram(io, {}, CI, new AbortController().signal, async (def) => { name = def.name; });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch {
    return `refused: ${said.trim()}`;
  }
  return name || `no command: ${said.trim()}`;
}

describe('examples/ci', () => {
  it('holds the fleet, both push workflows, the pull model and the monitoring check', () => {
    expect(files()).toEqual([
      '.github/workflows/deploy.yml', '.github/workflows/pull-request.yml', 'hosts/db1.example.org/kleene.yaml', 'hosts/web1.example.org/kleene.yaml',
      'monitoring/nrpe.cfg', 'pull/cron', 'pull/klee-pull', 'pull/rc.conf',
    ]);
  });

  it('every klee command of the pipelines is one klee has, with those options', async () => {
    const found: [string, string][] = [];
    for (const f of files().filter((x) => !x.endsWith('.yaml'))) {
      for (const shell of shellOf(f)) for (const argv of kleeCommands(shell)) found.push([f, `${await chosen(argv)}: ${argv.join(' ')}`]);
    }
    expect(found).toEqual([
      ['.github/workflows/deploy.yml', 'plan: plan -f hosts/X/kleene.yaml -H ssh://deploy@X --remove-orphans -o plan.json'],
      ['.github/workflows/deploy.yml', 'up: up -f hosts/X/kleene.yaml --plan plan.json -H ssh://deploy@X'],
      ['.github/workflows/deploy.yml', 'probe: probe -f hosts/X/kleene.yaml -H ssh://deploy@X --save host.json'],
      ['.github/workflows/pull-request.yml', 'validate: validate --format github -f hosts/X/kleene.yaml'],
      ['.github/workflows/pull-request.yml', 'plan: plan -f hosts/X/kleene.yaml -H snapshot:host.json --remove-orphans --detailed-exitcode'],
      ['monitoring/nrpe.cfg', 'plan: -f /var/db/klee/fleet/hosts/web1.example.org/kleene.yaml plan --format nagios'],
      ['pull/klee-pull', 'validate: -f X validate'],
    ]);
  });

  it('the rc.conf of the pull model gives klee watch options it has', async () => {
    const conf = readFileSync(join(CI, 'pull/rc.conf'), 'utf8');
    const flags = /^klee_watch_flags="([^"]*)"$/m.exec(conf)![1].split(' ');
    expect(await chosen(['-f', 'x', 'watch', ...flags])).toBe('watch');
  });

  it('a command or flag klee does not have is refused by the same check', async () => {
    expect(await chosen(['plan', '--no-such-flag'])).toMatch(/^refused: .*unknown option '--no-such-flag'/);
    expect(await chosen(['deploy'])).toMatch(/^refused: .*unknown command 'deploy'/);
    expect(await chosen(['validate', '--format', 'junit'])).toMatch(/^refused: .*Allowed choices are text, github, gitlab/);
  });

  it('the workflows are GitHub Actions workflows: triggers and jobs with steps; the scripts are sh', () => {
    for (const f of files().filter((x) => x.endsWith('.yml'))) {
      const wf = parse(readFileSync(join(CI, f), 'utf8')) as Record<string, any>;
      expect(Object.keys(wf.on)).toHaveLength(1);
      for (const job of Object.values(wf.jobs) as any[]) expect(job.steps.length).toBeGreaterThan(0);
    }
    expect(() => execFileSync('/bin/sh', ['-n', join(CI, 'pull/klee-pull')])).not.toThrow();
    expect(() => execFileSync('/bin/sh', ['-n', join(CI, 'pull/rc.conf')])).not.toThrow();
  });

  it('each host of the fleet has a valid kleene.yaml', () => {
    for (const f of files().filter((x) => x.endsWith('kleene.yaml'))) {
      const r = loadSpec({ text: readFileSync(join(CI, f), 'utf8'), file: f, env: {}, dirName: basename(join(f, '..')) });
      expect([f, r.diagnostics]).toEqual([f, []]);
    }
  });
});
