// Parse pfctl listings (sbin/pfctl: pfctl.c pfctl_show_info/pfctl_show_anchors, pfctl_parser.c print_rule).

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

/** The hash klee put in its rules' `label "klee:<hash>"`; undefined when no rule carries one. */
export function parsePfProjectHash(stdout: string): string | undefined {
  return /label\s+"klee:([0-9a-f]+)"/.exec(stdout)?.[1];
}
