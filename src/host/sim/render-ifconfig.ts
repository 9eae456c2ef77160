// Renders interfaces exactly as FreeBSD 14's netlink ifconfig prints them (sbin/ifconfig/ifconfig_netlink.c status_nl).
import { broadcast4, hexMask4, isLinkLocal6 } from './addr.js';
import type { SimIface, SimJail } from './state.js';
import { type IfconfigFormat, addrText, inet6MaskText, inetMaskText } from './ifconfig-format.js';

const DEFAULT_FORMAT: IfconfigFormat = { warnings: '' };

// IFF bits as named in sbin/ifconfig/ifconfig.c IFFBITS (14.x adds LOWER_UP 0x1000000).
const IFF: [number, string][] = [
  [0x1, 'UP'], [0x2, 'BROADCAST'], [0x8, 'LOOPBACK'], [0x40, 'RUNNING'], [0x100, 'PROMISC'],
  [0x800, 'SIMPLEX'], [0x8000, 'MULTICAST'], [0x1000000, 'LOWER_UP'],
];

/** The interface flags as a number, per kind (values checked against fixtures 08, 14, 17, 18, 26 and seed 002). */
export function ifFlags(i: SimIface, promisc: boolean): number {
  let f = 0;
  switch (i.kind) {
    case 'physical': // em0 up: 1008843 (fixture 08)
      f = 0x2 | 0x800 | 0x8000 | 0x1000000 | (i.up ? 0x1 | 0x40 : 0);
      break;
    case 'epair': // fresh 1008842, up 1008843 (fixtures 26, 14)
      f = 0x2 | 0x40 | 0x800 | 0x8000 | 0x1000000 | (i.up ? 0x1 : 0);
      break;
    case 'bridge': // up 1008843 (fixture 18); down 8802 (not running, no link)
      f = 0x2 | 0x800 | 0x8000 | (i.up ? 0x1 | 0x40 | 0x1000000 : 0);
      break;
    case 'loopback': // up 1008049 (fixture 08), down 8008 (fixture 17)
      f = 0x8 | 0x8000 | (i.up ? 0x1 | 0x40 | 0x1000000 : 0);
      break;
    case 'pflog': // flags=0 (seed 002)
      f = i.up ? 0x1 | 0x40 : 0;
      break;
  }
  if (promisc) f |= 0x100; // bridge members are put in promiscuous mode (if_bridge.c bridge_ioctl_add)
  return f >>> 0;
}

function flagText(f: number): string {
  const names = IFF.filter(([b]) => f & b).map(([, n]) => n);
  // 14.x prints no "<>" for empty flags (sbin/ifconfig/ifconfig.c print_bits: "<" only before the first set bit).
  return `flags=${f.toString(16)}` + (names.length ? `<${names.join(',')}>` : '');
}

const OPTIONS: Record<SimIface['kind'], string | undefined> = {
  physical: 'options=481009b<RXCSUM,TXCSUM,VLAN_MTU,VLAN_HWTAGGING,VLAN_HWCSUM,VLAN_HWFILTER,NOMAP>', // seed 002 em0
  loopback: 'options=680003<RXCSUM,TXCSUM,LINKSTATE,RXCSUM_IPV6,TXCSUM_IPV6>', // fixture 08 lo0
  epair: 'options=8<VLAN_MTU>', // fixture 26, seed 002
  bridge: 'options=0', // fixture 18 (14.x)
  pflog: undefined,
};
const MEDIA: Partial<Record<SimIface['kind'], string>> = {
  physical: 'media: Ethernet autoselect (1000baseT <full-duplex>)', // seed 002 em0
  epair: 'media: Ethernet 10Gbase-T (10Gbase-T <full-duplex>)', // fixtures 14, 26
};
const ND6: Partial<Record<SimIface['kind'], string>> = {
  physical: 'nd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>', // seed 002 em0
  epair: 'nd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>', // fixtures 14, 26
  loopback: 'nd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>', // fixture 08
  bridge: 'nd6 options=9<PERFORMNUD,IFDISABLED>', // seed 002 kleene1
};

/** What a non-vnet jail may see: its own addresses only, nd6 only with IPv6 (seed 003, inside an ipnet jail). */
export interface JailView {
  ip4: Set<string> | 'all';
  ip6: Set<string> | 'all' | 'none';
}

/** A non-vnet jail's view of the host's interfaces. */
export function jailView(j: SimJail): JailView {
  const ip4 = j.params['ip4'] === 'inherit' ? 'all' : new Set(j.ip4);
  const ip6 = j.params['ip6'] === 'inherit' ? 'all' : j.ip6.length ? new Set(j.ip6) : 'none';
  return { ip4, ip6 };
}

/** The status block of one interface, addresses in the IFCONFIG_FORMAT of `f` (ifconfig-format.ts). */
export function renderIface(i: SimIface, all: SimIface[], view?: JailView, f: IfconfigFormat = DEFAULT_FORMAT): string {
  const promisc = all.some((b) => b.kind === 'bridge' && b.members.includes(i.name));
  const L: string[] = [`${i.name}: ${flagText(ifFlags(i, promisc))} metric 0 mtu ${i.mtu}`];
  if (i.description !== undefined) L.push(`\tdescription: ${i.description}`);
  const opt = OPTIONS[i.kind];
  if (opt) L.push('\t' + opt);
  if (i.ether) L.push(`\tether ${i.ether}`);
  for (const a of i.inet) {
    if (view && view.ip4 !== 'all' && !view.ip4.has(a.address)) continue;
    // af_inet.c in_status_nl: "\tinet %s" (print_addr), the mask, " broadcast %s" when IFF_BROADCAST (not loopback).
    const bc = i.kind === 'loopback' || i.kind === 'pflog' ? '' : ` broadcast ${broadcast4(a.address, a.prefixlen)}`;
    L.push(`\tinet ${addrText(a.address, f)}${inetMaskText(a.prefixlen, hexMask4(a.prefixlen), f)}${bc}`);
  }
  for (const a of i.inet6) {
    if (view && (view.ip6 === 'none' || (view.ip6 !== 'all' && !view.ip6.has(a.address)))) continue;
    // af_inet6.c: print_addr, print_mask; link-local addresses carry %ifname and "scopeid 0x<ifindex>" (fixture 08;
    // the cidr form: fixture 06).
    // in6_status: the address flags come after the prefix, before the scope id.
    const flags = a.flags?.length ? ` ${a.flags.join(' ')}` : '';
    L.push(isLinkLocal6(a.address)
      ? `\tinet6 ${a.address}%${i.name}${inet6MaskText(a.prefixlen, f)}${flags} scopeid 0x${i.index.toString(16)}`
      : `\tinet6 ${addrText(a.address, f)}${inet6MaskText(a.prefixlen, f)}${flags}`);
  }
  if (i.kind === 'bridge') {
    // ifbridge.c bridge_status; spanning tree not enabled, so ids stay zero (seed 002, fixture 18).
    L.push('\tid 00:00:00:00:00:00 priority 32768 hellotime 2 fwddelay 15');
    L.push('\tmaxage 20 holdcnt 6 proto rstp maxaddr 2000 timeout 1200');
    L.push('\troot id 00:00:00:00:00:00 priority 32768 ifcost 0 port 0');
    for (const m of i.members) {
      const mi = all.find((x) => x.name === m);
      L.push(`\tmember: ${m} flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>`);
      L.push(`\t        ifmaxaddr 0 port ${mi?.index ?? 0} priority 128 path cost 2000`);
    }
  }
  if (i.groups.length) L.push(`\tgroups: ${i.groups.join(' ')}`);
  const media = MEDIA[i.kind];
  if (media) L.push('\t' + media, '\tstatus: active');
  const nd6 = ND6[i.kind];
  if (nd6 && !(view && view.ip6 === 'none')) L.push('\t' + nd6);
  return L.join('\n') + '\n';
}

/** `ifconfig -a`: every interface of the list in index order. */
export function renderAll(list: SimIface[], view?: JailView, f: IfconfigFormat = DEFAULT_FORMAT): string {
  return list.map((i) => renderIface(i, list, view, f)).join('');
}
