// pfctl(8): status, and the main ruleset's or an anchor's rules (-f -, -F all|rules|nat, -s rules|nat|Anchors).
import { type Ctx, type Out, fail, ok } from './ctx.js';
import { checkPfRules } from './pf-grammar.js';
import { listRule } from './pf-listing.js';

const USAGE = `usage: pfctl [-AdeghMmNnOPqRSrvz] [-a anchor] [-D macro=value] [-F modifier]
	[-f file] [-i interface] [-K host | network]
	[-k host | network | gateway | label | id] [-o level] [-p device]
	[-s modifier] [-t table -T command [address ...]] [-x level]`; // pfctl.c usage()

/** The kernel's ruleset of a listed rule (pf_get_ruleset_number): nat, `no nat` and nat-anchor rules are PF_RULESET_NAT, and so on. */
const RULESETS = ['nat', 'rdr', 'binat'] as const;
function rulesetOf(rule: string): (typeof RULESETS)[number] | 'filter' {
  const m = /^(?:no )?(nat|rdr|binat)(?:-anchor)? /.exec(rule);
  return m ? (m[1] as (typeof RULESETS)[number]) : 'filter';
}

/** The anchors a rule calls (`anchor "klee/*"`: pf_kanchor_setup finds or creates the ruleset, `/*` cut off), relative to `base` unless absolute. */
function calledAnchors(rules: readonly string[], base: string): string[] {
  return rules.flatMap((r) => {
    const m = /^(?:nat-|rdr-|binat-)?anchor "([^"]+)"/.exec(r);
    if (!m) return [];
    const name = m[1].replace(/\/?\*$/, '');
    return [name.startsWith('/') ? name.slice(1) : base ? `${base}/${name}` : name];
  });
}

/**
 * The anchors the kernel holds: pf_find_or_create_kruleset makes an anchor and its parents when rules are loaded into
 * it or a rule calls it; pf_remove_if_empty_kruleset removes one without rules, children or callers (refcnt), and then
 * its parent if that is left empty too.
 */
function anchorsOf(pf: Ctx['st']['pf']): Set<string> {
  const out = new Set<string>();
  const named = [...Object.keys(pf.anchors), ...calledAnchors(pf.main, ''), ...Object.entries(pf.anchors).flatMap(([a, rs]) => calledAnchors(rs, a))];
  for (const a of named) for (let p = a; p; p = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '') out.add(p);
  return out;
}

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
    store(flush === 'all' ? [] : rules.filter((r) => (rulesetOf(r) === 'filter') === (flush === 'nat')));
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
      // The kernel finds no ruleset for an anchor that does not exist (pf_ioctl.c: EINVAL): pfctl.c pfctl_show_rules
      // prints pf_strerror's "Anchor does not exist", pfctl_show_nat warnc(ret, "DIOCGETRULES"); main() ignores what
      // either returns, so pfctl exits 0.
      if (anchor && !anchorsOf(pf).has(anchor)) return ok('', show === 'rules' ? 'pfctl: Anchor does not exist\n' : 'pfctl: DIOCGETRULES: Invalid argument\n');
      // pfctl_show_nat lists the PF_NAT, PF_RDR, PF_BINAT rulesets in turn (nattype[]); each keeps its rules' order.
      const rs = show === 'rules' ? rules.filter((r) => rulesetOf(r) === 'filter') : RULESETS.flatMap((t) => rules.filter((r) => rulesetOf(r) === t));
      return ok(rs.map((r) => r + '\n').join(''));
    }
    case 'Anchors': {
      // pfctl.c pfctl_walk_anchors: DIOCGETRULESETS on an anchor that does not exist is EINVAL: "Anchor '%s' not
      // found." on stderr, and main() ignores the return: exit 0. Else the anchor's children, `  <path>/<name>` each.
      const all = anchorsOf(pf);
      if (anchor && !all.has(anchor)) return ok('', `Anchor '${anchor}' not found.\n`);
      const base = anchor ? anchor + '/' : '';
      const children = [...all].filter((a) => a.startsWith(base) && !a.slice(base.length).includes('/'));
      return ok(children.sort().map((n) => `  ${n}\n`).join(''));
    }
    default:
      return fail(USAGE);
  }
}
