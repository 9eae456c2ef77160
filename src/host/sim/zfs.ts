// zfs(8): clone -p -o mountpoint=, destroy, list -H -p -t filesystem -o name,origin,mountpoint (cddl zfs_main.c texts).
import { type Ctx, type Out, fail, ok } from './ctx.js';

/** Run zfs. */
export function zfs(ctx: Ctx, args: string[]): Out {
  const st = ctx.st;
  const [sub, ...a] = args;
  if (sub === 'list') {
    if (a.join(' ') !== '-H -p -t filesystem -o name,origin,mountpoint') return fail("zfs: the simulator supports only 'zfs list -H -p -t filesystem -o name,origin,mountpoint'");
    const rows = [...st.datasets].sort((x, y) => x.name.localeCompare(y.name));
    return ok(rows.map((d) => `${d.name}\t${d.origin ?? '-'}\t${d.mountpoint ?? '-'}\n`).join(''));
  }
  if (sub === 'clone') {
    let parents = false;
    let mountpoint: string | undefined;
    let k = 0;
    for (; k < a.length && a[k].startsWith('-'); k++) {
      if (a[k] === '-p') parents = true;
      else if (a[k] === '-o' && a[k + 1]?.startsWith('mountpoint=')) mountpoint = a[++k].slice(11);
      else return fail(`invalid option '${a[k].slice(1)}'`, 2);
    }
    const [snap, ds] = a.slice(k);
    if (!snap || !ds || a.length - k !== 2) return fail('missing source dataset argument', 2);
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
  if (sub === 'destroy' && a.length === 1) {
    const ds = a[0];
    if (!st.datasets.some((d) => d.name === ds)) return fail(`cannot open '${ds}': dataset does not exist`);
    if (st.datasets.some((d) => d.name.startsWith(ds + '/'))) return fail(`cannot destroy '${ds}': filesystem has children\nuse '-r' to destroy the following datasets:`);
    st.datasets = st.datasets.filter((d) => d.name !== ds);
    return ok();
  }
  return fail(`unrecognized command '${sub ?? ''}'`, 2);
}
