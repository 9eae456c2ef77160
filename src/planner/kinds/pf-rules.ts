// The project's pf anchor rules, rendered from networks and ports (Kleene's rules, kleened lib/core/network.ex, with
// ours for internal, icc: false and IPv6 ports: docs/decisions.md "Issue 15"), each marked with its owner.
import { epairGroup, pfMark } from '../../host/labels.js';
import { hostText } from '../../host/quote.js';
import type { PortSpec } from '../../spec/types.js';
import type { DesiredContainer, DesiredNetwork } from '../desired.js';
import { isInterfaceName } from '../../spec/ifname.js';
import { shortHash } from '../hash.js';

/** One rule and what it is for: a network's or a container's (its published ports). */
export interface PfRule {
  owner: string;
  /** nat or rdr: parse.y wants every translation rule before the first filter rule (pf.conf(5) "STATEMENT ORDER"). */
  translation: boolean;
  text: string;
  /** A kept rule: the hash in the mark it was loaded with (a rendered rule's is its owner's rules' hash). */
  hash?: string;
}

/** What the rules are rendered from besides networks and containers. */
export interface PfInputs {
  /** The project: a bridge network's epair a sides are in its interface group (labels.ts epairGroup). */
  project: string;
  /** Per network, the ipnet addresses on it of jails the plan keeps that the file does not have (orphans): icc: false lets each talk to itself. */
  orphanAddresses: ReadonlyMap<string, string[]>;
  defaultRouteIf?: string;
  /** Rules kept exactly as they are loaded, with their marks: an orphan's (pfctl's listing). */
  carried: readonly PfRule[];
}

/** The rendered anchor: full text (with marks), the hash of each owner's rules (what the marks say), and notes. */
export interface PfRuleset {
  text: string;
  /** Owner → the hash in its rules' marks. */
  owners: ReadonlyMap<string, string>;
  ruleCount: number;
  /** `nat` rules rendered from the file (NAT needs IPv4 forwarding). */
  natRules: number;
  /** The file's networks whose rules restrict traffic (a block rule): their containers start only once the rules are loaded. */
  restricts: ReadonlySet<string>;
  warnings: string[];
  /** Words from the host that cannot be written into a rule (the default-route interface's name). */
  problems: string[];
}

/**
 * An interface name as pf.conf(5) reads it as a name: double-quoted. parse.y's yylex returns a quoted word as a
 * STRING, where a bare one is looked up in its keyword table first (lookup()), so an interface named `quick`, `on` or
 * `all` is `"quick"`, never the keyword. Only a plain interface name (isInterfaceName) is quoted: inside quotes yylex
 * still ends the word at `"` and reads `\` escapes, and dynaddr `(if)` cuts a `:` off as a modifier (`:network`, `:0`).
 * The file's names passed that grammar in the loader and the host's are checked before (renderPf's hostWord); anything
 * else reaching here is a planner bug.
 */
export function pfInterface(name: string): string {
  if (!isInterfaceName(name)) throw new Error(`pf: interface name ${JSON.stringify(name)} reached the rules unchecked`);
  return `"${name}"`;
}

/**
 * A rule as pfctl listed it, loadable again: print_rule prints interface names bare (` on %s`, ` on ! %s`, print_addr's
 * `(%s` with its `:network`... modifiers), so a name that is a pf keyword (`quick`, `port`) would be read as the
 * keyword; each plain interface name is quoted again (pfInterface). A word that is not a plain name is left as listed.
 */
export function loadableRule(listed: string): string {
  const quote = (name: string) => (isInterfaceName(name) ? pfInterface(name) : name);
  // Only before the labels (print_rule prints them after the interface, addresses and route pool; a translation
  // rule, whose pool comes last, has none): a label's text is the user's.
  const at = listed.indexOf(' label "');
  const head = at < 0 ? listed : listed.slice(0, at);
  return head
    .replace(/ on (! )?([^\s"{}()]+)/g, (_m, not: string | undefined, name: string) => ` on ${not ?? ''}${quote(name)}`)
    .replace(/((?:(?:^| )(?:from|to|->|!|\{)|,) )\(([^\s"():]+)((?::[a-z0-9]+)*)\)/g, (m, before: string, name: string, mods: string) => (isInterfaceName(name) ? `${before}("${name}${mods}")` : m))
    + (at < 0 ? '' : listed.slice(at));
}

/** `{ "a" "b" }`: a list of interfaces, each quoted (pfInterface). */
const onList = (ifs: readonly string[]) => `{ ${ifs.map(pfInterface).join(' ')} }`;

/** The owner part of a rule's mark: `n-` or `c-` and 8 hex digits of the name (a mark has at most 63 characters). */
export function pfOwner(kind: 'network' | 'container', name: string): string {
  return `${kind === 'network' ? 'n' : 'c'}-${shortHash(`${kind}:${name}`).slice(0, 8)}`;
}

/** Render the anchor `klee/<project>`; text is '' when the project needs no rules. */
export function renderPf(networks: readonly DesiredNetwork[], containers: readonly DesiredContainer[], inputs: PfInputs): PfRuleset {
  const warnings: string[] = [];
  const problems: string[] = [];
  const restricts = new Set<string>();
  // The host's default-route interface, as route(8) printed it: any name FreeBSD allows, checked before it is written.
  const defaultRouteIf = inputs.defaultRouteIf;
  const hostIf = defaultRouteIf !== undefined && isInterfaceName(defaultRouteIf) ? defaultRouteIf : undefined;
  const hostWord = (who: string): string | undefined => {
    if (defaultRouteIf !== undefined && hostIf === undefined) {
      problems.push(`${who}: the host's default-route interface ${hostText(defaultRouteIf)} is not a plain interface name (a letter, then letters, digits, '_' or '.', at most 15 bytes), so klee cannot write it into a pf rule; name the interface in the file`);
    }
    return hostIf;
  };
  const ports = containers.flatMap((c) => portRules(c, defaultRouteIf, hostWord, warnings));
  const nets = networks.flatMap((n) => {
    const rules = networkRules(n, containers, inputs, hostWord, warnings);
    if (rules.some((r) => r.text.startsWith('block '))) restricts.add(n.spec.name);
    return rules;
  });
  // Statement order: nat, then rdr, then the filter rules: the networks' (their blocks before any published port's
  // pass, so icc: false holds for a member's published port too), the ports', then the orphans' as they were.
  const section = (r: PfRule) => (!r.translation ? 2 : r.text.startsWith('nat ') ? 0 : 1);
  const mine = [...nets, ...ports];
  const owners = new Map<string, string>();
  for (const owner of new Set(mine.map((r) => r.owner))) owners.set(owner, shortHash(mine.filter((r) => r.owner === owner).map((r) => r.text).join('\n')));
  for (const r of inputs.carried) owners.set(r.owner, r.hash!);
  const body = [0, 1, 2].flatMap((k) => [...mine, ...inputs.carried].filter((r) => section(r) === k));
  const natRules = nets.filter((r) => r.text.startsWith('nat ')).length;
  const text = body.map((r) => withMark(r.text, r.translation, pfMark(r.hash ?? owners.get(r.owner)!, r.owner))).join('\n');
  return { text: body.length ? `${text}\n` : '', owners, ruleCount: body.length, natRules, restricts, warnings, problems };
}

/** A rule with klee's mark: a filter rule's label, a translation rule's tag (before the redirection, where parse.y has it). */
export function withMark(text: string, translation: boolean, mark: string): string {
  if (!translation) return `${text} label "${mark}"`;
  const arrow = text.indexOf(' -> ');
  return arrow < 0 ? `${text} tag "${mark}"` : `${text.slice(0, arrow)} tag "${mark}"${text.slice(arrow)}`;
}

/**
 * A network's rules, per address family (pf.conf(5): a packet comes in on or goes out through one interface; pf sees a
 * forwarded packet twice, in on the interface it arrived on and out on the one it leaves by; it filters what the host
 * itself sends only on the way out; translation happens before filtering, so filter rules see translated addresses):
 * - NAT on the NAT interface for a network that is not internal (Kleene's).
 * - icc: true: traffic between the network's members passes where it flows: the network's interface, lo0 (an ipnet
 *   address on a bridge is local: the host routes traffic to it through lo0), the epairs (bridged between vnet jails).
 * - icc: false: those same places block it; before that block, each ipnet address may talk to itself (a jail's own
 *   127.0.0.1 is its first address: sys/kern/kern_jail.c prison_local_ip4), and the host's own gateway address and
 *   the members may reach each other (the host stays reachable, replies pass by state).
 * - internal: true: nothing from the subnet to an address outside it. ipnet jails' traffic is the host's own, filtered
 *   only on the way out, by whatever interface the route picks (the default route's for the Internet): `block out` on
 *   every interface. vnet jails' traffic is forwarded: it enters the host's stack on the bridge, where `block in on`
 *   the bridge stops it before any translation.
 * - IPv6 with icc: false or internal: link-local multicast (ff02::/16, neighbour discovery) passes first, or a member
 *   could not even find its gateway.
 * - Kleene's `block in log ... to <subnet>` (not on custom networks: their subnet is the user's LAN).
 */
function networkRules(n: DesiredNetwork, containers: readonly DesiredContainer[], inputs: PfInputs, hostWord: (who: string) => string | undefined, warnings: string[]): PfRule[] {
  const s = n.spec;
  const owner = pfOwner('network', s.name);
  const out: PfRule[] = [];
  const add = (text: string, translation = false) => out.push({ owner, translation, text });
  const natIf = s.nat === false || !s.subnet || s.internal ? undefined : s.nat === true ? hostWord(`network "${s.name}"`) : s.nat;
  if (s.nat === true && !inputs.defaultRouteIf && s.subnet && !s.internal) {
    warnings.push(`network "${s.name}": nat is on but the host has no default route, so no NAT rule is loaded`);
  }
  if (natIf) add(`nat on ${pfInterface(natIf)} inet from ${s.subnet} to any -> (${pfInterface(natIf)})`, true);
  for (const [subnet, inet, gateway] of [[s.subnet, 'inet', n.gateway4], [s.subnet6, 'inet6', n.gateway6]] as const) {
    if (!subnet) continue;
    // A bridge's vnet containers are behind its members, the epair a sides: pf filters on them (if_bridge(4)
    // net.link.bridge.pfil_member), so the rules name their interface group, never a kernel-chosen name.
    const members = onList([n.interface, 'lo0', ...(s.type === 'bridge' ? [epairGroup(inputs.project, s.name)] : [])]);
    if (inet === 'inet6' && (s.internal || !s.icc)) add(`pass quick inet6 from ${subnet} to ff02::/16`);
    if (s.icc) add(`pass quick on ${members} ${inet} from ${subnet} to ${subnet}`);
    else {
      for (const a of ipnetAddresses(n, inet, containers, inputs)) add(`pass quick on ${onList([n.interface, 'lo0'])} ${inet} from ${a} to ${a}`);
      const gw = gateway?.split('/')[0];
      if (gw) {
        add(`pass quick on ${members} ${inet} from ${gw} to ${subnet}`);
        add(`pass quick on ${members} ${inet} from ${subnet} to ${gw}`);
      }
      add(`block quick log on ${members} ${inet} from ${subnet} to ${subnet}`);
    }
    if (s.internal) {
      add(`block out quick log ${inet} from ${subnet} to ! ${subnet}`);
      if (s.type === 'bridge') add(`block in quick log on ${pfInterface(n.interface)} ${inet} from ${subnet} to ! ${subnet}`);
    }
    // Not on a custom network: its subnet is the user's LAN, and blocking it would cut the host off (ours).
    if (s.type !== 'custom') add(`block in log ${inet} from any to ${subnet}`);
  }
  return out;
}

/** The ipnet addresses of one family on a network: the file's containers' and the orphans' the plan keeps, sorted, each once. */
function ipnetAddresses(n: DesiredNetwork, inet: 'inet' | 'inet6', containers: readonly DesiredContainer[], inputs: PfInputs): string[] {
  const mine = containers.filter((c) => c.spec.driver === 'ipnet').flatMap((c) => c.attachments.filter((a) => a.network === n.spec.name).map((a) => (inet === 'inet' ? a.ip : a.ip6)));
  const orphans = (inputs.orphanAddresses.get(n.spec.name) ?? []).filter((a) => a.includes(':') === (inet === 'inet6'));
  return [...new Set([...mine, ...orphans].filter((a): a is string => a !== undefined))].sort();
}

/**
 * A container's published ports: per port an `rdr` from the interface (given, else the default route's) to the
 * container's first address of each family it has, IPv4 and IPv6, and a `pass` to it.
 */
function portRules(c: DesiredContainer, defaultRouteIf: string | undefined, hostWord: (who: string) => string | undefined, warnings: string[]): PfRule[] {
  const owner = pfOwner('container', c.spec.name);
  const out: PfRule[] = [];
  const ip4 = c.attachments.find((a) => a.ip)?.ip;
  const ip6 = c.attachments.find((a) => a.ip6)?.ip6;
  for (const p of c.spec.ports) {
    const onIf = p.interface ?? hostWord(`container "${c.spec.name}": port ${portText(p)}`);
    if (!onIf) { if (defaultRouteIf === undefined) warnings.push(`container "${c.spec.name}": port ${portText(p)} not published: no interface given and the host has no default route`); continue; }
    if (!ip4 && !ip6) { warnings.push(`container "${c.spec.name}": port ${portText(p)} not published: the container has no address`); continue; }
    const host = range(p.hostStart, p.hostEnd);
    const inner = p.containerStart === p.containerEnd ? String(p.containerStart) : `${p.containerStart}:*`;
    for (const [inet, ip] of [['inet', ip4], ['inet6', ip6]] as const) {
      if (!ip) continue;
      out.push({ owner, translation: true, text: `rdr on ${pfInterface(onIf)} ${inet} proto ${p.protocol} from any to (${pfInterface(onIf)}) port ${host} -> ${ip} port ${inner}` });
      out.push({ owner, translation: false, text: `pass quick ${inet} proto ${p.protocol} from any to ${ip} port ${range(p.containerStart, p.containerEnd)}` });
    }
  }
  return out;
}

function range(a: number, b: number): string {
  return a === b ? String(a) : `${a}:${b}`;
}

function portText(p: PortSpec): string {
  return `${p.interface ? `${p.interface}:` : ''}${range(p.hostStart, p.hostEnd)}:${range(p.containerStart, p.containerEnd)}/${p.protocol}`;
}
