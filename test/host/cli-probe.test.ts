// `klee probe` end to end: a snapshot built from fixture outputs replays to the expected HostState; --save round-trips.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { PROBE_COMMANDS, pfProjectRulesCommand } from '../../src/host/probe-commands.js';
import type { HostState } from '../../src/host/types.js';
import { between, fixture } from './fixtures.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } }, out, err };
}

const HOST_IFCONFIG = between(fixture('07-ifconfig-fbsd13-bridge-epairs-descriptions-cloudinit.txt'), /^vtnet0:/)
  // label bridge0 as project web's network "backend" and one epair a side as container db's endpoint
  .replace(/^(bridge0: flags=.*)$/m, '$1\n        description: klee:web:backend')
  .replace('description: vnet-webserver', 'description: klee:web:db:backend');

function snapshotFile(): string {
  const cmd = (argv: readonly string[], stdout: string, stderr = '', exitCode = 0) => ({ argv: [...argv], stdout, stderr, exitCode });
  const snap = {
    klee_snapshot: 1, taken: '2025-06-01T12:00:00.000Z', host: 'ssh://root@prod', version: '14.3-RELEASE-p16',
    commands: [
      cmd(PROBE_COMMANDS.ifconfig, HOST_IFCONFIG),
      cmd(PROBE_COMMANDS.jls, fixture('19-jls-n-libxo-json-6-jails-fbsd14.3-mondoo.txt')),
      cmd(PROBE_COMMANDS.route, `${between(fixture('16-route-n-get-default-and-ifconfig-lo1-fbsd14-ohai.txt'), /route to:/, /^###/)}\n`),
      cmd(PROBE_COMMANDS.sysctl, 'net.inet.ip.forwarding: 1\nnet.inet6.ip6.forwarding: 0\nkern.features.vimage: 1\nsecurity.jail.meta_maxbufsize: 4096\n'),
      cmd(PROBE_COMMANDS.version, 'FreeBSD 14.3-RELEASE-p16\n'),
      cmd(PROBE_COMMANDS.pfInfo, 'Status: Enabled for 3 days 02:01:00           Debug: Urgent\n'),
      cmd(PROBE_COMMANDS.pfNat, 'nat-anchor "klee/*" all\nrdr-anchor "klee/*" all\n'),
      cmd(PROBE_COMMANDS.pfRules, 'anchor "klee/*" all\n'),
      cmd(PROBE_COMMANDS.pfAnchors, '  klee/shop\n  klee/web\n'),
      cmd(PROBE_COMMANDS.mounts, 'zroot/ROOT/default\t/\t\t\tzfs\trw,nfsv4acls \t0 0\ndevfs\t\t\t/dev\t\t\tdevfs\trw\t\t0 0\n'),
      cmd(pfProjectRulesCommand('web'), 'pass in quick on kleene1 proto tcp to 10.4.6.10 port = 5432 flags S/SA keep state label "klee:0123abcd"\n'),
      cmd(pfProjectRulesCommand('shop'), 'pass quick on kleene3 inet from 10.60.0.0/16 to 10.60.0.0/16 flags S/SA keep state label "klee:77aa"\nblock drop in log inet from any to 10.60.0.0/16 label "klee:77aa"\n'),
    ],
  };
  const path = join(mkdtempSync(join(tmpdir(), 'klee-snap-')), 'prod.json');
  writeFileSync(path, JSON.stringify(snap));
  return path;
}

describe('klee probe', () => {
  it('replays a snapshot of fixture outputs to the expected HostState (--json)', async () => {
    const path = snapshotFile();
    const t = io();
    const code = await runCli(['probe', '-H', `snapshot:${path}`, '-p', 'web', '--json'], t.io, {}, tmpdir());
    expect(t.err.join('')).toBe('');
    expect(code).toBe(0);
    const s = JSON.parse(t.out.join('')) as HostState;
    expect(s.version).toBe('14.3-RELEASE-p16');
    expect(s.interfaces.map((i) => i.name)).toEqual(['vtnet0', 'lo0', 'bridge0', 'epair10a', 'epair20a', 'epair30a']);
    expect(s.interfaces[2]).toMatchObject({ kind: 'bridge', description: 'klee:web:backend', members: ['epair40a', 'epair30a', 'epair20a'], inet: [{ address: '192.168.17.1', prefixlen: 24, broadcast: '192.168.17.255' }] });
    expect(s.jails.map((j) => j.name)).toEqual(['empty', 'vnetjail', 'empty.child', 'web', 'db', 'v6']);
    expect(s.jails[5]).toMatchObject({ jid: 6, ip4: ['10.9.9.9', '10.9.9.10'], ip6: ['fd00::9'] });
    expect(s.defaultRoute).toEqual({ gateway: '140.211.10.65', interface: 'vtnet0' });
    expect(s.sysctl).toEqual({ ipForwarding: true, ip6Forwarding: false, vimage: true, jailMetaMax: 4096 });
    expect(s.pf).toEqual({ enabled: true, hooks: { nat: true, rdr: true, filter: true }, projects: ['shop', 'web'], projectHash: '0123abcd', otherSubnets: [{ project: 'shop', subnet: '10.60.0.0/16' }] });
    expect(s.mounts).toEqual([
      { source: 'zroot/ROOT/default', target: '/', fstype: 'zfs', options: 'rw,nfsv4acls' },
      { source: 'devfs', target: '/dev', fstype: 'devfs', options: 'rw' },
    ]);
    expect(s.warnings).toEqual([]);
  });

  it('prints a readable summary: the project, other projects, foreign interfaces and jails', async () => {
    const t = io();
    expect(await runCli(['probe', '-H', `snapshot:${snapshotFile()}`, '-p', 'web'], t.io, {}, tmpdir())).toBe(0);
    const text = t.out.join('');
    expect(text).toContain('FreeBSD 14.3-RELEASE-p16');
    expect(text).toContain('default route: 140.211.10.65 via vtnet0');
    expect(text).toMatch(/project web:\n  networks:\n    backend  bridge0 \(bridge\)  192\.168\.17\.1\/24 2001:db8:c01:bdb0::1\/64  members: epair40a epair30a epair20a/);
    expect(text).toMatch(/epairs:\n    epair10a\/epair10b  db on backend/);
    expect(text).toContain('other klee projects: shop');
    expect(text).toContain('interfaces: vtnet0 (physical), lo0 (loopback), epair20a (epair), epair30a (epair)');
    expect(text).toContain('jails: empty (jid 1), vnetjail (jid 2), empty.child (jid 3), web (jid 4), db (jid 5), v6 (jid 6)');
  });

  it('--save records the raw outputs; the saved file replays to the same HostState', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'klee-save-'));
    const saved = join(dir, 'saved.json');
    const t1 = io();
    expect(await runCli(['probe', '-H', `snapshot:${snapshotFile()}`, '-p', 'web', '--json', '--save', saved], t1.io, {}, tmpdir())).toBe(0);
    const snap = JSON.parse(readFileSync(saved, 'utf8'));
    expect(snap).toMatchObject({ klee_snapshot: 1, host: expect.stringMatching(/^snapshot:/), version: '14.3-RELEASE-p16', project: 'web' });
    expect(new Date(snap.taken).toISOString()).toBe(snap.taken);
    expect(snap.commands.map((c: { argv: string[] }) => c.argv)).toContainEqual(['ifconfig', '-a']);
    expect(t1.err.join('')).toMatch(/saved \d+ probe commands to/);
    const t2 = io();
    expect(await runCli(['probe', '-H', `snapshot:${saved}`, '-p', 'web', '--json'], t2.io, {}, tmpdir())).toBe(0);
    const a = JSON.parse(t1.out.join(''));
    const b = JSON.parse(t2.out.join(''));
    expect(b.interfaces).toEqual(a.interfaces);
    expect(b.jails).toEqual(a.jails);
    expect(b.pf).toEqual(a.pf);
  });
});

describe('klee probe: which project', () => {
  it('takes the project from kleene.yaml when present, and probes host-wide without one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'klee-proj-'));
    const snap = snapshotFile();
    const none = io();
    expect(await runCli(['probe', '-H', `snapshot:${snap}`], none.io, {}, dir)).toBe(0);
    expect(none.out.join('')).not.toContain('project ');
    expect(none.out.join('')).toContain('other klee projects: shop, web');
    writeFileSync(join(dir, 'kleene.yaml'), 'name: web\ncontainers:\n  db:\n    path: /jails/db\n');
    const withFile = io();
    expect(await runCli(['probe', '-H', `snapshot:${snap}`], withFile.io, {}, dir)).toBe(0);
    expect(withFile.out.join('')).toContain('project web:');
  });
});
