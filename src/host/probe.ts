// The probe: a fixed set of read-only commands run concurrently, parsed into HostState.
import type { CommandResult, Host, HostState, Jail, PfState } from './types.js';
import { PROBE_COMMANDS, ZFS_LIST_COMMAND, insideProbeBatchCommand, mountPointsCommand, pfProjectCommands, pfProjectRulesCommand } from './probe-commands.js';
import { hasJailMeta, ownership, untrustedLabels } from './ownership.js';
import { parseRecords, readRecordsArgv } from './jail-record.js';
import { parseJailName } from './labels.js';
import { commandError } from './command-error.js';
import { UserError } from '../errors.js';
import { hostText, shJoin } from './quote.js';
import { parseIfconfig } from './parse/ifconfig.js';
import { parseJls } from './parse/jls.js';
import { parseRouteGet, saysNoRoute } from './parse/route.js';
import { parseSysctl, parseUname, unknownOids } from './parse/sysctl.js';
import { parsePfAnchors, parsePfHooks, parsePfListing, parsePfStatus, parsePfSubnets, rulesetHash } from './parse/pf.js';
import { parseZfsList } from './parse/zfs.js';
import { MOUNT_TABLE_UNREADABLE, parseMountP } from './parse/mount.js';
import { parseInside } from './parse/inside.js';
import { splitInsideBatch } from './parse/inside-batch.js';
import { parseStatusBatch } from './parse/program.js';
import { statusBatchArgv } from './program.js';

/** What to probe beyond the fixed set: the project's pf rules and inside views, ZFS datasets. */
export interface ProbeOptions {
  project?: string;
  zfs?: boolean;
  signal?: AbortSignal;
  /**
   * Accept an `ifconfig -a` capture that was not read completely (lines ignored, addresses dropped, cut off), with
   * warnings. Only for showing the host (`klee probe`); everything that plans or acts refuses it (docs/reliability.md).
   */
  lenient?: boolean;
  /** Host paths the file mounts on (below container roots that exist): which of them are not directories. */
  mountPoints?: readonly string[];
}

type Key = keyof typeof PROBE_COMMANDS;

/** Read the host: PROBE_COMMANDS (+ project pf rules, + zfs) at once, then one batch inside all own running vnet jails. */
export async function probe(host: Host, opts: ProbeOptions = {}): Promise<HostState> {
  const keys = Object.keys(PROBE_COMMANDS) as Key[];
  const run = (argv: readonly string[]) => host.run([...argv], { signal: opts.signal });
  const [results, projectPf, zfs, mountPoints] = await Promise.all([
    Promise.all(keys.map((k) => run(PROBE_COMMANDS[k]))),
    opts.project ? Promise.all(pfProjectCommands(opts.project).map(run)) : undefined,
    opts.zfs ? run(ZFS_LIST_COMMAND) : undefined,
    opts.mountPoints?.length ? run(mountPointsCommand(opts.mountPoints)) : undefined,
  ]);
  const r = Object.fromEntries(keys.map((k, i) => [k, results[i]])) as Record<Key, CommandResult>;
  const warnings: string[] = [];

  // ifconfig and jls are essential: without them there is nothing to plan against.
  if (r.ifconfig.exitCode !== 0) throw commandError(r.ifconfig, 'cannot read the host\'s interfaces');
  if (r.jls.exitCode !== 0) throw commandError(r.jls, 'cannot read the host\'s jails');
  const ifc = parseIfconfig(r.ifconfig.stdout, shJoin(PROBE_COMMANDS.ifconfig));
  if (!opts.lenient) refuseIncomplete(r.ifconfig.stdout, ifc.incomplete);
  warnings.push(...ifc.warnings);
  if (!opts.lenient) refuseBinary(shJoin(PROBE_COMMANDS.jls), 'jails', r.jls.stdout);
  const jails = parseJls(r.jls.stdout, shJoin(PROBE_COMMANDS.jls));

  const state: HostState = {
    version: version(r.version, warnings),
    interfaces: ifc.interfaces,
    jails,
    pf: pf(r, projectPf, warnings),
    sysctl: sysctl(r.sysctl, warnings),
    warnings,
  };
  warnings.push(...untrustedLabels(state));
  const route = r.route.exitCode === 0 ? parseRouteGet(r.route.stdout) : undefined;
  if (route) state.defaultRoute = route;
  else if (r.route.exitCode !== 0 && !saysNoRoute(r.route.stderr + r.route.stdout)) {
    warnings.push(`cannot read the default route: ${commandError(r.route).message}`);
  } else if (r.route.exitCode === 0 && !saysNoRoute(r.route.stdout)) {
    // Exit 0 is a route found (route.c print_getmsg prints its `interface:` line); without one the output is unreadable.
    warnings.push(`cannot read the default route: \`${shJoin(PROBE_COMMANDS.route)}\` exited 0 without an \`interface:\` line (${hostText(r.route.stdout.slice(0, 80))}): planned as if the host had none`);
  }
  // The mount table is needed only to unmount what jail(8) mounted for our jails: failing is a warning here, and the
  // planner refuses a removal with mounts of its own to unmount (kinds/unmount.ts).
  if (r.mounts.exitCode === 0) {
    const m = parseMountP(r.mounts.stdout);
    state.mounts = m.mounts;
    warnings.push(...m.warnings);
  } else warnings.push(`${MOUNT_TABLE_UNREADABLE}: ${commandError(r.mounts).message}`);
  if (mountPoints) {
    if (mountPoints.exitCode === 0) state.missingMountPoints = mountPoints.stdout.split('\n').filter((p) => opts.mountPoints!.includes(p));
    else warnings.push(`cannot check the mount points (jail -c will, if one is missing): ${commandError(mountPoints).message}`);
  }
  if (zfs) {
    if (zfs.exitCode === 0) state.datasets = parseZfsList(zfs.stdout);
    else { state.datasets = []; warnings.push(`cannot list ZFS datasets: ${commandError(zfs).message}`); }
  }
  await Promise.all([
    readOtherSubnets(host, opts.project, state, opts.signal),
    opts.project ? readInsides(host, opts.project, state, opts.signal) : undefined,
    opts.project ? readPrograms(host, opts.project, state, opts.signal) : undefined,
    opts.project ? readRecords(host, state, opts.signal) : undefined,
  ]);
  return state;
}

/**
 * On a kernel without `meta`: what klee's jails were created with, from their records (jail-record.ts), one `cat` for
 * all: the project's (its configuration, its own mounts) and other projects' (their mounts on a root shared with one of
 * ours: unmount.ts). A missing record is no error (a jail made before klee kept them): its configuration is then unknown.
 */
async function readRecords(host: Host, state: HostState, signal?: AbortSignal): Promise<void> {
  if (hasJailMeta(state)) return;
  const own = state.jails.filter((j) => !j.dying && parseJailName(j.name) !== undefined);
  if (own.length === 0) return;
  const names = own.map((j) => j.name).sort();
  const out = await host.run(readRecordsArgv(names), { signal });
  const records = parseRecords(out.stdout, names);
  for (const j of own) {
    const r = records.get(j.name);
    if (r !== undefined) j.record = r;
  }
}

/** The status of the project's programs, one host command for all its live jails; a jail it cannot read is a warning. */
async function readPrograms(host: Host, project: string, state: HostState, signal?: AbortSignal): Promise<void> {
  const own = ownership(state, project).jails.map((o) => o.jail).filter((j) => !j.dying);
  if (own.length === 0) return;
  const out = await host.run(statusBatchArgv(own.map((j) => j.name)), { signal });
  const parts = parseStatusBatch(out.stdout);
  for (const j of own) {
    const part = parts.get(j.name);
    if (part === undefined) state.warnings.push(`cannot read the program status of jail ${j.name}: ${commandError(out).message}`);
    else if ('failed' in part) state.warnings.push(`cannot read the program status of jail ${j.name}: ${part.failed}`);
    else j.program = part;
  }
}

/**
 * The other klee projects' loopback and bridge subnets, from their pf anchors (one wave, only when there are other
 * projects): a subnet of this project may not overlap them (planner prerequisites). An anchor that cannot be read is a
 * warning: its subnets are then not checked.
 */
async function readOtherSubnets(host: Host, project: string | undefined, state: HostState, signal?: AbortSignal): Promise<void> {
  const others = state.pf.projects.filter((p) => p !== project);
  if (others.length === 0) return;
  const results = await Promise.all(others.map((p) => host.run(pfProjectRulesCommand(p), { signal })));
  const subnets: { project: string; subnet: string }[] = [];
  results.forEach((r, i) => {
    if (r.exitCode !== 0) state.warnings.push(`cannot read the pf rules of klee project "${others[i]}" (its subnets are not checked against this project's): ${commandError(r).message}`);
    else for (const subnet of parsePfSubnets(r.stdout)) subnets.push({ project: others[i], subnet });
  });
  if (subnets.length) state.pf.otherSubnets = subnets;
}

/**
 * A plan computed from a partial interface list can be wrong (an interface missed is one klee would create again, an
 * address missed one it would hand out twice), so an `ifconfig -a` capture that was not read completely stops the
 * probe: empty (every host has lo0), cut off mid-line (ifconfig ends every line with a newline: sbin/ifconfig
 * ifconfig.c status() and the af_*.c printers), holding control characters (binary garbage), or with lines the
 * parser had to ignore or could not read.
 */
function refuseIncomplete(stdout: string, incomplete: string[]): void {
  const cmd = shJoin(PROBE_COMMANDS.ifconfig);
  const fail = (why: string) => {
    throw new UserError(`cannot trust the host's interfaces: \`${cmd}\` ${why}`, 'klee plans only from complete output; run the command on the host to see what it prints');
  };
  if (stdout.trim() === '') fail('printed nothing (every FreeBSD host has lo0)');
  refuseBinary(cmd, 'interfaces', stdout);
  if (!stdout.endsWith('\n')) fail(`output ends mid-line at line ${stdout.split('\n').length} (truncated): ${hostText(stdout.slice(stdout.lastIndexOf('\n') + 1).slice(0, 80))}`);
  if (incomplete.length > 0) fail(`output was not read completely: ${incomplete[0].replace(`${cmd}: `, '')}${incomplete.length > 1 ? ` (and ${incomplete.length - 1} more)` : ''}`);
}

/**
 * Binary garbage (a control character, or invalid UTF-8 decoded as U+FFFD) in a listing klee plans from stops the probe.
 * In an interface's description (ifconfig prints descriptions raw) it is named: such a label is never trusted.
 */
function refuseBinary(cmd: string, what: string, stdout: string): void {
  // eslint-disable-next-line no-control-regex
  const ctl = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/.exec(stdout);
  if (!ctl) return;
  const lines = stdout.slice(0, ctl.index).split('\n');
  const header = [...lines].reverse().find((l) => l !== '' && !/^\s/.test(l));
  const inDescription = /^\s+description: /.test(lines[lines.length - 1]) && header !== undefined;
  const where = inDescription ? ` in the description of ${header.slice(0, header.indexOf(': flags='))}` : '';
  throw new UserError(`cannot trust the host's ${what}: \`${cmd}\` printed binary garbage (character U+${ctl[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}) at line ${lines.length}${where}`, inDescription ? 'klee never trusts a label holding control characters; set a plain description with `ifconfig IF description TEXT`' : 'klee plans only from complete output; run the command on the host to see what it prints');
}

/** The project's own running vnet jails: named `<project>_*`, vnet, alive, and `meta` ours (or no meta on this kernel). */
export function ownVnetJails(state: HostState, project: string): Jail[] {
  // Same rule as everything else that decides ownership (src/host/ownership.ts).
  return ownership(state, project).jails.map((o) => o.jail).filter((j) => j.vnet && !j.dying);
}

/** One host command for all own running vnet jails, however many (insideProbeBatchCommand); a jail it cannot read is a warning. */
async function readInsides(host: Host, project: string, state: HostState, signal?: AbortSignal): Promise<void> {
  const own = ownVnetJails(state, project);
  if (own.length === 0) return;
  const out = await host.run(insideProbeBatchCommand(own.map((j) => j.name)), { signal });
  const parts = splitInsideBatch(out.stdout);
  for (const j of own) {
    const part = parts.get(j.name);
    if (part === undefined) {
      state.warnings.push(`cannot read inside jail ${j.name}: ${commandError(out).message}`);
    } else if ('failed' in part) {
      const jexec: CommandResult = { argv: ['jexec', j.name, 'ifconfig', '-a'], stdout: '', stderr: part.failed.message, exitCode: part.failed.status, durationMs: 0 };
      state.warnings.push(`cannot read inside jail ${j.name}: ${commandError(jexec).message}`);
    } else {
      const { inside, warnings } = parseInside(part.output, j.name);
      j.inside = inside;
      state.warnings.push(...warnings);
    }
  }
}

function version(r: CommandResult, warnings: string[]): string {
  if (r.exitCode !== 0) {
    warnings.push(`cannot read the OS version: ${commandError(r).message}`);
    return '';
  }
  const u = parseUname(r.stdout);
  if (u.sysname && u.sysname !== 'FreeBSD') warnings.push(`this host runs ${u.sysname}, not FreeBSD: klee can read it but not change it`);
  return u.release;
}

/** sysctl prints the known OIDs and reports unknown ones on stderr with exit 1: those facts are false/0. */
function sysctl(r: CommandResult, warnings: string[]): HostState['sysctl'] {
  // sysctl(8) ends each `name: value` with a newline (sbin/sysctl/sysctl.c): a last line without one was cut short,
  // and its value (meta_maxbufsize "40" of "4096") is not trusted; it then counts as unread below.
  const v = parseSysctl(r.stdout.endsWith('\n') ? r.stdout : r.stdout.slice(0, r.stdout.lastIndexOf('\n') + 1));
  const unknown = unknownOids(r.stderr);
  const failed = r.exitCode !== 0 && unknown.length === 0;
  if (failed) warnings.push(`cannot read sysctl values: ${commandError(r).message}`);
  // sysctl(8) prints `name: value` for each OID it knows and names the others on stderr: one it did neither for, or a
  // value that is not a number, was unreadable (and counts as 0).
  const unread = PROBE_COMMANDS.sysctl.slice(1).filter((k) => !unknown.includes(k) && !/^\d+$/.test(v[k] ?? ''));
  if (unread.length > 0 && !failed) warnings.push(`cannot read sysctl values: \`${shJoin(PROBE_COMMANDS.sysctl)}\` printed no number for ${unread.join(', ')}: taken as 0`);
  const num = (k: string) => Number(v[k] ?? 0) || 0;
  return {
    ipForwarding: num('net.inet.ip.forwarding') === 1,
    ip6Forwarding: num('net.inet6.ip6.forwarding') === 1,
    vimage: num('kern.features.vimage') === 1,
    jailMetaMax: num('security.jail.meta_maxbufsize'),
  };
}

/** pf facts; pfctl failing (not root, pf not loaded) gives enabled null and a warning, never an error. `project`: its anchor's rules and nat listings. */
function pf(r: Record<Key, CommandResult>, project: CommandResult[] | undefined, warnings: string[]): PfState {
  const state: PfState = { enabled: null, hooks: { nat: false, rdr: false, filter: false }, projects: [] };
  if (r.pfInfo.exitCode !== 0) {
    warnings.push(`pf state unknown (${(r.pfInfo.stderr.trim().split('\n')[0] || `pfctl exit ${r.pfInfo.exitCode}`)}): run as root with pf loaded to see it`);
    return state;
  }
  state.enabled = parsePfStatus(r.pfInfo.stdout) ?? null;
  state.hooks = parsePfHooks(r.pfNat.exitCode === 0 ? r.pfNat.stdout : '', r.pfRules.exitCode === 0 ? r.pfRules.stdout : '');
  // With no project's rules loaded and no hook calling it, the klee anchor does not exist: `pfctl -a klee -s Anchors`
  // prints "Anchor 'klee' not found." on stderr and nothing on stdout (exit 0: pfctl.c main ignores it): no projects.
  if (r.pfAnchors.exitCode === 0) state.projects = parsePfAnchors(r.pfAnchors.stdout);
  const [rules, nat] = project ?? [];
  if (rules?.exitCode === 0) {
    // Translation rules too, when they could be read: the planner keeps an orphan's rules exactly as listed.
    const listed = parsePfListing(nat?.exitCode === 0 ? nat.stdout : '', rules.stdout);
    const hash = rulesetHash(listed);
    if (hash) state.projectHash = hash;
    if (nat?.exitCode === 0) state.projectRules = listed;
  }
  return state;
}
