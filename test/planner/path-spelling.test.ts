// A container path spelled with "//", "/./" or a trailing "/": the kernel keeps the jail's path resolved
// (kern_jail.c kern_jail_set: namei, then vn_path_to_global_path), so klee plans with that spelling and keeps the jail.
import { describe, expect, it } from 'vitest';
import { jailMeta } from '../../src/host/labels.js';
import { plan, planDown } from '../../src/planner/plan.js';
import { loadSpec } from '../../src/spec/load.js';
import type { Spec } from '../../src/spec/types.js';
import { simBox } from './sim-apply.js';

/** A file with one container rooted at `path`, with one nullfs mount and devfs. */
function file(path: string, mount = '/data:/mnt'): Spec {
  const text = `name: proj\nnetworks:\n  lo: { type: loopback, subnet: 10.2.3.0/24 }\ncontainers:\n  a:\n    path: ${path}\n    networks: [lo]\n    mounts: ["${mount}"]\n`;
  const r = loadSpec({ text, file: 'kleene.yaml', env: {}, dirName: 'proj' });
  if (!r.spec) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.spec;
}

describe('a container path in another spelling', () => {
  it('jail -c gets the resolved path, its mounts lie below it, and a second plan keeps the jail', async () => {
    const s = file('/jails//a/./', '/data//./:/mnt/');
    const sim = simBox('proj');
    const p1 = plan(s, await sim.state(), { host: 'test' });
    const create = p1.actions.find((a) => a.id === 'container:a')!.commands.map((c) => c.argv).find((argv) => argv.includes('-c'))!;
    expect(create).toContain('path=/jails/a');
    expect(create).toContain('mount=/data /jails/a/mnt nullfs rw 0 0');
    expect(create.find((x) => x.startsWith('meta='))).toContain(':devfs/jails/a/dev,nullfs/jails/a/mnt:');
    const h = await sim.apply(p1);
    expect(h.jails.map((j) => j.path)).toEqual(['/jails/a']);
    expect(h.mounts!.map((m) => `${m.fstype} ${m.source} ${m.target}`)).toContain('nullfs /data /jails/a/mnt');
    expect(plan(s, h, { host: 'test' }).actions.map((a) => `${a.op} ${a.id} ${a.reason}`)).toEqual([]);
  });

  it('a jail at /jails/a (as jls shows it) is kept for `path: /jails/a/`', async () => {
    const sim = simBox('proj');
    const h = await sim.apply(plan(file('/jails/a'), await sim.state(), { host: 'test' }));
    expect(plan(file('/jails/a/'), h, { host: 'test' }).actions.map((a) => `${a.op} ${a.id} ${a.reason}`)).toEqual([]);
  });

  it('a mount on the jail path "/" is recorded as mount -p shows it (the root itself), and down unmounts it', async () => {
    const s = file('/jails/a', '/data:/');
    const sim = simBox('proj');
    const p1 = plan(s, await sim.state(), { host: 'test' });
    const create = p1.actions.find((a) => a.id === 'container:a')!.commands.map((c) => c.argv).find((argv) => argv.includes('-c'))!;
    expect(create).toContain('mount=/data /jails/a nullfs rw 0 0');
    expect(create.find((x) => x.startsWith('meta='))).toContain(',nullfs/jails/a:');
    const h = await sim.apply(p1);
    expect(h.mounts!.map((m) => `${m.fstype} ${m.target}`)).toContain('nullfs /jails/a');
    const down = await sim.apply(planDown('proj', h, { host: 'test' }));
    expect(down.jails).toEqual([]);
    expect(down.mounts!.filter((m) => m.target.startsWith('/jails/'))).toEqual([]);
  });

  it('a record an older klee wrote with the file\'s spelling ("/jails//ua/mnt/u/") still names the mounts: down unmounts both', async () => {
    const sim = simBox('proj');
    // what a klee before the loader normalPath'd roots and targets sent for `path: /jails//ua/`, `mounts: ["/data:/mnt/u/"]`
    const meta = jailMeta('proj', 'ua', '0a', [{ fstype: 'nullfs', target: '/jails//ua/mnt/u/' }, { fstype: 'devfs', target: '/jails//ua//dev' }]);
    await sim.run('jail', '-c', 'name=proj_ua', 'path=/jails//ua/', 'host.hostname=ua', 'persist', `meta=${meta}`, 'mount=/data /jails//ua/mnt/u/ nullfs rw 0 0', 'mount.devfs');
    const h = await sim.state();
    expect(h.mounts!.filter((m) => m.target.startsWith('/jails/')).map((m) => `${m.fstype} ${m.target}`)).toEqual(['nullfs /jails/ua/mnt/u', 'devfs /jails/ua/dev']);
    const p = planDown('proj', h, { host: 'test' });
    expect(p.warnings).toEqual([]);
    const after = await sim.apply(p);
    expect(after.jails).toEqual([]);
    expect(after.mounts!.filter((m) => m.target.startsWith('/jails/'))).toEqual([]);
  });
});
