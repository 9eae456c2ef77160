// Round trip: for random sequences of valid commands, the probe's parsers read back the simulator's own state.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIfconfig } from '../../src/host/parse/ifconfig.js';
import { parseJls } from '../../src/host/parse/jls.js';
import type { SimState } from '../../src/host/sim/state.js';
import { freshHost } from './helpers.js';

const cmd = fc.oneof(
  fc.constant(['ifconfig', 'bridge', 'create', 'up']),
  fc.constant(['ifconfig', 'lo', 'create', 'up']),
  fc.constant(['ifconfig', 'epair', 'create', 'up']),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 250 })).map(([b, n]) => ['ifconfig', `bridge${b}`, 'inet', `10.${b}.${n}.1/24`, 'alias']),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 250 })).map(([b, n]) => ['ifconfig', `lo${b + 1}`, 'inet6', `fd00:${b}::${n.toString(16)}/64`, 'alias']),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([b, e]) => ['ifconfig', `bridge${b}`, 'addm', `epair${e}a`]),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.stringMatching(/^[a-z][a-z0-9:]{0,12}$/)).map(([b, d]) => ['ifconfig', `bridge${b}`, 'description', d]),
  fc.integer({ min: 0, max: 3 }).map((e) => ['ifconfig', `epair${e}a`, 'destroy']),
  fc.tuple(fc.integer({ min: 1, max: 5 }), fc.boolean(), fc.integer({ min: 2, max: 250 })).map(([n, vnet, a]) =>
    vnet ? ['jail', '-c', `name=p_c${n}`, `path=/j/${n}`, `host.hostname=h${n}`, 'persist', 'vnet', `meta=klee:v1:p:c${n}:x`]
      : ['jail', '-c', `name=p_c${n}`, `path=/j/${n}`, `host.hostname=h${n}`, 'persist', `ip4.addr=em0|10.0.2.${a}/32`]),
  fc.integer({ min: 1, max: 5 }).map((n) => ['jail', '-r', `p_c${n}`]),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 5 })).map(([e, n]) => ['ifconfig', `epair${e}b`, 'vnet', `p_c${n}`]),
);

describe('render -> parse round trip', () => {
  it('parseIfconfig and parseJls equal the simulator state', async () => {
    await fc.assert(fc.asyncProperty(fc.array(cmd, { maxLength: 25 }), async (cmds) => {
      const { sh, path } = await freshHost();
      for (const c of cmds) await sh(...c);
      await sh('uname'); // the file exists even when every command was refused
      const st = JSON.parse(readFileSync(path, 'utf8')) as SimState;
      const parsed = parseIfconfig((await sh('ifconfig', '-a')).stdout).interfaces;
      const host = st.interfaces.filter((i) => i.vnet === 0).sort((a, b) => a.index - b.index);
      expect(parsed.map((i) => i.name)).toEqual(host.map((i) => i.name));
      for (const [n, i] of host.entries()) {
        const p = parsed[n];
        expect(p.up).toBe(i.up);
        expect(p.mtu).toBe(i.mtu);
        expect(p.description).toBe(i.description);
        expect(p.groups).toEqual(i.groups);
        expect(p.inet.map((a) => [a.address, a.prefixlen])).toEqual(i.inet.map((a) => [a.address, a.prefixlen]));
        expect(p.inet6.map((a) => [a.address, a.prefixlen])).toEqual(i.inet6.map((a) => [a.address, a.prefixlen]));
        expect(p.members).toEqual(i.members);
        if (i.kind === 'epair') expect(p.epairPeer).toBe(i.peer);
      }
      const jails = parseJls((await sh('jls', '-n', '--libxo=json')).stdout);
      expect(jails.map((j) => [j.jid, j.name, j.path, j.hostname, j.vnet, j.ip4, j.ip6]))
        .toEqual([...st.jails].sort((a, b) => a.jid - b.jid).map((j) => [j.jid, j.name, j.path, j.hostname, j.vnet, j.ip4, j.ip6]));
      for (const j of jails) {
        const s = st.jails.find((x) => x.jid === j.jid)!;
        if (typeof s.params['meta'] === 'string') expect(j.params['meta']).toBe(s.params['meta']);
      }
    }), { numRuns: 40 });
  }, 30000);
});
