// A Host answering from a table of argv -> output and recording every argv it ran (for probe tests).
import type { CommandResult, Host } from '../../src/host/types.js';
import { PROBE_COMMANDS, pfProjectRulesCommand } from '../../src/host/probe-commands.js';

export type Answer = Partial<Pick<CommandResult, 'stdout' | 'stderr' | 'exitCode'>>;

/** A fake host; unknown commands fail with exit 1 like a missing program would. */
export function fakeHost(answers: Map<string, Answer>): Host & { calls: string[][]; answer(argv: string[], a: Answer): void } {
  const calls: string[][] = [];
  return {
    uri: 'fake', kind: 'sim', parallel: 8, calls,
    answer: (argv, a) => void answers.set(JSON.stringify(argv), a),
    async run(argv) {
      calls.push(argv);
      const a = answers.get(JSON.stringify(argv));
      return { argv, stdout: a?.stdout ?? '', stderr: a?.stderr ?? (a ? '' : `fake: ${argv[0]}: not answered\n`), exitCode: a ? a.exitCode ?? 0 : 1, durationMs: 0 };
    },
    async acquireLock() { return { async release() {} }; },
    async close() {},
  };
}

/** Answers for the fixed probe commands of a FreeBSD 14.1 host (pf enabled with klee hooks). */
export function baseAnswers(ifconfig: string, jls: string): Map<string, Answer> {
  const m = new Map<string, Answer>();
  const set = (argv: readonly string[], a: Answer) => m.set(JSON.stringify(argv), a);
  set(PROBE_COMMANDS.ifconfig, { stdout: ifconfig });
  set(PROBE_COMMANDS.jls, { stdout: jls });
  set(PROBE_COMMANDS.route, { stdout: '   route to: default\ndestination: default\n       mask: default\n    gateway: 10.0.2.2\n        fib: 0\n  interface: em0\n      flags: <UP,GATEWAY,DONE,STATIC>\n' });
  set(PROBE_COMMANDS.sysctl, { stdout: 'net.inet.ip.forwarding: 1\nnet.inet6.ip6.forwarding: 0\nkern.features.vimage: 1\n', stderr: "sysctl: unknown oid 'security.jail.meta_maxbufsize'\n", exitCode: 1 });
  set(PROBE_COMMANDS.version, { stdout: 'FreeBSD 14.1-RELEASE\n' });
  set(PROBE_COMMANDS.pfInfo, { stdout: 'Status: Enabled for 0 days 00:10:00           Debug: Urgent\n' });
  set(PROBE_COMMANDS.pfNat, { stdout: 'nat-anchor "klee/*" all\nrdr-anchor "klee/*" all\n' });
  set(PROBE_COMMANDS.pfRules, { stdout: 'anchor "klee/*" all\npass all flags S/SA keep state\n' });
  set(PROBE_COMMANDS.pfAnchors, { stdout: '  klee/web\n' });
  set(pfProjectRulesCommand('web'), { stdout: '' });
  set(PROBE_COMMANDS.mounts, { stdout: MOUNT_P });
  return m;
}

/** `mount -p` of a ZFS-root host with one jail's devfs and nullfs mounts, padded as sbin/mount/mount.c putfsent pads. */
export const MOUNT_P = [
  'zroot/ROOT/default\t/\t\t\tzfs\trw,nfsv4acls \t0 0',
  'devfs\t\t\t/dev\t\t\tdevfs\trw\t\t0 0',
  '/data/db\t\t/jails/web_c0/var/db\tnullfs\trw\t\t0 0',
  'devfs\t\t\t/jails/web_c0/dev\tdevfs\trw\t\t0 0',
].join('\n') + '\n';

/** jls -n --libxo=json text for the given jails (values as strings, booleans, address arrays, as jls prints them). */
export function jlsJson(jails: { jid: number; name: string; vnet?: boolean; ip4?: string[]; meta?: string }[]): string {
  const list = jails.map((j) => ({
    jid: String(j.jid), name: j.name, path: `/jails/${j.name}`, 'host.hostname': j.name, dying: false, persist: true,
    vnet: j.vnet ? 'new' : 'inherit', ip4: j.vnet ? 'inherit' : 'disable', ...(j.meta ? { meta: j.meta } : {}),
    'ip4.addr': j.ip4 ?? [], 'ip6.addr': [],
  }));
  return `${JSON.stringify({ __version: '2', 'jail-information': { jail: list } })}\n`;
}
