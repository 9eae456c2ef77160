// Renders interfaces exactly as FreeBSD 14's netlink ifconfig prints them (sbin/ifconfig/ifconfig_netlink.c status_nl),
// or, on a 13.x host, as its ioctl ifconfig did (ifconfig.c status over getifaddrs; fixture 07).
import { broadcast4, hexMask4, isLinkLocal6 } from './addr.js';
import type { SimAddr, SimIface, SimJail } from './state.js';
import { type IfconfigFormat, addrText, inet6MaskText, inetMaskText } from './ifconfig-format.js';

const DEFAULT_FORMAT: IfconfigFormat = { warnings: '' };

// IFF bits as named in sbin/ifconfig/ifconfig.c IFFBITS (14.x adds LOWER_UP 0x1000000).
const IFF: [number, string][] = [
  [0x1, 'UP'], [0x2, 'BROADCAST'], [0x8, 'LOOPBACK'], [0x40, 'RUNNING'], [0x100, 'PROMISC'],
  [0x800, 'SIMPLEX'], [0x8000, 'MULTICAST'], [0x1000000, 'LOWER_UP'],
];

/** The interface flags as a number, per kind (values checked against fixtures 08, 14, 17, 18, 26 and seed 002). */
export function ifFlags(i: SimIface, promisc: boolean, legacy = false): number {
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
  // 13.x reads the flags with SIOCGIFFLAGS, which has no IFF_LOWER_UP (a netlink link state, 14.0): fixture 07.
  if (legacy) f &= ~0x1000000;
  return f >>> 0;
}

function flagText(f: number, legacy: boolean): string {
  const names = IFF.filter(([b]) => f & b).map(([, n]) => n);
  // 14.x prints no "<>" for empty flags (sbin/ifconfig/ifconfig.c print_bits: "<" only before the first set bit);
  // 13.x's printb always printed them (flags=0<>, seed 002's pflog0 inside a 13 jail).
  return `flags=${f.toString(16)}` + (names.length || legacy ? `<${names.join(',')}>` : '');
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

/** One inet line: af_inet.c in_status_nl: "\tinet %s" (print_addr), the mask, " broadcast %s" when IFF_BROADCAST (not loopback). */
function inetLine(i: SimIface, a: SimAddr, f: IfconfigFormat): string {
  const bc = i.kind === 'loopback' || i.kind === 'pflog' ? '' : ` broadcast ${broadcast4(a.address, a.prefixlen)}`;
  return `\tinet ${addrText(a.address, f)}${inetMaskText(a.prefixlen, hexMask4(a.prefixlen), f)}${bc}`;
}

/**
 * One inet6 line: af_inet6.c print_addr, print_mask, the address flags (in6_status: after the prefix, before the scope
 * id); link-local addresses carry %ifname and "scopeid 0x<ifindex>" (fixture 08; the cidr form: fixture 06).
 */
function inet6Line(i: SimIface, a: SimAddr, f: IfconfigFormat): string {
  const flags = a.flags?.length ? ` ${a.flags.join(' ')}` : '';
  return isLinkLocal6(a.address)
    ? `\tinet6 ${a.address}%${i.name}${inet6MaskText(a.prefixlen, f)}${flags} scopeid 0x${i.index.toString(16)}`
    : `\tinet6 ${addrText(a.address, f)}${inet6MaskText(a.prefixlen, f)}${flags}`;
}

/**
 * The status block of one interface, addresses in the IFCONFIG_FORMAT of `f` (ifconfig-format.ts); `legacy`: as 13.x
 * prints it (no LOWER_UP, `<>` always, no `options=0`, addresses in the kernel's order of addition, fixture 07 lo0:
 * inet6 before inet), else 14.x's netlink one (all inet, then all inet6).
 */
export function renderIface(i: SimIface, all: SimIface[], view?: JailView, f: IfconfigFormat = DEFAULT_FORMAT, legacy = false): string {
  const promisc = all.some((b) => b.kind === 'bridge' && b.members.includes(i.name));
  const L: string[] = [`${i.name}: ${flagText(ifFlags(i, promisc, legacy), legacy)} metric 0 mtu ${i.mtu}`];
  if (i.description !== undefined) L.push(`\tdescription: ${i.description}`);
  const opt = OPTIONS[i.kind];
  if (opt && !(legacy && opt === 'options=0')) L.push('\t' + opt); // 13.x printed no capabilities line when there were none
  if (i.ether) L.push(`\tether ${i.ether}`);
  const shown4 = i.inet.filter((a) => !(view && view.ip4 !== 'all' && !view.ip4.has(a.address)));
  const shown6 = i.inet6.filter((a) => !(view && (view.ip6 === 'none' || (view.ip6 !== 'all' && !view.ip6.has(a.address)))));
  const lines = [...shown4.map((a) => ({ seq: a.seq ?? 0, text: inetLine(i, a, f) })), ...shown6.map((a) => ({ seq: a.seq ?? 0, text: inet6Line(i, a, f) }))];
  if (legacy) lines.sort((x, y) => x.seq - y.seq); // stable: addresses without a number keep inet first
  L.push(...lines.map((l) => l.text));
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
export function renderAll(list: SimIface[], view?: JailView, f: IfconfigFormat = DEFAULT_FORMAT, legacy = false): string {
  return list.map((i) => renderIface(i, list, view, f, legacy)).join('');
}
