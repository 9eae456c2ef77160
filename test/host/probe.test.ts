// The probe: fixed command count whatever the project's size, exit-code handling, inside probes for own vnet jails only.
import { describe, expect, it } from 'vitest';
import { readRecordsArgv } from '../../src/host/jail-record.js';
import { probe, ownVnetJails } from '../../src/host/probe.js';
import { insideProbeBatchCommand, pfProjectCommands, pfProjectRulesCommand, PROBE_COMMANDS } from '../../src/host/probe-commands.js';
import { statusBatchArgv } from '../../src/host/program.js';
import { baseAnswers, fakeHost, jlsJson } from './fake-host.js';
import { between, fixture } from './fixtures.js';

const HOST_IFCONFIG = between(fixture('07-ifconfig-fbsd13-bridge-epairs-descriptions-cloudinit.txt'), /^vtnet0:/);

function hostWith(containers: number, vnet = false) {
  const jails = Array.from({ length: containers }, (_, i) => ({ jid: i + 1, name: `web_c${i}`, vnet, ip4: vnet ? [] : [`10.4.${Math.floor(i / 250)}.${(i % 250) + 2}`] }));
  return fakeHost(baseAnswers(HOST_IFCONFIG, jlsJson(jails)));
}

describe('probe', () => {
  it('runs the same number of commands for a 1-container and a 200-container project', async () => {
    const small = hostWith(1);
    const big = hostWith(200);
    const s1 = await probe(small, { project: 'web' });
    const s200 = await probe(big, { project: 'web' });
    expect(s1.jails).toHaveLength(1);
    expect(s200.jails).toHaveLength(200);
    expect(small.calls.length).toBe(big.calls.length);
    expect(small.calls.length).toBe(Object.keys(PROBE_COMMANDS).length + pfProjectCommands('web').length + 2);
    // 10 fixed commands (ifconfig, jls, route, sysctl, uname, 4 x pfctl, mount -p) + the project's pf rules and nat + one
    // batch reading the status of all its jails' programs + one cat of all their records (this kernel has no meta)
    expect(small.calls.length).toBe(14);
    expect(big.calls).toContainEqual(readRecordsArgv(Array.from({ length: 200 }, (_, i) => `web_c${i}`).sort()));
    expect(big.calls).toContainEqual(['mount', '-p']);
    expect(big.calls).toContainEqual(pfProjectRulesCommand('web'));
    expect(big.calls).toContainEqual(['pfctl', '-a', 'klee/web', '-s', 'nat']);
    const names = Array.from({ length: 200 }, (_, i) => `web_c${i}`).sort();
    expect(big.calls).toContainEqual(statusBatchArgv(names));
    // The names are only positional parameters, never in a script's text.
    const batch = statusBatchArgv(names);
    expect(batch.slice(0, 4).join(' ')).not.toContain('web_c');
  });

  it('runs one more command, the same for 1 and 200 running vnet jails: all insides in one batch', async () => {
    const small = hostWith(1, true);
    const big = hostWith(200, true);
    await probe(small, { project: 'web' });
    await probe(big, { project: 'web' });
    // 10 fixed commands + the project's pf rules and nat + the program status batch + the records' cat + one /bin/sh -c
    // batch for the own running vnet jails' insides
    expect(small.calls.length).toBe(15);
    expect(big.calls.length).toBe(15);
    expect(big.calls.filter((c) => c[0] === 'jexec')).toEqual([]);
    const names = Array.from({ length: 200 }, (_, i) => `web_c${i}`).sort();
    expect(big.calls).toContainEqual(insideProbeBatchCommand(names));
    // The names are only positional parameters, never in the script's text.
    const batch = big.calls.find((c) => c[0] === '/bin/sh' && c[2].includes('ifconfig'))!;
    expect(batch.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(batch[2]).not.toContain('web_c');
    expect(batch.slice(3)).toEqual(['sh', ...names]);
  });

  it('parses every fact into HostState', async () => {
    const h = hostWith(1);
    h.answer(statusBatchArgv(['web_c0']), { stdout: '@@klee-jail web_c0\n@@klee-supervisor\n@@klee-log\nklee: exited with status 3\n' });
    const s = await probe(h, { project: 'web' });
    expect(s.version).toBe('14.1-RELEASE');
    expect(s.defaultRoute).toEqual({ gateway: '10.0.2.2', interface: 'em0' });
    expect(s.sysctl).toEqual({ ipForwarding: true, ip6Forwarding: false, vimage: true, jailMetaMax: 0 });
    expect(s.pf).toEqual({ enabled: true, hooks: { nat: true, rdr: true, filter: true }, projects: ['web'] });
    expect(s.interfaces.find((i) => i.name === 'bridge0')?.members).toEqual(['epair40a', 'epair30a', 'epair20a']);
    expect(s.jails[0]).toMatchObject({ jid: 1, name: 'web_c0', ip4: ['10.4.0.2'], program: { supervisor: true, child: false, stopped: false, log: true, lastExit: 3 } });
    expect(s.warnings).toEqual([]);
    expect(s.datasets).toBeUndefined();
    expect(s.mounts).toEqual([
      { source: 'zroot/ROOT/default', target: '/', fstype: 'zfs', options: 'rw,nfsv4acls' },
      { source: 'devfs', target: '/dev', fstype: 'devfs', options: 'rw' },
      { source: '/data/db', target: '/jails/web_c0/var/db', fstype: 'nullfs', options: 'rw' },
      { source: 'devfs', target: '/jails/web_c0/dev', fstype: 'devfs', options: 'rw' },
    ]);
  });

  it('reads the other klee projects\' subnets from their anchors in one more wave; an anchor it cannot read is a warning', async () => {
    const answers = baseAnswers(HOST_IFCONFIG, jlsJson([]));
    answers.set(JSON.stringify(PROBE_COMMANDS.pfAnchors), { stdout: '  klee/api\n  klee/shop\n  klee/web\n' });
    answers.set(JSON.stringify(pfProjectRulesCommand('shop')), { stdout: 'pass quick on kleene3 inet from 10.60.0.0/16 to 10.60.0.0/16 flags S/SA keep state label "klee:77aa"\nblock drop in log inet from any to 10.60.0.0/16 label "klee:77aa"\nblock drop in log inet6 from any to fd00:60::/64 label "klee:77aa"\n' });
    const host = fakeHost(answers);
    const s = await probe(host, { project: 'web' });
    expect(s.pf.otherSubnets).toEqual([{ project: 'shop', subnet: '10.60.0.0/16' }, { project: 'shop', subnet: 'fd00:60::/64' }]);
    expect(host.calls.filter((c) => c[0] === 'pfctl' && c[2]?.startsWith('klee/'))).toEqual([...pfProjectCommands('web'), pfProjectRulesCommand('api'), pfProjectRulesCommand('shop')]);
    expect(s.warnings).toEqual([expect.stringMatching(/^cannot read the pf rules of klee project "api" \(its subnets are not checked against this project's\): /)]);
    const alone = await probe(fakeHost(baseAnswers(HOST_IFCONFIG, jlsJson([]))), { project: 'web' });
    expect(alone.pf.otherSubnets).toBeUndefined();
  });

  it('mount -p failing (an older snapshot without it) -> no mounts and a warning', async () => {
    const answers = baseAnswers(HOST_IFCONFIG, jlsJson([]));
    answers.delete(JSON.stringify(PROBE_COMMANDS.mounts));
    const s = await probe(fakeHost(answers), {});
    expect(s.mounts).toBeUndefined();
    expect(s.warnings).toEqual([expect.stringMatching(/^cannot read the mount table: `mount -p` failed \(exit 1\)/)]);
  });

  it('reads inside the project\'s own running vnet jails only, in one batch; a jail it cannot enter is a warning', async () => {
    const jails = [
      { jid: 1, name: 'web_db', vnet: true, meta: 'klee:v1:web:db:abc123' },
      { jid: 2, name: 'web_api', vnet: true, meta: 'klee:v1:web:api:def456' },
      { jid: 3, name: 'web_cache', vnet: false, ip4: ['10.0.0.9'], meta: 'klee:v1:web:cache:0' },
      { jid: 4, name: 'other_db', vnet: true, meta: 'klee:v1:other:db:1' },
      { jid: 5, name: 'web_intruder', vnet: true, meta: 'someone else' },
    ];
    const answers = baseAnswers(HOST_IFCONFIG, jlsJson(jails));
    answers.set(JSON.stringify(PROBE_COMMANDS.sysctl), { stdout: 'net.inet.ip.forwarding: 0\nnet.inet6.ip6.forwarding: 0\nkern.features.vimage: 1\nsecurity.jail.meta_maxbufsize: 4096\n' });
    const f14 = fixture('14-vnet-jail-inside-ifconfig-j-and-route-get-fbsd14.txt');
    // What the batch prints (src/host/probe-commands.ts INSIDE_BATCH_SCRIPT, run by /bin/sh in test/sim/sh.test.ts):
    // web_api's jexec failed (its message on stdout through 2>&1, then the status), web_db's part is read inside.
    answers.set(JSON.stringify(insideProbeBatchCommand(['web_api', 'web_db'])), {
      stdout: '@@klee-jail web_api\njexec: jail "web_api" not found\n@@klee-failed 1\n@@klee-route4\n@@klee-route6\n'
        + `@@klee-jail web_db\n${between(f14, /^epair8b:/, /^op@nuc/)}\n@@klee-route4\n${between(f14, /route to:/)}\n@@klee-route6\n`,
      stderr: 'jexec: jail "web_api" not found\njexec: jail "web_api" not found\nroute: route has not been found\n',
      exitCode: 1,
    });
    const h = fakeHost(answers);
    const s = await probe(h, { project: 'web' });
    expect(h.calls.filter((c) => c[0] === 'jexec')).toEqual([]);
    expect(h.calls.filter((c) => c[0] === '/bin/sh' && c[2].includes('ifconfig')).map((c) => c.slice(4))).toEqual([['web_api', 'web_db']]);
    expect(ownVnetJails(s, 'web').map((j) => j.name)).toEqual(['web_api', 'web_db']);
    const db = s.jails.find((j) => j.name === 'web_db')!;
    expect(db.inside?.defaultRoute4).toBe('10.0.0.1');
    expect(db.inside?.interfaces[0]).toMatchObject({ name: 'epair8b', inet: [{ address: '10.0.0.13', prefixlen: 24 }] });
    expect(s.warnings.filter((w) => !w.startsWith('cannot read the program status'))).toEqual(['cannot read inside jail web_api: `jexec web_api ifconfig -a` failed (exit 1): jexec: jail "web_api" not found']);
    expect(s.jails.find((j) => j.name === 'web_api')!.inside).toBeUndefined();
    expect(s.sysctl.jailMetaMax).toBe(4096);
  });

  it('pfctl failing (not root) -> pf.enabled null and a warning; no default route -> undefined', async () => {
    const answers = baseAnswers(HOST_IFCONFIG, jlsJson([]));
    for (const k of ['pfInfo', 'pfNat', 'pfRules', 'pfAnchors'] as const) {
      answers.set(JSON.stringify(PROBE_COMMANDS[k]), { stderr: 'pfctl: /dev/pf: Permission denied\n', exitCode: 1 });
    }
    answers.set(JSON.stringify(PROBE_COMMANDS.route), { stderr: 'route: route has not been found\n', exitCode: 1 });
    const s = await probe(fakeHost(answers), {});
    expect(s.pf).toEqual({ enabled: null, hooks: { nat: false, rdr: false, filter: false }, projects: [] });
    expect(s.defaultRoute).toBeUndefined();
    expect(s.warnings).toEqual([expect.stringMatching(/pf state unknown \(pfctl: \/dev\/pf: Permission denied\)/)]);
  });

  it('ifconfig or jls failing is a UserError quoting the command', async () => {
    const answers = baseAnswers(HOST_IFCONFIG, '');
    answers.set(JSON.stringify(PROBE_COMMANDS.jls), { stderr: 'jls: sysctl(security.jail.jailed): Operation not permitted\n', exitCode: 1 });
    await expect(probe(fakeHost(answers))).rejects.toThrow(/cannot read the host's jails: `jls -d -n --libxo=json` failed \(exit 1\): jls: sysctl/);
    const a2 = baseAnswers('', jlsJson([]));
    a2.set(JSON.stringify(PROBE_COMMANDS.ifconfig), { stderr: 'ifconfig: not found\n', exitCode: 127 });
    await expect(probe(fakeHost(a2))).rejects.toThrow(/`ifconfig -a` failed \(exit 127\)/);
  });

  it('zfs datasets only when asked', async () => {
    const answers = baseAnswers(HOST_IFCONFIG, jlsJson([]));
    answers.set(JSON.stringify(['zfs', 'list', '-H', '-p', '-t', 'filesystem', '-o', 'name,origin,mountpoint']), { stdout: 'zroot\t-\t/zroot\nzroot/klee/web/db\tzroot/img@1\t/jails/db\n' });
    const s = await probe(fakeHost(answers), { zfs: true });
    expect(s.datasets).toEqual([{ name: 'zroot', mountpoint: '/zroot' }, { name: 'zroot/klee/web/db', origin: 'zroot/img@1', mountpoint: '/jails/db' }]);
  });
});
