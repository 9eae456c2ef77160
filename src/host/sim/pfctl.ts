// pfctl(8): status, and the main ruleset's or an anchor's rules (-f -, -F all|rules|nat, -s rules|nat|Anchors).
import { type Ctx, type Out, fail, ok } from './ctx.js';
import { checkPfRules } from './pf-grammar.js';
import { listRule } from './pf-listing.js';

const USAGE = `usage: pfctl [-AdeghMmNnOPqRSrvz] [-a anchor] [-D macro=value] [-F modifier]
	[-f file] [-i interface] [-K host | network]
	[-k host | network | gateway | label | id] [-o level] [-p device]
	[-s modifier] [-t table -T command [address ...]] [-x level]`; // pfctl.c usage()

const NAT = /^(nat|rdr|binat|nat-anchor|rdr-anchor|binat-anchor) /;

/**
 * Parse rule text as `pfctl -f` would (sbin/pfctl/parse.y, pf-grammar.ts); returns the listing, or every error parse.y
 * reports, each `stdin:N: message`.
 */
export function loadRules(text: string): { rules: string[] } | { error: string } {
  const errors = checkPfRules(text);
  if (errors.length) return { error: errors.join('\n') };
  const rules = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean);
  return { rules: rules.flatMap(listRule) };
}

/** Run pfctl. */
export function pfctl(ctx: Ctx, args: string[], stdin?: string): Out {
  const pf = ctx.st.pf;
  let anchor: string | undefined;
  let show: string | undefined;
  let file: string | undefined;
  let flush: string | undefined;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    const v = args[k + 1];
    if (a === '-a' && v !== undefined) { anchor = v; k++; }
    else if (a === '-s' && v !== undefined) { show = v; k++; }
    else if (a === '-f' && v !== undefined) { file = v; k++; }
    else if (a === '-F' && v !== undefined) { flush = v; k++; }
    else if (a === '-q') continue;
    else if (a === '-e') { if (pf.enabled) return fail('pfctl: pf already enabled'); pf.enabled = true; return ok('', 'pf enabled\n'); }
    else if (a === '-d') { if (!pf.enabled) return fail('pfctl: pf not enabled'); pf.enabled = false; return ok('', 'pf disabled\n'); }
    else return fail(USAGE);
  }
  if (ctx.jail) return fail('pfctl: /dev/pf: No such file or directory');
  // Without -a, pfctl works on the main ruleset (pf.conf's), with -a on that anchor's.
  const rules = anchor ? pf.anchors[anchor] ?? [] : pf.main;
  const store = (rs: string[]): void => {
    if (!anchor) pf.main = rs;
    else if (rs.length) pf.anchors[anchor] = rs;
    else delete pf.anchors[anchor]; // an anchor left without rules is removed (pf_ruleset.c pf_remove_if_empty_ruleset)
  };
  if (file !== undefined) {
    if (file !== '-') return fail(`pfctl: cannot open the main config file!: No such file or directory`);
    const r = loadRules(stdin ?? '');
    if ('error' in r) return fail(`${r.error}\npfctl: Syntax error in config file: pf rules not loaded`); // pfctl.c pfctl_rules
    store(r.rules);
    return ok();
  }
  if (flush !== undefined) {
    if (flush !== 'all' && flush !== 'rules' && flush !== 'nat') return fail(USAGE);
    // -F rules flushes the filter rules, -F nat the nat/rdr/binat rules, -F all both.
    store(flush === 'all' ? [] : rules.filter((r) => NAT.test(r) === (flush === 'rules')));
    // pfctl.c main, -F all: pfctl_flush_eth_rules, pfctl_flush_rules, pfctl_flush_nat, pfctl_clear_tables, each
    // reporting on stderr ("Ethernet rules cleared", "rules cleared", "nat cleared", pfctl_table.c "%d tables deleted.").
    return ok('', flush === 'all' ? 'Ethernet rules cleared\nrules cleared\nnat cleared\n0 tables deleted.\n' : `${flush} cleared\n`);
  }
  switch (show) {
    case 'info':
      if (anchor) return fail(USAGE);
      // pfctl_parser.c print_status: printf("%-44s", "Status: Enabled for %u days %.2u:%.2u:%.2u" or "Status: Disabled"),
      // then printf("%15s\n\n", "Debug: Urgent").
      return ok(`${(pf.enabled ? 'Status: Enabled for 0 days 00:00:00' : 'Status: Disabled').padEnd(44)}${'Debug: Urgent'.padStart(15)}\n\nState Table                          Total             Rate\n  current entries                        0               \n  searches                               0            0.0/s\n  inserts                                0            0.0/s\n  removals                               0            0.0/s\n`);
    case 'nat': case 'rules': {
      const rs = rules.filter((r) => NAT.test(r) === (show === 'nat'));
      return ok(rs.map((r) => r + '\n').join(''));
    }
    case 'Anchors': {
      // pfctl.c pfctl_show_anchors: children of the anchor, two leading spaces, full path
      const base = anchor ? anchor + '/' : '';
      const names = new Set<string>();
      // The main ruleset's anchor rules create their anchors (`anchor "klee/*"` creates klee: pf_ruleset.c pf_anchor_setup).
      if (!anchor) for (const r of pf.main) { const m = /^(?:nat-|rdr-|binat-)?anchor "([^"/]+)/.exec(r); if (m) names.add(m[1]); }
      for (const k of Object.keys(pf.anchors)) {
        if (!k.startsWith(base)) continue;
        const child = k.slice(base.length).split('/')[0];
        names.add(base + child);
      }
      return ok([...names].sort().map((n) => `  ${n}\n`).join(''));
    }
    default:
      return fail(USAGE);
  }
}
