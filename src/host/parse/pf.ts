// Parse pfctl listings (sbin/pfctl: pfctl.c pfctl_show_info/pfctl_show_anchors, pfctl_parser.c print_rule).
import { parseSubnet } from '../../spec/addr.js';
import { parsePfMark } from '../labels.js';

/** `pfctl -s info` -> true/false from its `Status: Enabled|Disabled ...` line; undefined when absent. */
export function parsePfStatus(stdout: string): boolean | undefined {
  const m = /^Status:\s+(Enabled|Disabled)\b/m.exec(stdout);
  return m ? m[1] === 'Enabled' : undefined;
}

/**
 * klee's anchor hooks in the main ruleset listings. print_rule prints an anchor call as
 * `<anchortype> "<path>"` (anchortypes: anchor, nat-anchor, binat-anchor, rdr-anchor), optionally
 * prefixed by `@N ` in verbose mode, then the rest of the rule (`all`, `in on em0 ...`).
 */
export function parsePfHooks(...listings: string[]): { nat: boolean; rdr: boolean; filter: boolean } {
  const hooks = { nat: false, rdr: false, filter: false };
  for (const text of listings) {
    for (const line of text.split(/\r?\n/)) {
      const m = /^\s*(?:@\d+\s+)?(nat-anchor|rdr-anchor|anchor)\s+"klee\/\*"(\s|$)/.exec(line);
      if (!m) continue;
      if (m[1] === 'nat-anchor') hooks.nat = true;
      else if (m[1] === 'rdr-anchor') hooks.rdr = true;
      else hooks.filter = true;
    }
  }
  return hooks;
}

/** `pfctl -a klee -s Anchors` prints `  klee/<project>` per sub-anchor (printf("  %s\n", sub)); returns sorted project names. */
export function parsePfAnchors(stdout: string): string[] {
  const out = new Set<string>();
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^\s*klee\/([^/\s]+)\s*$/.exec(line);
    if (m) out.add(m[1]);
  }
  return [...out].sort();
}

/** One rule of a project's anchor as pfctl lists it, and the mark klee gave it (its label, or a translation rule's tag). */
export interface ListedRule {
  /** The rule as listed, without klee's mark. */
  text: string;
  /** A nat/rdr rule (`pfctl -s nat`), else a filter rule (`-s rules`). */
  translation: boolean;
  hash?: string;
  owner?: string;
}

/** klee's mark in a listed rule: ` label "klee:..."` or ` tag klee:...` (print_rule prints labels quoted, tags bare: ` tag %s`). */
const MARK = / (label "(klee:[^"]*)"|tag (klee:\S*))/;

/** A project anchor's listings (`pfctl -a klee/<p> -s nat`, then `-s rules`): one entry per rule, in listing order. */
export function parsePfListing(nat: string, rules: string): ListedRule[] {
  const out: ListedRule[] = [];
  for (const [stdout, translation] of [[nat, true], [rules, false]] as const) {
    for (const raw of stdout.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '') continue;
      const m = MARK.exec(line);
      const mark = m ? parsePfMark(m[2] ?? m[3]) : undefined;
      out.push({ text: mark ? `${line.slice(0, m!.index)}${line.slice(m!.index + m![0].length)}` : line, translation, ...mark });
    }
  }
  return out;
}

/** The ruleset hash in klee's marks (`label "klee:<hash>[:<owner>]"`, or a translation rule's tag) of a listing; undefined when no rule carries one. */
export function rulesetHash(listed: readonly ListedRule[]): string | undefined {
  return listed.find((r) => r.hash !== undefined)?.hash;
}

/**
 * The subnets of a project's loopback and bridge networks from its anchor's listing: klee's `block in log <af> from
 * any to <subnet>` rule of each (never written for a custom network, whose subnet is the user's LAN), as print_rule
 * lists it (`block drop in log inet from any to 10.50.0.0/16 label "klee:<hash>:<owner>"`; the policy word is
 * optional).
 * Only rules carrying klee's label count; sorted, each once.
 */
export function parsePfSubnets(stdout: string): string[] {
  const out = new Set<string>();
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^\s*(?:@\d+\s+)?block\s+(?:drop\s+|return\s+)?in\s+log\s+inet6?\s+from\s+any\s+to\s+([0-9A-Fa-f.:]+\/\d+)\s.*\blabel\s+"klee:[0-9a-f]+(?::[^"]*)?"/.exec(line);
    if (m && parseSubnet(m[1], m[1].includes(':') ? 6 : 4)) out.add(m[1]);
  }
  return [...out].sort();
}
