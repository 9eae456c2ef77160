// pfctl's listing of loaded rules: parse.y expand_rule's one rule per combination, pfctl_parser.c print_port's forms.
import { describe, expect, it } from 'vitest';
import { listRule } from '../../src/host/sim/pf-listing.js';
import { freshHost } from './helpers.js';

describe('pf listing (expand_rule, print_rule)', () => {
  it('one rule per interface of an `on { }` list, in list order, each with the label', () => {
    expect(listRule('pass quick on { kleene1 lo0 kl0123456789abe } inet from 10.4.6.0/24 to 10.4.6.0/24 label "klee:ab"')).toEqual([
      'pass quick on kleene1 inet from 10.4.6.0/24 to 10.4.6.0/24 flags S/SA keep state label "klee:ab"',
      'pass quick on lo0 inet from 10.4.6.0/24 to 10.4.6.0/24 flags S/SA keep state label "klee:ab"',
      'pass quick on kl0123456789abe inet from 10.4.6.0/24 to 10.4.6.0/24 flags S/SA keep state label "klee:ab"',
    ]);
    expect(listRule('block out quick log on { kleene1, em0 } inet from 10.4.6.0/24 to ! 10.4.6.0/24')).toEqual([
      'block drop out log quick on kleene1 inet from 10.4.6.0/24 to ! 10.4.6.0/24',
      'block drop out log quick on em0 inet from 10.4.6.0/24 to ! 10.4.6.0/24',
    ]);
  });

  it('lists nest in the order LOOP_THROUGH nests them: interface, protocol, source, destination, ports', () => {
    expect(listRule('pass on { a b } proto { tcp udp } from any to 10.0.0.1 port { 80 443 }')).toEqual([
      'pass on a inet proto tcp from any to 10.0.0.1 port = http flags S/SA keep state',
      'pass on a inet proto tcp from any to 10.0.0.1 port = https flags S/SA keep state',
      'pass on a inet proto udp from any to 10.0.0.1 port = http keep state',
      'pass on a inet proto udp from any to 10.0.0.1 port = https keep state',
      'pass on b inet proto tcp from any to 10.0.0.1 port = http flags S/SA keep state',
      'pass on b inet proto tcp from any to 10.0.0.1 port = https flags S/SA keep state',
      'pass on b inet proto udp from any to 10.0.0.1 port = http keep state',
      'pass on b inet proto udp from any to 10.0.0.1 port = https keep state',
    ]);
  });

  it('a host of the other family is dropped where the rule has one; without one the rule takes its hosts\'', () => {
    expect(listRule('block in inet6 from any to { 10.0.0.1 fd00::1 }')).toEqual(['block drop in inet6 from any to fd00::1']);
    expect(listRule('block in from any to fd00::/64')).toEqual(['block drop in inet6 from any to fd00::/64']);
  });

  it('ports as print_port prints them: `=` by service name, ranges and the redirect port in numbers', () => {
    expect(listRule('pass inet proto tcp from any to 10.0.0.1 port 8000:8010')).toEqual(['pass inet proto tcp from any to 10.0.0.1 port 8000:8010 flags S/SA keep state']);
    expect(listRule('pass inet proto tcp from any to 10.0.0.1 port http:https')).toEqual(['pass inet proto tcp from any to 10.0.0.1 port 80:443 flags S/SA keep state']);
    expect(listRule('pass inet proto tcp from any to 10.0.0.1 port 1000 >< 2000')).toEqual(['pass inet proto tcp from any to 10.0.0.1 port 1000 >< 2000 flags S/SA keep state']);
    expect(listRule('pass inet proto tcp from any to 10.0.0.1 port != 22')).toEqual(['pass inet proto tcp from any to 10.0.0.1 port != ssh flags S/SA keep state']);
    expect(listRule('pass inet proto tcp from any to 10.0.0.1 port > 1023')).toEqual(['pass inet proto tcp from any to 10.0.0.1 port > 1023 flags S/SA keep state']);
    expect(listRule('pass inet proto tcp from any to 10.0.0.1 port 8443')).toEqual(['pass inet proto tcp from any to 10.0.0.1 port = 8443 flags S/SA keep state']);
    // parse.y natrule PF_RDR: `80:*` ends at 80 + (8010 - 8000); print_pool prints ` port %u:%u`
    expect(listRule('rdr on em0 inet proto tcp from any to (em0) port 8000:8010 -> 10.2.3.4 port 80:*')).toEqual(['rdr on em0 inet proto tcp from any to (em0) port 8000:8010 -> 10.2.3.4 port 80:90']);
    expect(listRule('rdr on { em0 em1 } inet proto tcp from any to any port 80 -> { 10.0.0.1 10.0.0.2 } port 80')).toEqual([
      // print_pool: `{ a, b }`; several addresses without a pool type are round-robin (parse.y natrule)
      'rdr on em0 inet proto tcp from any to any port = http -> { 10.0.0.1, 10.0.0.2 } port 80 round-robin',
      'rdr on em1 inet proto tcp from any to any port = http -> { 10.0.0.1, 10.0.0.2 } port 80 round-robin',
    ]);
  });

  it('the redirect port as the kernel holds it (proxy_port), in numbers', () => {
    const rdr = (to: string, redirect: string) => listRule(`rdr on em0 inet proto tcp from any to (em0)${to} -> 10.2.3.4 port ${redirect}`)[0].split(' -> ')[1];
    expect(rdr(' port 8000:8010', '80:*')).toBe('10.2.3.4 port 80:90');
    expect(rdr(' port { 8000:8010 9000:9100 }', '80:*')).toBe('10.2.3.4 port 80:90'); // from the first destination port item ($5.dst.port)
    expect(rdr(' port 8080', '80:*')).toBe('10.2.3.4 port 80:57536'); // an item of one port is [8080, 0]: (u_int16_t)(80 + (0 - 8080))
    expect(rdr('', '80:*')).toBe('10.2.3.4 port 80'); // no destination port: the end is rport.b, 0
    expect(rdr(' port 8000:8010', '80:90')).toBe('10.2.3.4 port 80:90');
    expect(rdr(' port 8080', 'http')).toBe('10.2.3.4 port 80');
    expect(rdr(' port 8080', '80:80')).toBe('10.2.3.4 port 80');
    expect(listRule('nat on em0 inet from 10.0.0.0/24 to any -> (em0) port 1024:2048')).toEqual(['nat on em0 inet from 10.0.0.0/24 to any -> (em0) port 1024:2048 round-robin']);
    expect(listRule('nat on em0 inet from 10.0.0.0/24 to any -> (em0) port 1024:*')).toEqual(['nat on em0 inet from 10.0.0.0/24 to any -> (em0) port 1024 round-robin']);
    expect(listRule('nat on em0 inet from 10.0.0.0/24 to any -> (em0:0) port 50001:65535')).toEqual(['nat on em0 inet from 10.0.0.0/24 to any -> (em0:0)']); // the default range, one address
    expect(listRule('nat on em0 inet from 10.0.0.0/24 to any -> (em0) static-port')).toEqual(['nat on em0 inet from 10.0.0.0/24 to any -> (em0) round-robin static-port']);
  });

  it('tags bare (print_rule ` tag %s`), labels quoted', () => {
    expect(listRule('rdr on "em0" inet proto tcp from any to ("em0") port 80 tag "klee:ab:c-01234567" -> 10.2.3.4 port 80')).toEqual(['rdr on em0 inet proto tcp from any to (em0) port = http tag klee:ab:c-01234567 -> 10.2.3.4 port 80']);
    expect(listRule('pass in proto tcp from any to any tagged "x" label "klee:ab"')).toEqual(['pass in proto tcp from any to any tagged x flags S/SA keep state label "klee:ab"']);
  });

  it('pfctl -s rules lists what -f loaded, expanded', async () => {
    const { host, sh } = await freshHost();
    const rules = 'pass quick on { kleene1 lo0 } inet from 10.4.6.0/24 to 10.4.6.0/24 label "klee:ab"\n';
    expect((await host.run(['pfctl', '-a', 'klee/web', '-f', '-'], { stdin: rules })).exitCode).toBe(0);
    expect((await sh('pfctl', '-a', 'klee/web', '-s', 'rules')).stdout).toBe(
      'pass quick on kleene1 inet from 10.4.6.0/24 to 10.4.6.0/24 flags S/SA keep state label "klee:ab"\n'
      + 'pass quick on lo0 inet from 10.4.6.0/24 to 10.4.6.0/24 flags S/SA keep state label "klee:ab"\n',
    );
  });
});

describe('pfctl -s nat, -F nat and anchors that do not exist (pfctl.c, pf_ruleset.c)', () => {
  const out = (r: { exitCode: number; stdout: string; stderr: string }) => [r.exitCode, r.stdout, r.stderr];

  it('-s nat lists the nat ruleset, then rdr (pfctl_show_nat nattype[]), `no nat` with them; -s rules and -F nat agree', async () => {
    const { host, sh } = await freshHost();
    const text = 'rdr on em0 inet proto tcp from any to (em0) port 80 -> 10.0.0.5\nno nat on em0 inet from 10.0.0.1 to any\nnat on em0 inet from 10.0.0.0/24 to any -> (em0)\nno rdr on em0 inet proto tcp from 10.0.0.9 to any\npass all\n';
    expect((await host.run(['pfctl', '-a', 'klee/x', '-f', '-'], { stdin: text })).exitCode).toBe(0);
    expect((await sh('pfctl', '-a', 'klee/x', '-s', 'nat')).stdout).toBe([
      'no nat on em0 inet from 10.0.0.1 to any', 'nat on em0 inet from 10.0.0.0/24 to any -> (em0) round-robin',
      'rdr on em0 inet proto tcp from any to (em0) port = http -> 10.0.0.5', 'no rdr on em0 inet proto tcp from 10.0.0.9 to any', '',
    ].join('\n'));
    expect((await sh('pfctl', '-a', 'klee/x', '-s', 'rules')).stdout).toBe('pass all flags S/SA keep state\n');
    expect((await sh('pfctl', '-a', 'klee/x', '-F', 'nat')).exitCode).toBe(0);
    expect((await sh('pfctl', '-a', 'klee/x', '-s', 'nat')).stdout).toBe('');
    expect((await sh('pfctl', '-a', 'klee/x', '-s', 'rules')).stdout).toBe('pass all flags S/SA keep state\n');
  });

  it('an anchor exists while it has rules, children or a caller: else -s says so on stderr, and pfctl still exits 0', async () => {
    const { host, sh } = await freshHost('?hooks=0');
    expect(out(await sh('pfctl', '-a', 'klee', '-s', 'Anchors'))).toEqual([0, '', "Anchor 'klee' not found.\n"]);
    expect(out(await sh('pfctl', '-a', 'klee/web', '-s', 'rules'))).toEqual([0, '', 'pfctl: Anchor does not exist\n']);
    expect(out(await sh('pfctl', '-a', 'klee/web', '-s', 'nat'))).toEqual([0, '', 'pfctl: DIOCGETRULES: Invalid argument\n']);
    expect((await host.run(['pfctl', '-a', 'klee/web', '-f', '-'], { stdin: 'pass all\n' })).exitCode).toBe(0);
    expect(out(await sh('pfctl', '-a', 'klee', '-s', 'Anchors'))).toEqual([0, '  klee/web\n', '']); // the parent of one with rules
    expect(out(await sh('pfctl', '-a', 'klee/web', '-s', 'nat'))).toEqual([0, '', '']);
    expect(out(await sh('pfctl', '-a', 'klee', '-s', 'rules'))).toEqual([0, '', '']);
    expect((await sh('pfctl', '-a', 'klee/web', '-F', 'all')).exitCode).toBe(0); // emptied: it goes, and klee with it
    expect(out(await sh('pfctl', '-a', 'klee', '-s', 'Anchors'))).toEqual([0, '', "Anchor 'klee' not found.\n"]);
    // main's `anchor "klee/*"` calls klee: it exists, empty
    expect((await host.run(['pfctl', '-f', '-'], { stdin: 'anchor "klee/*"\n' })).exitCode).toBe(0);
    expect(out(await sh('pfctl', '-a', 'klee', '-s', 'Anchors'))).toEqual([0, '', '']);
    expect(out(await sh('pfctl', '-a', 'klee/web', '-s', 'rules'))).toEqual([0, '', 'pfctl: Anchor does not exist\n']);
  });
});
