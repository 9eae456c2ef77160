// Seed walk-throughs (seeds 002 vnet, 003 ipnet) replayed on the simulator; output compared line by line with what the
// seeds show, modulo MAC addresses, scope ids and the documented 13.x -> 14.x differences (sbin/ifconfig print_bits:
// 14.x adds LOWER_UP and prints `flags=0` without `<>`, inet before inet6; 14.x bridges print `options=0`).
import { describe, expect, it } from 'vitest';
import { freshHost, noMac } from './helpers.js';

/** Make a 13.x line comparable with 14.x: flag names without LOWER_UP (hex differs by 0x1000000/0x20), no scopeid. */
function norm(line: string): string {
  return noMac(line.replace(/^ {8}/, '\t'))
    .replace(/flags=[0-9a-f]+(<[^>]*>)?/, (_m, names: string | undefined) => `flags<${(names ?? '<>').slice(1, -1).split(',').filter((n) => n && n !== 'LOWER_UP').join(',')}>`)
    .replace(/ scopeid 0x[0-9a-f]+/, '');
}

/** Lines of one interface block, inet lines before inet6 (14.x order), without 14.x-only option lines. */
function block(text: string, name: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(name + ': '));
  if (start < 0) return [];
  let end = start + 1;
  while (end < lines.length && /^(\t| {8})/.test(lines[end])) end++;
  const body = lines.slice(start + 1, end).map(norm).filter((l) => l !== '\toptions=0');
  const rank = (l: string): number => (l.startsWith('\tinet6') ? 2 : l.startsWith('\tinet ') ? 1 : 0);
  const firstAddr = body.findIndex((l) => rank(l) > 0);
  const addrs = body.filter((l) => rank(l) > 0).sort((a, b) => rank(a) - rank(b));
  const rest = body.filter((l) => rank(l) === 0);
  if (firstAddr >= 0) rest.splice(firstAddr, 0, ...addrs);
  return [norm(lines[start]), ...rest];
}

// seed 002 (VNET networking), container side: `klee run -l vnet -n testvnet FreeBSD ifconfig`
const SEED002_INSIDE = `lo0: flags=8008<LOOPBACK,MULTICAST> metric 0 mtu 16384
        options=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>
        groups: lo
        nd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>
pflog0: flags=0<> metric 0 mtu 33160
        groups: pflog
epair0b: flags=8863<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500
        options=8<VLAN_MTU>
        ether 02:1e:66:05:b0:0b
        inet 10.4.6.2 netmask 0xffffff00 broadcast 10.4.6.255
        groups: epair
        media: Ethernet 10Gbase-T (10Gbase-T <full-duplex>)
        status: active
        nd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>
`;
// seed 002, host side after the container stopped
const SEED002_HOST = `em0: flags=8863<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500
        options=481009b<RXCSUM,TXCSUM,VLAN_MTU,VLAN_HWTAGGING,VLAN_HWCSUM,VLAN_HWFILTER,NOMAP>
        ether 08:00:27:b2:00:96
        inet 10.0.2.15 netmask 0xffffff00 broadcast 10.0.2.255
        media: Ethernet autoselect (1000baseT <full-duplex>)
        status: active
        nd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>
lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384
        options=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>
        inet6 ::1 prefixlen 128
        inet6 fe80::1%lo0 prefixlen 64 scopeid 0x3
        inet 127.0.0.1 netmask 0xff000000
        groups: lo
        nd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>
pflog0: flags=0<> metric 0 mtu 33160
        groups: pflog
kleene0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384
        options=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>
        inet6 fe80::1%kleene0 prefixlen 64 scopeid 0x5
        groups: lo
        nd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>
kleene1: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500
        ether 58:9c:fc:10:30:3d
        inet 10.4.6.1 netmask 0xffffff00 broadcast 10.4.6.255
        id 00:00:00:00:00:00 priority 32768 hellotime 2 fwddelay 15
        maxage 20 holdcnt 6 proto rstp maxaddr 2000 timeout 1200
        root id 00:00:00:00:00:00 priority 32768 ifcost 0 port 0
        groups: bridge
        nd6 options=9<PERFORMNUD,IFDISABLED>
`;
// seed 003 (IPNet networking), inside `klee run -l ipnet -n testnet FreeBSD ifconfig`
const SEED003_INSIDE = `em0: flags=8863<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500
        options=481009b<RXCSUM,TXCSUM,VLAN_MTU,VLAN_HWTAGGING,VLAN_HWCSUM,VLAN_HWFILTER,NOMAP>
        ether 08:00:27:b2:00:96
        media: Ethernet autoselect (1000baseT <full-duplex>)
        status: active
lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384
        options=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>
        groups: lo
pflog0: flags=0<> metric 0 mtu 33160
        groups: pflog
kleene0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384
        options=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>
        inet 10.2.3.1 netmask 0xffffffff
        groups: lo
`;

function compare(actual: string, seed: string): void {
  const names = seed.split('\n').filter((l) => /^\S+: flags=/.test(l)).map((l) => l.split(':')[0]);
  const actualNames = actual.split('\n').filter((l) => /^\S+: flags=/.test(l)).map((l) => l.split(':')[0]);
  expect(actualNames).toEqual(names);
  for (const n of names) expect(block(actual, n)).toEqual(block(seed, n));
}

describe('seed walk-throughs', () => {
  it('002: vnet container on a bridge network, inside and outside', async () => {
    const { sh } = await freshHost();
    // the ipnet network of seed 003 exists first (kleene0), then `klee network create -t bridge --subnet 10.4.6.0/24`
    expect((await sh('ifconfig', 'lo', 'create', 'name', 'kleene0', 'up')).stdout).toBe('kleene0\n');
    expect((await sh('ifconfig', 'bridge', 'create', 'name', 'kleene1', 'up')).stdout).toBe('kleene1\n');
    await sh('ifconfig', 'kleene1', 'inet', '10.4.6.1/24', 'alias');
    expect((await sh('ifconfig', 'epair', 'create', 'up')).stdout).toBe('epair0a\n');
    await sh('ifconfig', 'kleene1', 'addm', 'epair0a');
    // Kleene's sequence: jail with vnet, move the b side in, address it, add the route, run the command
    const created = await sh('jail', '-c', 'name=c1', 'path=/zroot/kleene/container/c1', 'persist', 'vnet',
      'exec.created=/sbin/ifconfig epair0b vnet c1 && /usr/sbin/jexec c1 /sbin/ifconfig epair0b inet 10.4.6.2/24 up && /usr/sbin/jexec c1 /sbin/route add -inet default 10.4.6.1');
    expect(created.stdout).toBe('add net default: gateway 10.4.6.1\n'); // seed 002 prints this line
    compare((await sh('jexec', 'c1', 'ifconfig')).stdout, SEED002_INSIDE);
    // the container stops: jail removed, epairs destroyed
    await sh('jail', '-r', 'c1');
    await sh('ifconfig', 'kleene1', 'deletem', 'epair0a');
    await sh('ifconfig', 'epair0a', 'destroy');
    compare((await sh('ifconfig')).stdout, SEED002_HOST);
  });

  it('003: ipnet container on a loopback network sees only its address', async () => {
    const { sh } = await freshHost();
    await sh('ifconfig', 'lo', 'create', 'name', 'kleene0', 'up');
    const r = await sh('jail', '-c', 'name=c2', 'path=/zroot/kleene/container/c2', 'persist', 'ip4.addr=kleene0|10.2.3.1/32', 'mount.devfs');
    expect(r.exitCode).toBe(0);
    const inside = (await sh('jexec', 'c2', 'ifconfig')).stdout;
    // 13.x (seed) -> 14.x: lo inside a jail without IPv6 prints no nd6, as the seed shows
    compare(inside, SEED003_INSIDE);
  });
});
