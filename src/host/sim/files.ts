// Files of the simulated host: console logs, pidfiles, the env and state files klee keeps inside jails, and what sh
// redirects to. Paths inside a jail are below its root (jail(2) chroots: `/x` in jail J is `<J.path>/x` on the host).
// Directories are not modelled: every directory exists unless `missing=` names it (docs/simulator.md).
import { type Ctx, type Out, fail, ok } from './ctx.js';
import type { ShFiles } from './sh.js';
import type { SimState } from './state.js';

/** The host path of `p` as a command in ctx names it. */
export function hostPath(ctx: Ctx, p: string): string {
  const clean = p.replace(/^(\.\/)+/, '').replace(/\/(\.\/)+/g, '/');
  if (!ctx.jail) return clean;
  const root = ctx.jail.path.replace(/\/+$/, '');
  return `${root}${clean.startsWith('/') ? '' : '/'}${clean}`;
}

/** A file's text, or undefined when there is no such file. */
export function readText(st: SimState, path: string): string | undefined {
  const lines = st.files[path];
  return lines === undefined ? undefined : lines.map((l) => `${l}\n`).join('');
}

/** Append text to a file (created when missing, its mtime now); the file keeps whole lines (a last unterminated part becomes one). */
export function appendText(st: SimState, path: string, text: string): void {
  const lines = (st.files[path] ??= []);
  st.mtimes[path] = st.clock.now;
  if (text === '') return;
  const parts = text.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  lines.push(...parts);
}

/** Replace a file's content. */
export function writeText(st: SimState, path: string, text: string): void {
  st.files[path] = [];
  appendText(st, path, text);
}

/** Remove a file (and its mtime). */
export function removeFile(st: SimState, path: string): void {
  delete st.files[path];
  delete st.mtimes[path];
}

/** The file access sh redirections and `.` use in ctx; /dev is a devfs in a jail that mounted one (mount.devfs). */
export function shFiles(ctx: Ctx): ShFiles {
  const dev = hostPath(ctx, '/dev');
  return {
    devfs: ctx.st.mounts.some((m) => m.split(' ')[0] === 'devfs' && m.split(' ')[2] === dev),
    read: (p) => readText(ctx.st, hostPath(ctx, p)),
    write: (p, text, append) => {
      const path = hostPath(ctx, p);
      if (ctx.opts.missing.some((m) => path.startsWith(`${m}/`) || path === m)) return `sh: cannot create ${p}: No such file or directory\n`;
      if (append) appendText(ctx.st, path, text);
      else writeText(ctx.st, path, text);
      return undefined;
    },
  };
}

/** `cat [FILE...]` (bin/cat: "cat: FILE: No such file or directory", exit 1; no file: standard input). */
export function cat(ctx: Ctx, args: string[], stdin?: string): Out {
  if (args.some((a) => a.startsWith('-') && a !== '-')) return fail('usage: cat [-belnstuv] [file ...]');
  if (args.length === 0) return ok(stdin ?? '');
  let stdout = '';
  let stderr = '';
  for (const a of args) {
    const text = a === '-' ? stdin ?? '' : readText(ctx.st, hostPath(ctx, a));
    if (text === undefined) stderr += `cat: ${a}: No such file or directory\n`;
    else stdout += text;
  }
  return { stdout, stderr, code: stderr ? 1 : 0 };
}

/** `rm [-f] [-r] FILE...` (bin/rm: a missing file is an error only without -f; -r takes a directory's files with it). */
export function rm(ctx: Ctx, args: string[]): Out {
  let force = false;
  let recursive = false;
  let k = 0;
  for (; k < args.length && args[k].startsWith('-') && args[k] !== '-'; k++) {
    if (!/^-[fivrR]+$/.test(args[k])) return fail('usage: rm [-f | -i] [-dIPRrvWx] file ...\n       unlink [--] file');
    force ||= args[k].includes('f');
    recursive ||= /[rR]/.test(args[k]);
  }
  let stderr = '';
  for (const a of args.slice(k)) {
    const path = hostPath(ctx, a);
    const below = recursive ? Object.keys(ctx.st.files).filter((f) => f.startsWith(`${path.replace(/\/+$/, '')}/`)) : [];
    for (const f of below) removeFile(ctx.st, f);
    if (ctx.st.files[path] !== undefined) removeFile(ctx.st, path);
    else if (!force && !below.length && !recursive) stderr += `rm: ${a}: No such file or directory\n`;
  }
  return { stdout: '', stderr, code: stderr ? 1 : 0 };
}

/** `mkdir [-p] [-m mode] DIR...`: directories are not modelled, so only the arguments are checked (bin/mkdir). */
export function mkdir(ctx: Ctx, args: string[]): Out {
  const dirs: string[] = [];
  for (let k = 0; k < args.length; k++) {
    if (args[k] === '-p' || args[k] === '-v') continue;
    if (args[k] === '-m' && args[k + 1] !== undefined) { k++; continue; }
    if (args[k].startsWith('-')) return fail('usage: mkdir [-pv] [-m mode] directory_name ...');
    dirs.push(args[k]);
  }
  if (dirs.length === 0) return fail('usage: mkdir [-pv] [-m mode] directory_name ...');
  const gone = dirs.find((d) => ctx.opts.missing.includes(hostPath(ctx, d)));
  return gone ? fail(`mkdir: ${gone}: No such file or directory`) : ok();
}

/** `test EXPR` / `[ EXPR ]` for the forms klee's scripts use: -f/-e/-d/-n/-z, = and !=, -eq/-ne/-lt/-le/-gt/-ge, ! (bin/test). */
export function test(ctx: Ctx, prog: string, args: string[]): Out {
  let a = args;
  if (prog === '[') {
    if (a[a.length - 1] !== ']') return fail('[: missing ]', 2);
    a = a.slice(0, -1);
  }
  const truth = (x: string[]): boolean | string => {
    if (x[0] === '!' && x.length > 1) { const t = truth(x.slice(1)); return typeof t === 'string' ? t : !t; }
    if (x.length === 0) return false;
    if (x.length === 1) return x[0] !== '';
    if (x.length === 2) {
      const path = hostPath(ctx, x[1]);
      const missing = ctx.opts.missing.includes(path);
      switch (x[0]) {
        case '-n': return x[1] !== '';
        case '-z': return x[1] === '';
        case '-f': return ctx.st.files[path] !== undefined;
        case '-s': return (ctx.st.files[path]?.length ?? 0) > 0;
        case '-e': return ctx.st.files[path] !== undefined || !missing;
        case '-d': return ctx.st.files[path] === undefined && !missing;
        default: return `${x[0]}: unexpected operator`;
      }
    }
    if (x.length === 3) {
      const [l, op, r] = x;
      if (op === '=') return l === r;
      if (op === '!=') return l !== r;
      const num = /^-?\d+$/;
      const cmp: Record<string, (p: number, q: number) => boolean> = { '-eq': (p, q) => p === q, '-ne': (p, q) => p !== q, '-lt': (p, q) => p < q, '-le': (p, q) => p <= q, '-gt': (p, q) => p > q, '-ge': (p, q) => p >= q };
      if (cmp[op]) {
        const bad = [l, r].find((v) => !num.test(v.trim()));
        if (bad !== undefined) return `${bad}: bad number`;
        return cmp[op](Number(l), Number(r));
      }
      return `${op}: unknown operand`;
    }
    return 'the simulator\'s test takes at most three arguments';
  };
  const t = truth(a);
  if (typeof t === 'string') return fail(`${prog}: ${t}`, 2);
  return { stdout: '', stderr: '', code: t ? 0 : 1 };
}
