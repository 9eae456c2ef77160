// Subnets of two klee projects on one host (issue 14.12), end to end on the simulated host: generated pairs of subnets,
// nested (in either order: the second inside the first, or around it) or apart, of both families and network types.
// The second project's `up` of an overlapping pair is refused before any command, naming the first project, whose
// plan stays empty; apart, both converge; each `down` removes only its own. Before, a /24 inside another project's /16
// went up, and the first project could no longer plan.
import { describe, expect, it } from 'vitest';
import { formatAddress } from '../../src/spec/addr.js';
import { budget, figure, rng, sandboxWith, SEED } from './harness.js';

type Net = { family: 4 | 6; type: 'loopback' | 'bridge'; cidr: string };

/** A subnet of `len` bits at block `k` of 10.64.0.0/10 (IPv4) or fd00:64::/32 (IPv6). */
function block(family: 4 | 6, len: number, k: number): string {
  const [base, bits] = family === 4 ? [(10n << 24n) | (64n << 16n), 32] : [0xfd000064n << 96n, 128];
  return `${formatAddress(base + (BigInt(k) << BigInt(bits - len)), family)}/${len}`;
}

/** One pair: the first project's subnet, then the second's, and whether they overlap. */
function pairs(n: number): { a: Net; b: Net; overlap: boolean; what: string }[] {
  const next = rng(SEED + 14);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  return Array.from({ length: n }, (_, i) => {
    const family = pick([4, 6] as const);
    const [outer, inner] = family === 4 ? [pick([16, 18, 20]), pick([24, 26, 28])] : [pick([48, 56]), pick([64, 72])];
    const k = Math.floor(next() * 4);
    const wide = block(family, outer, k);
    const kind = ['inside', 'around', 'apart'][i % 3];
    // inside/around: a block of the wide subnet; apart: a block of the next wide one.
    const narrow = block(family, inner, (k + (kind === 'apart' ? 1 : 0)) << (inner - outer));
    const type = () => pick(['loopback', 'bridge'] as const);
    const [first, second] = kind === 'around' ? [narrow, wide] : [wide, narrow];
    return { a: { family, type: type(), cidr: first }, b: { family, type: type(), cidr: second }, overlap: kind !== 'apart', what: `${kind}: ${first} then ${second}` };
  });
}

const file = (project: string, n: Net, root: string) => `name: ${project}
networks:
  n: { type: ${n.type}, ${n.family === 4 ? 'subnet' : 'subnet6'}: "${n.cidr}" }
containers:
  c: { path: ${root}, driver: ${n.type === 'bridge' ? 'vnet' : 'ipnet'}, networks: [n] }
`;

describe('hostile subnets: two projects on one host may not overlap, in either order', () => {
  it('generated pairs: overlapping refused before any command naming the other project, apart both converge', { timeout: 300_000 }, async () => {
    const cases = pairs(budget(6, 30));
    const bad: string[] = [];
    let refused = 0;
    let failed = 0;
    for (const c of cases) {
      const before = bad.length;
      // Both projects on the first sandbox's host.
      const a = sandboxWith(file('first', c.a, '/jails/first'));
      const second = sandboxWith(file('second', c.b, '/jails/second'));
      const H = a.host();
      try {
        const upA = await a.klee(['up', '-H', H]);
        if (upA.code !== 0) throw new Error(`first up: ${upA.stderr}`);
        const upB = await second.klee(['up', '--json', '-H', H]);
        const ran = upB.stdout.split('\n').filter((l) => l.includes('"event":"command"')).length;
        // with --json a failure is the one JSON document on stdout: {"error": {"message": ...}}
        const said = upB.stdout.split('\n').filter((l) => l.startsWith('{"error"')).map((l) => JSON.parse(l).error.message as string).join('\n') + upB.stderr;
        if (c.overlap) {
          if (upB.code !== 1 || !said.includes(`overlaps ${c.a.cidr}, a subnet of klee project "first" on this host`) || ran) bad.push(`${c.what}: second up exit ${upB.code}, ${ran} commands: ${said.slice(0, 300)}`);
          else refused++;
        } else if (upB.code !== 0) bad.push(`${c.what}: apart, second up failed: ${said.slice(0, 300)}`);
        const planA = await a.klee(['plan', '--detailed-exitcode', '-H', H]);
        if (planA.code !== 0) bad.push(`${c.what}: the first project's plan is not empty (exit ${planA.code}): ${planA.stdout}${planA.stderr}`);
        const planB = await second.klee(['plan', '--detailed-exitcode', '-H', H]);
        if (!c.overlap && planB.code !== 0) bad.push(`${c.what}: the second project's plan is not empty (exit ${planB.code}): ${planB.stdout}${planB.stderr}`);
        for (const [x, name] of [[second, 'second'], [a, 'first']] as const) {
          const down = await x.klee(['down', '-H', H]);
          if (down.code !== 0) bad.push(`${c.what}: down ${name}: ${down.stderr}`);
        }
        const left = a.state() as any;
        if (left.jails.length || left.interfaces.some((i: any) => /^klee:/.test(i.description ?? ''))) bad.push(`${c.what}: left after both downs: ${JSON.stringify(left.jails)}`);
      } catch (e) {
        bad.push(`${c.what}: ${String(e)}`);
      } finally {
        a.remove();
        second.remove();
      }
      if (bad.length > before) failed++;
    }
    figure('hostile: subnets', cases.length - failed, cases.length, `pairs of projects' subnets (nested in either order, or apart) handled (${refused} overlapping ups refused naming the other project)`);
    expect(bad).toEqual([]);
  });
});
