// Two projects on one host whose names are prefixes of each other (web, webapp): each up, plan and down sees only
// its own resources (jail names split at the first '_', labels compared whole, one pf anchor each).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { afterDown, comparable, EXAMPLES, freshState, Sandbox } from './helpers.js';

const boxes: Sandbox[] = [];
afterAll(() => boxes.forEach((b) => b.remove()));

/** webapp.yaml as project `name`, on its own subnets, roots and host ports (klee refuses clashes between projects). */
function variant(name: string, net: number): string {
  return readFileSync(join(EXAMPLES, 'webapp.yaml'), 'utf8')
    .replace('name: webapp', `name: ${name}`).replaceAll('10.10.', `10.${net}.`).replaceAll('/jails/', `/jails/${name}/`)
    .replace('"80:80/tcp"', `"${net}80:80/tcp"`).replace('"443:443/tcp"', `"${net}443:443/tcp"`);
}

/** What a project has on the host, as the simulator holds it: jails, labelled interfaces, pf anchor. */
function holdings(state: Record<string, any>, project: string): string {
  const jails = (state.jails as any[]).filter((j) => j.name.split('_')[0] === project).map(({ jid: _j, ...j }) => j);
  const ifaces = (state.interfaces as any[]).filter((i) => String(i.description ?? '').split(':')[1] === project).map(({ index: _i, ...i }) => i);
  return JSON.stringify({ jails, ifaces, pf: state.pf.anchors[`klee/${project}`] ?? null });
}

describe('projects named web and webapp on one host', () => {
  it('down of either leaves the other converged and byte-for-byte as it was', async () => {
    const fresh = await freshState();
    for (const [first, second] of [['web', 'webapp'], ['webapp', 'web']]) {
      const a = new Sandbox();
      const b = Object.assign(new Sandbox(), { simPath: a.simPath }); // b's project directory, a's host
      boxes.push(a, b);
      const by = { [first]: a, [second]: b };
      writeFileSync(join(by.web.project, 'kleene.yaml'), variant('web', 20));
      writeFileSync(join(by.webapp.project, 'kleene.yaml'), variant('webapp', 10));
      for (const box of [a, b]) expect((await box.klee(['up', '-H', a.host()])).code).toBe(0);
      const st = a.state() as any;
      expect(Object.keys(st.pf.anchors).sort()).toEqual(['klee/web', 'klee/webapp']);
      expect((st.jails as any[]).map((j) => j.name).sort()).toEqual(['web_app', 'web_db', 'web_web', 'webapp_app', 'webapp_db', 'webapp_web']);
      const kept = holdings(st, second);
      const down = await a.klee(['down', '--json', '-H', a.host()]);
      expect(down.code).toBe(0);
      // down of `first` ran no command naming anything of `second`
      const touched = down.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.event === 'command').map((e) => e.argv.join(' '));
      const names = new RegExp(`(^|[ /|])${second}_|klee/${second}( |$)|klee:${second}:`);
      expect(touched.filter((c) => names.test(c))).toEqual([]);
      const after = a.state();
      expect(holdings(after, second)).toBe(kept);
      expect(holdings(after, first)).toBe(JSON.stringify({ jails: [], ifaces: [], pf: null }));
      expect((await b.klee(['plan', '--detailed-exitcode', '-H', a.host()])).code).toBe(0);
      expect((await b.klee(['down', '-H', a.host()])).code).toBe(0);
      expect(afterDown(a.state(), fresh)).toEqual(comparable(fresh));
    }
  });
});
