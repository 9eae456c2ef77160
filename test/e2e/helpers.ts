// End-to-end helpers: run klee in-process against a simulated host in a temporary directory.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { simControls } from '../planner/examples.js';

export { simControls };

/** What one klee invocation printed and returned. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The repository's examples directory. */
export const EXAMPLES = resolve(import.meta.dirname, '../../examples');

/** Example names: the `<name>.yaml` files of examples/, sorted. */
export function exampleNames(): string[] {
  if (!existsSync(EXAMPLES)) return [];
  return readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort();
}


/**
 * The origin every sandbox is a checkout of: its files are then one identity in every sandbox (`<origin>#project/
 * kleene.yaml`, the file a jail's meta records: src/cli/file-identity.ts), as two CI checkouts of one repository are,
 * so runs in two sandboxes plan the same commands.
 */
export const SANDBOX_ORIGIN = 'https://git.example.invalid/klee/e2e.git';

/** A scratch directory holding a copy of an example (or nothing), the sim state file, and a `.git` naming SANDBOX_ORIGIN. */
export class Sandbox {
  readonly dir: string;
  readonly simPath: string;
  /** Query options every `host()` of this sandbox carries: the example's sim controls. */
  controls = '';
  constructor(example?: string) {
    this.dir = mkdtempSync(join(tmpdir(), 'klee-e2e-'));
    this.simPath = join(this.dir, 'host.json');
    mkdirSync(this.project);
    mkdirSync(join(this.dir, '.git'));
    writeFileSync(join(this.dir, '.git', 'config'), `[remote "origin"]\n\turl = ${SANDBOX_ORIGIN}\n`);
    if (example) {
      cpSync(join(EXAMPLES, `${example}.yaml`), join(this.project, 'kleene.yaml'));
      this.controls = simControls(readFileSync(join(EXAMPLES, `${example}.yaml`), 'utf8'));
    }
  }

  /** The project directory (the example's copy). */
  get project(): string {
    return join(this.dir, 'project');
  }

  /** `-H` value for this sandbox's simulated host, with query options (fail=N, latency=MS). */
  host(query = ''): string {
    const q = [this.controls, query].filter(Boolean).join('&');
    return `sim:${this.simPath}${q ? `?${q}` : ''}`;
  }

  /** Run klee in the project directory; global options are passed by the caller. */
  async klee(args: string[], opts: { cwd?: string; env?: Record<string, string>; signal?: AbortSignal; tty?: boolean; onStdout?: (s: string) => void } = {}): Promise<Run> {
    let stdout = '';
    let stderr = '';
    // onStdout sees each write as it happens (with --json one event per write), while the run is still going.
    const write = (s: string) => { stdout += s; opts.onStdout?.(s); };
    const io = { stdout: { write, isTTY: opts.tty }, stderr: { write: (s: string) => void (stderr += s) } };
    const env: Record<string, string | undefined> = { PATH: process.env.PATH, ...(opts.tty ? {} : { NO_COLOR: '1' }), ...opts.env };
    const code = await runCli(args, io, env, opts.cwd ?? this.project, opts.signal);
    return { code, stdout, stderr };
  }

  /** The simulated host's state file, parsed. */
  state(): Record<string, unknown> {
    return JSON.parse(readFileSync(this.simPath, 'utf8')) as Record<string, unknown>;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Interfaces without their addresses' order numbers (seq: when each was added, which only 13.x's ifconfig shows). */
function unnumbered(interfaces: unknown): unknown {
  const strip = (list: any[]) => list.map(({ seq: _s, ...a }) => a);
  return Array.isArray(interfaces) ? interfaces.map((i) => ({ ...i, inet: strip(i.inet ?? []), inet6: strip(i.inet6 ?? []) })) : interfaces;
}

/**
 * The state without what a real kernel also never resets (interface index, MAC, jid, pid and address counters, and
 * the addresses' order numbers), the clock and the files' times on it, and the simulator's test controls and its
 * count of program starts.
 */
export function comparable(state: Record<string, unknown>): Record<string, unknown> {
  const { counters: _c, clock: _t, mtimes: _m, starts: _s, controls: _p, ...rest } = state;
  return { ...rest, interfaces: unnumbered(rest.interfaces) };
}

/** NDJSON events printed by `--json` up/down. */
export function events(stdout: string): Record<string, any>[] {
  return stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/** A fresh simulated host's state (the sim creates it on first use; `klee ls` only reads). */
export async function freshState(query = ''): Promise<Record<string, unknown>> {
  const box = new Sandbox();
  try {
    const r = await box.klee(['ls', '-H', box.host(query)]);
    if (r.code !== 0) throw new Error(`klee ls on a fresh sim failed: ${r.stderr}`);
    return box.state();
  } finally {
    box.remove();
  }
}

/**
 * The host's state with run-specific numbering replaced by names: counters, interface indexes, MACs and jids
 * (a jail re-created after a failed run gets a new jid, as on FreeBSD), and the order of addresses, members and
 * mounts sorted, so two converged hosts compare equal.
 */
export function normalised(state: Record<string, any>): Record<string, any> {
  const jailOf = new Map<number, string>((state.jails ?? []).map((j: any) => [j.jid, j.name]));
  return {
    ...comparable(state),
    // A mount's fifth field is the jid of the jail whose creation made it: named by that jail.
    mounts: [...(state.mounts ?? [])].map((m: string) => m.replace(/ (\d+)$/, (_, jid) => ` ${jailOf.get(Number(jid)) ?? 'gone'}`)).sort(),
    interfaces: [...(unnumbered(state.interfaces ?? []) as any[])]
      .map(({ index: _i, ether: _e, ...i }: any) => ({
        ...i, vnet: i.vnet === 0 ? 0 : jailOf.get(i.vnet),
        // The order in which aliases and members were added differs after a retried run; what is there may not.
        inet: [...i.inet].sort((a: any, b: any) => a.address.localeCompare(b.address)),
        inet6: [...i.inet6].sort((a: any, b: any) => a.address.localeCompare(b.address)),
        members: [...i.members].sort(),
      }))
      .sort((a, b) => `${a.vnet}/${a.name}`.localeCompare(`${b.vnet}/${b.name}`)),
    jails: [...(state.jails ?? [])].map(({ jid: _j, ...j }: any) => j).sort((a, b) => a.name.localeCompare(b.name)),
    // Processes by jail and command line (pids and start times differ from run to run).
    procs: (state.procs ?? []).map((p: any) => `${jailOf.get(p.jid) ?? 'host'}: ${p.argv.join(' ')}`).sort(),
    // Pidfiles hold those pids.
    files: Object.fromEntries(Object.entries(state.files ?? {}).map(([k, v]) => [k, /\.pid$/.test(k) ? ['<pid>'] : v])),
  };
}

/** One ps --json row. */
export interface PsRow {
  name: string;
  jail: string;
  jid: number;
  driver: string;
  networks: { network: string; ip: string | null; ip6: string | null; interface: string }[];
}

/**
 * Where a container's endpoint meets the host in the simulated kernel state: the host interface its
 * address sits on (ipnet) or the bridge its epair's host side is a member of (vnet), after checking
 * that the address really is configured there, and, for vnet, that its default route is the bridge's gateway.
 */
export function attachment(state: Record<string, any>, row: PsRow, n: PsRow['networks'][number]): string {
  const ifaces = state.interfaces as any[];
  const has = (i: any, fam: 'inet' | 'inet6', a: string | null) => a === null || i[fam].some((x: any) => x.address === a);
  if (row.driver === 'vnet') {
    const b = ifaces.find((i) => i.name === n.interface && i.vnet === row.jid);
    if (!b) throw new Error(`${row.name}: ${n.interface} is not inside jail ${row.jid}`);
    if (!has(b, 'inet', n.ip) || !has(b, 'inet6', n.ip6) || !b.up) throw new Error(`${row.name}: ${n.interface} lacks ${n.ip}/${n.ip6} or is down`);
    const bridge = ifaces.find((i) => i.vnet === 0 && i.members.includes(b.peer));
    if (!bridge) throw new Error(`${row.name}: ${b.peer} is on no host bridge`);
    const jail = (state.jails as any[]).find((j) => j.jid === row.jid);
    const gw = bridge.inet[0]?.address;
    if (gw !== undefined && jail.routes.inet !== gw) throw new Error(`${row.name}: default route ${jail.routes.inet}, gateway ${gw}`);
    return bridge.name;
  }
  const host = ifaces.find((i) => i.name === n.interface && i.vnet === 0);
  if (!host || !has(host, 'inet', n.ip) || !has(host, 'inet6', n.ip6)) throw new Error(`${row.name}: ${n.ip}/${n.ip6} not on host interface ${n.interface}`);
  return host.name;
}

/**
 * The state as `klee down` must leave it identical to a fresh host: without counters, with IPv4 and IPv6
 * forwarding as on a fresh host (klee turns them on for NAT and routed vnet jails and deliberately leaves them, docs/executor.md) and without the
 * containers' console logs (kept like jail(8) keeps them, for a post-mortem).
 */
export function afterDown(state: Record<string, any>, fresh: Record<string, any>): Record<string, any> {
  const { sysctl, files, ...rest } = comparable(state) as Record<string, any>;
  return {
    ...rest,
    sysctl: {
      ...sysctl,
      'net.inet.ip.forwarding': fresh.sysctl['net.inet.ip.forwarding'],
      'net.inet6.ip6.forwarding': fresh.sysctl['net.inet6.ip6.forwarding'],
    },
    files: withoutLogs(files),
  };
}

/**
 * The files without klee's logs, which stay for a post-mortem after down and an atomic undo: jail(8)'s console logs on
 * the host (`/var/log/klee.<jail>.log`) and daemon(8)'s output files in the jail's root (`<root>/var/log/klee/<jail>.log`).
 */
export function withoutLogs(files: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(files ?? {}).filter(([p]) => !/^\/var\/log\/klee\.[^/]*\.log$/.test(p) && !/\/var\/log\/klee\/[^/]*\.log$/.test(p)));
}

/**
 * NDJSON read as it arrives (a long-running `--json` command): `write` takes each chunk, `seen` holds every event so
 * far, `next(test)` resolves with the first later event that passes `test`, and rejects once `ended` settles first.
 */
export function eventStream(ended: () => Promise<unknown>) {
  const seen: any[] = [];
  const waiters: { test: (e: any) => boolean; resolve: (e: any) => void }[] = [];
  let partial = '';
  const write = (chunk: string) => {
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const l of lines.filter(Boolean)) {
      const e = JSON.parse(l);
      seen.push(e);
      for (const w of [...waiters]) if (w.test(e)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(e); }
    }
  };
  const next = (test: (e: any) => boolean): Promise<any> => new Promise((resolve, reject) => {
    waiters.push({ test, resolve });
    void ended().then((how) => reject(new Error(`the command ended (${JSON.stringify(how)}) before the event`)));
  });
  return { seen, write, next };
}
