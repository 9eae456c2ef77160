// zfs(8): list, clone, destroy as cddl/contrib/opensolaris/cmd/zfs/zfs_main.c parses them (getopt option strings, texts),
// over the datasets the simulator holds (filesystems with name, origin and mountpoint; no snapshots of their own).
import { type Ctx, type Out, fail, ok } from './ctx.js';
import type { SimState } from './state.js';

/** zfs_main.c usage(B_FALSE) exits 2 after its message. */
const USAGE_EXIT = 2;
/** The properties the simulator holds for a dataset, as zfs list names its columns. */
const PROPS: Record<string, (d: SimState['datasets'][number]) => string> = {
  name: (d) => d.name, origin: (d) => d.origin ?? '-', mountpoint: (d) => d.mountpoint ?? '-', type: () => 'filesystem',
};
const limit = (what: string): Out => fail(`zfs: the simulator does not model ${what} (docs/simulator.md)`);

/** getopt(3) over an option string ("o:p": `o` takes a value); options end at the first operand or `--`. */
function getopt(args: string[], spec: string): { opts: [string, string | undefined][]; rest: string[] } | { bad: string } {
  const opts: [string, string | undefined][] = [];
  let k = 0;
  for (; k < args.length && args[k].startsWith('-') && args[k] !== '-'; k++) {
    if (args[k] === '--') { k++; break; }
    for (let i = 1; i < args[k].length; i++) {
      const c = args[k][i];
      const at = spec.indexOf(c);
      if (at < 0 || c === ':') return { bad: `invalid option '${c}'` };
      if (spec[at + 1] !== ':') { opts.push([c, undefined]); continue; }
      const v = i + 1 < args[k].length ? args[k].slice(i + 1) : args[++k];
      if (v === undefined) return { bad: `missing argument for '${c}' option` };
      opts.push([c, v]);
      break;
    }
  }
  return { opts, rest: args.slice(k) };
}

/** Run zfs. */
export function zfs(ctx: Ctx, args: string[]): Out {
  const [sub, ...a] = args;
  if (sub === 'list') return list(ctx.st, a);
  if (sub === 'clone') return clone(ctx, a);
  if (sub === 'destroy') return destroy(ctx.st, a);
  if (sub === undefined) return fail('usage: zfs command args ...', USAGE_EXIT);
  return fail(`unrecognized command '${sub}'`, USAGE_EXIT);
}

/**
 * zfs_do_list, "HS:d:o:prs:t:": `-o` columns (the default ones, used/avail/refer, are sizes the simulator does not
 * hold), `-t` types, `-r`/`-d N` below the named datasets, `-H` tab-separated without a header, otherwise columns
 * padded to their widest value; sorted by name.
 */
function list(st: SimState, args: string[]): Out {
  const g = getopt(args, 'HS:d:o:prs:t:');
  if ('bad' in g) return fail(g.bad, USAGE_EXIT);
  let fields: string[] | undefined;
  let scripted = false;
  let depth = 0;
  for (const [o, v] of g.opts) {
    if (o === 'H') scripted = true;
    else if (o === 'r') depth = Infinity;
    else if (o === 'd') { if (!/^\d+$/.test(v!)) return fail(`invalid depth '${v}'`, USAGE_EXIT); depth = Number(v); }
    else if (o === 'o') fields = v!.split(',');
    else if (o === 't') {
      for (const t of v!.split(',')) {
        if (!['filesystem', 'snapshot', 'snap', 'volume', 'bookmark', 'all'].includes(t)) return fail(`invalid type '${t}'`, USAGE_EXIT);
        if (t !== 'filesystem') return limit(`zfs list -t ${t} (it holds filesystems only)`);
      }
    } else if ((o === 's' || o === 'S') && v !== 'name') return limit(`sorting by ${v}`);
  }
  if (!fields) return limit('the default columns of zfs list (sizes): give -o');
  const unknown = fields.find((f) => !(f in PROPS));
  if (unknown) return limit(`the property ${unknown} (it holds ${Object.keys(PROPS).join(', ')})`);
  let rows = [...st.datasets];
  // Without operands every pool is listed; -d counts from the pools then.
  const named = g.rest.length > 0 ? g.rest : depth !== Infinity && g.opts.some(([o]) => o === 'd') ? st.datasets.filter((d) => !d.name.includes('/')).map((d) => d.name) : [];
  if (named.length > 0) {
    const missing = named.find((n) => !st.datasets.some((d) => d.name === n));
    if (missing) return fail(`cannot open '${missing}': dataset does not exist`);
    const below = (d: { name: string }, n: string) => d.name === n || (d.name.startsWith(`${n}/`) && d.name.slice(n.length + 1).split('/').length <= depth);
    rows = rows.filter((d) => named.some((n) => below(d, n)));
  }
  rows.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const table = rows.map((d) => fields!.map((f) => PROPS[f](d)));
  if (scripted) return ok(table.map((r) => r.join('\t') + '\n').join(''));
  // print_header / print_dataset: two spaces between columns, each left-justified to its widest entry, the last unpadded.
  const all = [fields.map((f) => f.toUpperCase()), ...table];
  const width = fields.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return ok(all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(width[i]))).join('  ') + '\n').join(''));
}

/** zfs_do_clone, "o:p": `-p` creates the parents, `-o property=value` (parseprop), then the snapshot and the new name. */
function clone(ctx: Ctx, args: string[]): Out {
  const st = ctx.st;
  const g = getopt(args, 'o:p');
  if ('bad' in g) return fail(g.bad, USAGE_EXIT);
  let parents = false;
  let mountpoint: string | undefined;
  for (const [o, v] of g.opts) {
    if (o === 'p') { parents = true; continue; }
    const eq = v!.indexOf('=');
    if (eq < 0) return fail("missing '=' for property=value argument");
    if (v!.slice(0, eq) !== 'mountpoint') return limit(`the property ${v!.slice(0, eq)} (only mountpoint)`);
    mountpoint = v!.slice(eq + 1);
  }
  const [snap, ds] = g.rest;
  if (!snap) return fail('missing source dataset argument', USAGE_EXIT);
  if (!ds) return fail('missing target dataset argument', USAGE_EXIT);
  if (g.rest.length > 2) return fail('too many arguments', USAGE_EXIT);
  if (!snap.includes('@') || ctx.opts.missing.includes(snap)) return fail(`cannot open '${snap}': dataset does not exist`);
  if (st.datasets.some((d) => d.name === ds)) return fail(`cannot create '${ds}': dataset already exists`);
  const pool = ds.split('/')[0];
  if (!st.datasets.some((d) => d.name === pool)) return fail(`cannot create '${ds}': no such pool '${pool}'`);
  const parts = ds.split('/');
  for (let n = 2; n < parts.length; n++) {
    const p = parts.slice(0, n).join('/');
    if (st.datasets.some((d) => d.name === p)) continue;
    if (!parents) return fail(`cannot create '${ds}': parent does not exist`);
    st.datasets.push({ name: p, mountpoint: '/' + p });
  }
  st.datasets.push({ name: ds, origin: snap, mountpoint: mountpoint ?? '/' + ds });
  return ok();
}

/** zfs_do_destroy, "vpndfrR": `-r`/`-R` take the children too, `-f` forces the unmount; one filesystem, not a pool. */
function destroy(st: SimState, args: string[]): Out {
  const g = getopt(args, 'vpndfrR');
  if ('bad' in g) return fail(g.bad, USAGE_EXIT);
  const flags = new Set(g.opts.map(([o]) => o));
  const unmodelled = [...flags].find((f) => 'vpnd'.includes(f));
  if (unmodelled) return limit(`zfs destroy -${unmodelled}`);
  if (g.rest.length === 0) return fail('missing dataset argument', USAGE_EXIT);
  if (g.rest.length > 1) return fail('too many arguments', USAGE_EXIT);
  const ds = g.rest[0];
  if (ds.includes('@')) return limit('snapshots of their own');
  if (!ds.includes('/')) {
    return fail(`cannot destroy '${ds}': operation does not apply to pools\nuse 'zfs destroy -r ${ds}' to destroy all datasets in the pool\nuse 'zpool destroy ${ds}' to destroy the pool itself`);
  }
  if (!st.datasets.some((d) => d.name === ds)) return fail(`cannot open '${ds}': dataset does not exist`);
  const children = st.datasets.filter((d) => d.name.startsWith(ds + '/')).map((d) => d.name).sort();
  if (children.length && !flags.has('r') && !flags.has('R')) return fail(`cannot destroy '${ds}': filesystem has children\nuse '-r' to destroy the following datasets:\n${children.join('\n')}`);
  st.datasets = st.datasets.filter((d) => d.name !== ds && !d.name.startsWith(ds + '/'));
  return ok();
}
