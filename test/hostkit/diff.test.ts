// The host kit's differential mode (hostkit/differ.ts, normalise.ts, report.ts): the same scenario on the host under
// test and on a fresh simulator, compared command by command after the volatile fields are normalised.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { differences, lineDiff } from '../../hostkit/differ.js';
import { runKit } from '../../hostkit/kit.js';
import { normaliser } from '../../hostkit/normalise.js';
import { renderReport } from '../../hostkit/report.js';
import { useFreshDist } from '../dist-fresh.js';

useFreshDist(); // the last test runs dist/hostkit/run.js

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const tmpHost = () => join(mkdtempSync(join(tmpdir(), 'klee-kit-')), 'host.json');
const choices = { project: 'kitab12cd', octet: 231, prefix6: 'fd12:3456', mark: 'zz9y8x', root: '/kit/base' };

describe('normalising and comparing', () => {
  it('replaces what the kernel chooses and the kit\'s random choices, and nothing else', () => {
    const n = normaliser(choices);
    expect(n('\tether 58:9c:fc:10:ff:e1')).toBe('\tether <mac>');
    expect(n('\tinet6 fe80::5a9c:fcff:fe10:ffe1%epair12a prefixlen 64 scopeid 0x7')).toBe('\tinet6 fe80::<ll>%epair<unit>a prefixlen 64 scopeid <index>');
    expect(n('\tmember: epair3a flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>')).toBe('\tmember: epair<unit>a flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>');
    expect(n('\t        ifmaxaddr 0 port 14 priority 128 path cost 2000')).toBe('\t        ifmaxaddr 0 port <index> priority 128 path cost 2000');
    expect(n('{"jid":"12","name":"kitab12cd_web","cpuset.id":"5","host.hostuuid":"0e7c1c1d-2b6e-11ef-9c7a-589cfc10ffe1"}')).toBe('{"jid":"<jid>","name":"<project>_web","cpuset.id":"<cpuset>","host.hostuuid":"<uuid>"}');
    expect(n('\tinet 10.231.0.2 netmask 0xffffff00 broadcast 10.231.0.255')).toBe('\tinet 10.<kit>.0.2 netmask 0xffffff00 broadcast 10.<kit>.0.255');
    expect(n('jail -c name=kitab12cd_a path=/kit/base ip6.addr=fd12:3456:0::10 kit_fault_zz9y8x')).toBe('jail -c name=<project>_a path=<root> ip6.addr=<kit6>:0::10 kit_fault_<mark>');
    expect(n('4711')).toBe('<n>');
    expect(n('Tue Dec  1 21:39:32 UTC 2026')).toBe('<time>');
    // what is not volatile stays: other addresses, flags, counts, the release
    for (const line of ['\tinet 10.0.2.15 netmask 0xffffff00 broadcast 10.0.2.255', 'lo0: flags=1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP> metric 0 mtu 16384', 'FreeBSD 14.3-RELEASE', 'jid 4711 x']) expect(n(line)).toBe(line);
  });

  it('a line diff lists only the lines one side lacks, in order', () => {
    expect(lineDiff(['a', 'b', 'c'], ['a', 'c', 'd'])).toEqual([{ side: 'host', line: 'b' }, { side: 'sim', line: 'd' }]);
    expect(lineDiff(['x'], ['x'])).toEqual([]);
  });

  it('pairs commands by normalised argv and occurrence, whatever order parallel commands finished in', () => {
    const r = (argv: string[], stdout = '', exitCode = 0) => ({ argv, stdout, stderr: '', exitCode });
    const n = normaliser(choices);
    const host = [r(['ifconfig', 'epair', 'create'], 'epair4a\n'), r(['ifconfig', 'epair4a', 'up']), r(['ifconfig', '-a'], 'one\ntwo\n'), r(['ifconfig', '-a'], 'x\n'), r(['cat', 'f'], '', 1)];
    const sim = [r(['ifconfig', 'epair0a', 'up']), r(['ifconfig', 'epair', 'create'], 'epair0a\n'), r(['ifconfig', '-a'], 'one\ntwo\n'), r(['ifconfig', '-a'], 'y\n'), r(['sysctl', 'a'])];
    expect(differences(host, sim, n)).toEqual([
      { command: 'ifconfig -a', occurrence: 2, kind: 'output', stdout: [{ side: 'host', line: 'x' }, { side: 'sim', line: 'y' }] },
      { command: 'cat f', occurrence: 1, kind: 'only-host' },
      { command: 'sysctl a', occurrence: 1, kind: 'only-sim' },
    ]);
    expect(differences([r(['true'], '', 0)], [r(['true'], '', 1)], n)).toEqual([{ command: 'true', occurrence: 1, kind: 'output', exit: { host: 0, sim: 1 } }]);
  });
});

describe('the differential mode on the simulator', () => {
  it('a simulated host against a fresh simulator of its release: every example, no difference', { timeout: 120_000 }, async () => {
    const { results, report } = await runKit({ host: `sim:${tmpHost()}?version=14.1`, examples: EXAMPLES, diff: true });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(report!.hostRelease).toBe('14.1-RELEASE');
    expect(report!.sim).toBe('sim:?version=14.1');
    expect(report!.examples.map((e) => e.example)).toEqual(['custom', 'dualstack', 'ipnet', 'services', 'vnet', 'webapp']);
    for (const e of report!.examples) {
      expect(e.commands.host).toBeGreaterThan(100); // every step's commands were recorded, on both sides
      expect(e.commands.sim).toBe(e.commands.host);
      expect([e.example, e.simFailures, e.differences]).toEqual([e.example, [], []]);
    }
  });

  it('a host of another release: the report names each differing command and its lines', { timeout: 60_000 }, async () => {
    const { results, report } = await runKit({ host: `sim:${tmpHost()}?version=13.5`, examples: EXAMPLES, only: ['ipnet'], diff: true, diffRelease: '14.3' });
    expect(results[0].failures).toEqual([]); // klee works on both; their commands and outputs differ
    const d = report!.examples[0].differences;
    expect(d).toContainEqual({ command: 'uname -sr', occurrence: 1, kind: 'output', stdout: [{ side: 'host', line: 'FreeBSD 13.5-RELEASE' }, { side: 'sim', line: 'FreeBSD 14.3-RELEASE' }] });
    // 13.x has no jail meta (kern_jailmeta.c is 14.3's): the probe's sysctl fails there, and klee keeps a record file
    expect(d.find((x) => x.command.startsWith('sysctl ') && x.occurrence === 1)).toMatchObject({ kind: 'output', exit: { host: 1, sim: 0 }, stderr: [{ side: 'host', line: "sysctl: unknown oid 'security.jail.meta_maxbufsize'" }] });
    expect(d.filter((x) => x.kind === 'only-host' && x.command.includes('/var/db/klee/jails')).length).toBeGreaterThan(0);
    expect(d.filter((x) => x.kind === 'only-sim' && x.command.startsWith('jail -c ') && x.command.includes(' meta=')).length).toBeGreaterThan(0);
    const text = renderReport(report!);
    expect(text).toContain('host kit differences: sim:');
    expect(text).toContain('-- uname -sr\n   stdout - host FreeBSD 13.5-RELEASE\n   stdout + sim  FreeBSD 14.3-RELEASE\n');
    expect(text).toContain("   exit status: host 1, simulator 0\n");
  });

  it('npm run test:host -- --diff REPORT writes the JSON and the text', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'klee-kit-'));
    const out = execFileSync(process.execPath, ['dist/hostkit/run.js', '--host', `sim:${join(dir, 'h.json')}?version=13.5`, '--only', 'ipnet', '--diff', join(dir, 'r.json'), '--diff-release', '14.3'], { encoding: 'utf8' });
    expect(out).toMatch(/^ok {3}ipnet \(project kit\w+\)\n {5}\d+ difference\(s\) from the simulated 14\.3\nhost kit: 1\/1 scenarios passed on sim:/);
    expect(out).toMatch(/host kit: \d+ difference\(s\) from sim:\?version=14\.3: .*r\.json, .*r\.txt\n$/);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(json.klee_hostkit_diff).toBe(1);
    expect(json.examples[0].differences.length).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'r.txt'), 'utf8')).toBe(renderReport(json));
  });
});
