// Hostile pf words (issue 14.4): interface names that are pf keywords (`quick`, `pass`, `on`, `all`, `rdr`, ...) as a
// network's interface, a NAT interface and a published port's interface, end to end on the simulated host, whose pfctl
// parses as sbin/pfctl/parse.y does: bare they were keywords and the anchor did not load; quoted they are names. Keywords
// no interface name can spell (`nat-anchor`) are refused by the loader; a `nat:` interface the host does not have is
// refused before anything runs (`nat: quick` went up as a NAT rule that never translates).
import { describe, expect, it } from 'vitest';
import { PF_KEYWORDS } from '../../src/host/sim/pf-lex.js';
import { openHost } from '../../src/host/open.js';
import { isInterfaceName } from '../../src/spec/ifname.js';
import type { Sandbox } from '../e2e/helpers.js';
import { budget, figure, rng, sandboxWith, SEED } from './harness.js';
import { downToFresh, upConverges } from './lifecycle.js';

const WORDS = [...PF_KEYWORDS].sort();
const BOOLEAN_WORDS = new Set(['true', 'yes', 'y', 'on', 'false', 'no', 'n', 'off']);

/** The project; names quoted in YAML, where bare `on` and `no` would be booleans. */
const file = (bridge: string, out: string) => `name: pfw
networks:
  n: { type: bridge, interface: "${bridge}", subnet: 10.88.0.0/24, nat: "${out}" }
containers:
  c: { path: /jails/c, driver: vnet, networks: [n], ports: ["${out}:8080:80"] }
`;

/** A foreign interface named `name` on the sandbox's host (a user's lo clone). */
async function foreignInterface(box: Sandbox, name: string): Promise<void> {
  const host = await openHost(box.host());
  const r = await host.run(['ifconfig', 'lo', 'create', 'name', name, 'up']);
  await host.close();
  if (r.exitCode !== 0) throw new Error(r.stderr);
}

/** Pick `n` of `xs`, seeded. */
function sample<T>(xs: readonly T[], n: number): T[] {
  const next = rng(SEED);
  const pool = [...xs];
  const out: T[] = [];
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(next() * pool.length), 1)[0]);
  return out;
}

describe('hostile pf words: interface names that are pf keywords', () => {
  it('as the bridge, the NAT and the port interface: up converges with the rules loaded, down leaves the host as it was', { timeout: 300_000 }, async () => {
    const names = WORDS.filter(isInterfaceName);
    const words = sample(names, budget(8, names.length));
    const bad: string[] = [];
    for (const [k, w] of words.entries()) {
      // `nat:` is a boolean path: the loader reads compose's on/no/yes/... there as booleans, whatever the quotes.
      const out = [...words.slice(k + 1), ...words].find((x) => !BOOLEAN_WORDS.has(x))!;
      const text = file(w, out);
      const box = sandboxWith(text);
      try {
        await foreignInterface(box, out);
        const before = box.state();
        await upConverges(box, text, `up (${w}, ${out})`, before);
        // without the marks (a translation rule's tag sits before its ->: issue 15)
        const rules = ((box.state().pf as any).anchors['klee/pfw'] as string[]).join('\n').replace(/ tag klee:\S+/g, '');
        for (const want of [`nat on ${out} inet from 10.88.0.0/24 to any -> (${out})`, `rdr on ${out} inet proto tcp`, `pass quick on ${w} inet from 10.88.0.0/24`]) { // pfctl lists one rule per interface of `on { }` (parse.y expand_rule)
          if (!rules.includes(want)) bad.push(`${w}/${out}: the anchor has no "${want}":\n${rules}`);
        }
        await downToFresh(box, `down (${w}, ${out})`, before);
      } catch (e) {
        bad.push(String(e));
      } finally {
        box.remove();
      }
    }
    figure('hostile: pf words', words.length - bad.length, words.length, `pf keywords as bridge, NAT and port interfaces went up, loaded and came down (of ${names.length} keywords an interface name can spell)`);
    expect(bad).toEqual([]);
  });

  it('keywords no interface name can spell are refused at their line; a nat: interface the host lacks is refused, the host untouched', async () => {
    const refused: string[] = [];
    const bad: string[] = [];
    for (const w of [...WORDS.filter((x) => !isInterfaceName(x)), 'quick']) {
      const box = sandboxWith(w === 'quick' ? file('kleene5', 'quick') : file(w, 'em0'));
      try {
        const h = ['-H', box.host()];
        await box.klee(['ls', ...h]); // the sim creates its state file
        const before = JSON.stringify(box.state());
        const r = await box.klee(['plan', ...h]);
        const want = w === 'quick' ? /network "n": nat interface "quick" does not exist on the host/ : /kleene\.yaml:3:\d+: error: /;
        if (r.code !== 1 || !want.test(r.stderr) || /^ {4}at /m.test(r.stderr)) bad.push(`${w}: exit ${r.code}: ${r.stderr.slice(0, 300)}`);
        else refused.push(w);
        if (JSON.stringify(box.state()) !== before) bad.push(`${w}: the host changed`);
      } finally {
        box.remove();
      }
    }
    figure('hostile: pf words refused', refused.length, refused.length + bad.length, 'keywords with "-" as interfaces refused at their line, and nat: quick (absent) refused before any change');
    expect(bad).toEqual([]);
  });
});
