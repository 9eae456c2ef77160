// pfctl -f in the simulator checks rules as sbin/pfctl/parse.y does: its productions, the statement order
// (check_rulestate), the checks of the productions' actions; valid pf it does not model is refused as such.
import { describe, expect, it } from 'vitest';
import { checkPfRules } from '../../src/host/sim/pf-grammar.js';
import { loadRules } from '../../src/host/sim/pfctl.js';
import { normaliseRule } from '../../src/host/sim/pf-listing.js';
import { freshHost } from './helpers.js';

const ORDER = 'Rules must be in order: options, ethernet, normalization, queueing, translation, filtering';
const SKIP = 'stdin:1: skipping rule due to errors';
const NONE = 'stdin:1: rule expands to no valid combination';

describe('pf rules klee loads, and the forms around them', () => {
  it.each([
    'nat on em0 inet from 10.10.0.0/24 to any -> (em0)',
    'rdr on em0 inet proto tcp from any to (em0) port 80 -> 10.10.0.10 port 80',
    'rdr on em1 inet proto udp from any to (em1) port 5000:5009 -> 10.2.3.5 port 6000:*',
    'pass quick inet proto tcp from any to 10.10.0.10 port 80 label "klee:0123456789abcdef"',
    'pass quick on { kleene0 lo0 epair0a } inet from 10.4.6.0/24 to 10.4.6.0/24 label "klee:0123456789abcdef"',
    'pass quick on { kleene0 lo0 } inet6 from fd00:8::/64 to fd00:8::/64 label "klee:0123456789abcdef"',
    'block out quick log on { kleene1 em0 } inet from 10.10.1.0/24 to ! 10.10.1.0/24 label "klee:0123456789abcdef"',
    'block in log inet from any to 10.10.0.0/24 label "klee:0123456789abcdef"',
    'nat-anchor "klee/*"', 'rdr-anchor "klee/*"', 'anchor "klee/*"',
    'pass in quick on em0 proto tcp from any to any port { 22, 443 } flags S/SA keep state',
    'block return out log quick all',
    'no nat on em0 from 10.0.0.1 to any',
    'nat on em0 from any port 80 to any -> (em0)', // nat_consistent finds nothing: a port without a protocol is fine
    'nat log on em0 inet from 10.10.0.0/24 to any -> (em0)', 'nat pass log on em0 inet from 10.10.0.0/24 to any -> (em0)', // natpasslog
    'rdr on em0 inet proto tcp from any to (em0) port 8000:8010 -> 10.0.0.1 port 80:*', // rdr destination `:` (RRG)
    'pass proto 255 from any to any', 'pass proto tcp from ! (em0) to any', 'pass on { em0 em1 } proto { tcp udp } from any to any port 80',
    'pass quick inet proto tcp from any to 10.10.0.10 port = 80 flags S/SA keep state label "x"', // pfctl's own listing form
    'nat on "quick" inet from 10.10.0.0/24 to any -> ("quick")', // a quoted keyword is a STRING (yylex)
    'pass quick on { "pass" "lo0" } inet from 10.4.6.0/24 to 10.4.6.0/24',
    'nat on em0 inet from 10.10.0.0/24 to any -> (em0:network)', 'nat on em0 inet from 10.10.0.0/24 to any -> (em0:0:peer)', // dynaddr modifiers
  ])('accepts %s', (rule) => {
    expect(checkPfRules(`${rule}\n`)).toEqual([]);
  });

  it('a whole anchor in pf.conf(5) order, with comments and a continued line', () => {
    expect(checkPfRules('# klee\nnat on em0 inet from 10.1.0.0/24 to any -> (em0)\n\nrdr on em0 inet proto tcp \\\n  from any to (em0) port 8080 -> 10.1.0.5 port 80\npass quick inet proto tcp from any to 10.1.0.5 port 80\n')).toEqual([]);
  });
});

describe('what pfctl refuses', () => {
  it.each([
    ['filter before translation', 'pass quick inet from 10.1.0.0/24 to 10.1.0.0/24\nnat on em0 inet from 10.1.0.0/24 to any -> (em0)\n', [`stdin:2: ${ORDER}`]],
    ['each out-of-order line, the state staying at filtering', 'block in all\nnat on em0 from any to any -> (em0)\nrdr on em0 proto tcp from any to any port 80 -> 10.0.0.1\npass all\n', [`stdin:2: ${ORDER}`, `stdin:3: ${ORDER}`]],
    ['an anchor hook before a translation hook', 'anchor "klee/*"\nrdr-anchor "klee/*"\n', [`stdin:2: ${ORDER}`]],
    ['a label on a translation rule (natrule has none)', 'nat on em0 inet from 10.1.0.0/24 to any -> (em0) label "x"\n', ['stdin:1: syntax error']],
    ['nat without a redirection', 'nat on em0 inet from 10.1.0.0/24 to any\n', ["stdin:1: translation rule requires '-> address'"]],
    ["'no nat' with one", 'no nat on em0 from any to any -> (em0)\n', ["stdin:1: translation rule with 'no' does not need '->'"]],
    // expand_rule: each combination's problems, then "skipping rule due to errors"; none added, "no valid combination"
    ['a port without tcp/udp', 'pass quick inet from any to 10.1.0.5 port 80\n', ['stdin:1: port only applies to tcp/udp', SKIP, NONE]],
    ['a port on an rdr without a protocol (rdr_consistent: dst and rpool port)', 'rdr on em0 inet from any to (em0) port 80 -> 10.1.0.5 port 80\n', ['stdin:1: dst port only applies to tcp/udp', 'stdin:1: rpool port only applies to tcp/udp', SKIP, NONE]],
    ['a source port on an rdr for icmp', 'rdr on em0 inet proto icmp from any port 80 to (em0) -> 10.1.0.5\n', ['stdin:1: src port only applies to tcp/udp', SKIP, NONE]],
    ['an rdr destination port operator other than = and :', 'rdr on em0 inet proto tcp from any to (em0) port > 1023 -> 10.1.0.5\n', ['stdin:1: invalid port operator for rdr destination port', SKIP, NONE]],
    ['one combination of two failing: its messages, the other loads', 'pass on { em0 em1 } proto { tcp icmp } from any to any port 80\n', ['stdin:1: port only applies to tcp/udp', SKIP, 'stdin:1: port only applies to tcp/udp', SKIP]],
    ['keep state on a block rule (filter_consistent)', 'block in proto tcp from any to any keep state\n', ['stdin:1: keep state is great, but only for pass rules', SKIP, NONE]],
    ['return-rst without tcp', 'block return-rst in proto udp from any to any\n', ['stdin:1: return-rst can only be applied to TCP rules', SKIP, NONE]],
    ['a redirect to a negated host (redirspec takes host, not xhost)', 'rdr on em0 inet proto tcp from any to (em0) port 80 -> ! 10.1.0.5\n', ['stdin:1: syntax error']],
    ['a redirect to no-route', 'nat on em0 inet from 10.1.0.0/24 to any -> no-route\n', ['stdin:1: syntax error']],
    ['a redirect of the other family only', 'nat on em0 inet6 from any to any -> 10.1.0.5\n', ['stdin:1: no translation address with matching address family found.']],
    ['a dynaddr not starting with a letter', 'nat on em0 inet from 10.1.0.0/24 to any -> ("0em")\n', ["stdin:1: invalid interface name '0em'"]],
    ['a protocol number out of range', 'pass proto 300 from any to any\n', ['stdin:1: protocol outside range']],
    ['pass with no', 'no nat pass on em0 from any to any\n', ['stdin:1: "pass" not valid with "no"']],
    ["':' with another port operator", 'pass proto tcp from any to any port > 80:90\n', ["stdin:1: ':' cannot be used with an other port operator"]],
    ['urpf-failed as a destination', 'block in from any to urpf-failed\n', ['stdin:1: "urpf-failed" is not permitted in a destination address']],
    ['a tag of 64 bytes', `nat on em0 from any to any tag ${'t'.repeat(64)} -> (em0)\n`, ['stdin:1: tag too long, max 63 chars']],
    ['flags on udp', 'pass proto udp from any to any flags S/SA\n', ['stdin:1: flags only apply to tcp']],
    ['bad flags', 'pass proto tcp from any to any flags X/SA\n', ['stdin:1: bad flags X']],
    ['an address that is not one', 'pass from 10.1.0.300 to any\n', ['stdin:1: could not parse host specification']],
    ['a mask too long', 'pass from 10.1.0.0/33 to any\n', ['stdin:1: could not parse host specification']],
    ['an IPv6 host in an inet rule', 'pass inet from fd00::/64 to any\n', ['stdin:1: rule expands to no valid combination']],
    ['an unknown protocol', 'pass proto tcpp from any to any\n', ['stdin:1: unknown protocol tcpp']],
    ['a port out of range', 'pass proto tcp from any to any port 70000\n', ['stdin:1: illegal port value 70000']],
    ['an unnamed anchor', 'anchor\n', ['stdin:1: anchors without explicit rules must specify a name']],
    ['a reserved anchor name', 'anchor "_x"\n', ["stdin:1: anchor names beginning with '_' are reserved for internal use"]],
    ['a quote left open', 'pass all label "x\n', ['stdin:2: reached end of file while parsing quoted string']],
    ['garbage, and the rule after it still read', 'hello world\npass from 10.1.0.0/33 to any\n', ['stdin:1: syntax error', 'stdin:2: could not parse host specification']],
    ['a keyword as an interface, bare', 'nat on quick inet from 10.1.0.0/24 to any -> (quick)\n', ['stdin:1: syntax error']],
    ['a dynaddr modifier pf does not know', 'nat on em0 inet from 10.1.0.0/24 to any -> (vnet0:11)\n', ['stdin:1: interface vnet0:11 has bad modifier']],
    ['a bad modifier behind a good one (parse.y cuts from the end)', 'nat on em0 inet from 10.1.0.0/24 to any -> (a:b:network)\n', ['stdin:1: interface a:b has bad modifier']],
    ['two address modifiers', 'nat on em0 inet from 10.1.0.0/24 to any -> (em0:network:peer)\n', ['stdin:1: illegal combination of interface modifiers']],
    ['an interface name of 16 bytes', `pass quick on ${'e'.repeat(16)} all\n`, ['stdin:1: interface name too long']],
    ['a label of 64 bytes', `pass all label "${'x'.repeat(64)}"\n`, ['stdin:1: rule label too long (max 63 chars)']],
  ])('%s', (_what, text, errors) => {
    expect(checkPfRules(text)).toEqual(errors);
  });

  it('valid pf outside the modelled subset is refused as the simulator\'s limit, not called a syntax error', () => {
    expect(checkPfRules('set skip on lo0\n')).toEqual(['stdin:1: the simulator does not model pf\'s "set" here (docs/simulator.md)']);
    expect(checkPfRules('pass in proto tcp from any to any user root\n')).toEqual(['stdin:1: the simulator does not model pf\'s "user" here (docs/simulator.md)']);
  });
});

describe('pfctl -f - on the simulated host', () => {
  it('refuses an anchor whose rules are out of order, as pfctl prints it, and loads nothing', async () => {
    const { sh, host } = await freshHost();
    const r = await host.run(['pfctl', '-a', 'klee/x', '-f', '-'], { stdin: 'pass quick all\nnat on em0 from 10.1.0.0/24 to any -> (em0)\n' });
    expect([r.exitCode, r.stderr]).toEqual([1, `stdin:2: ${ORDER}\npfctl: Syntax error in config file: pf rules not loaded\n`]);
    expect((await sh('pfctl', '-a', 'klee/x', '-s', 'rules')).stdout).toBe('');
    const ok = await host.run(['pfctl', '-a', 'klee/x', '-f', '-'], { stdin: 'nat on em0 from 10.1.0.0/24 to any -> (em0)\npass quick all\n' });
    expect(ok.exitCode).toBe(0);
    expect((await sh('pfctl', '-a', 'klee/x', '-s', 'nat')).stdout).toBe('nat on em0 inet from 10.1.0.0/24 to any -> (em0) round-robin\n'); // expand_rule: the hosts' family
  });
});

describe('the listing form (pfctl_parser.c print_rule)', () => {
  it('block gets its return policy, log comes before quick, the label last', () => {
    expect(normaliseRule('block out quick log inet from 10.7.0.0/24 to ! 10.7.0.0/24 label "klee:ab"')).toBe('block drop out log quick inet from 10.7.0.0/24 to ! 10.7.0.0/24 label "klee:ab"');
    expect(normaliseRule('block quick log on { kleene0 lo0 } inet from 10.7.0.0/24 to 10.7.0.0/24')).toBe('block drop log quick on { kleene0 lo0 } inet from 10.7.0.0/24 to 10.7.0.0/24');
    expect(normaliseRule('block return in log inet from any to 10.7.0.0/24')).toBe('block return in log inet from any to 10.7.0.0/24');
    expect(normaliseRule('pass quick log inet from 10.7.0.1 to 10.7.0.0/24')).toBe('pass log quick inet from 10.7.0.1 to 10.7.0.0/24 flags S/SA keep state');
  });
});

describe('the listing of quoted interface names', () => {
  it('pfctl lists interface names bare (print_rule), an interface named like a keyword too', () => {
    const r = loadRules('nat on "port" inet from 10.1.0.0/24 to any -> ("port")\npass quick on { "all" "lo0" } inet from 10.1.0.0/24 to 10.1.0.0/24 label "klee:x"\n');
    expect(r).toEqual({ rules: [
      'nat on port inet from 10.1.0.0/24 to any -> (port) round-robin',
      // one rule per interface of the list (parse.y expand_rule)
      'pass quick on all inet from 10.1.0.0/24 to 10.1.0.0/24 flags S/SA keep state label "klee:x"',
      'pass quick on lo0 inet from 10.1.0.0/24 to 10.1.0.0/24 flags S/SA keep state label "klee:x"',
    ] });
  });
});
