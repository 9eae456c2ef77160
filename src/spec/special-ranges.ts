// Address ranges that can never be a network's subnet: the host would not route them to a jail, or they mean
// something else to every stack. IPv4: sys/netinet/in.h (IN_MULTICAST, IN_LOOPBACK, IN_LINKLOCAL, INADDR_ANY's
// "this network" 0/8); IPv6: sys/netinet6/in6.h (IN6_IS_ADDR_UNSPECIFIED, _LOOPBACK, _LINKLOCAL, _MULTICAST).
import { parseSubnet, overlaps, type Family, type Subnet } from './addr.js';

const RANGES: { family: Family; cidr: string; what: string }[] = [
  { family: 4, cidr: '0.0.0.0/8', what: 'unspecified ("this network", 0.0.0.0/8)' },
  { family: 4, cidr: '127.0.0.0/8', what: 'loopback (127.0.0.0/8)' },
  { family: 4, cidr: '169.254.0.0/16', what: 'link-local (169.254.0.0/16)' },
  { family: 4, cidr: '224.0.0.0/4', what: 'multicast (224.0.0.0/4)' },
  { family: 6, cidr: '::/128', what: 'unspecified (::/128)' },
  { family: 6, cidr: '::1/128', what: 'loopback (::1/128)' },
  { family: 6, cidr: 'fe80::/10', what: 'link-local (fe80::/10)' },
  { family: 6, cidr: 'ff00::/8', what: 'multicast (ff00::/8)' },
];
const PARSED = RANGES.map((r) => ({ ...r, subnet: parseSubnet(r.cidr, r.family)! }));

/** The special-purpose range a subnet overlaps (described), or undefined when it is an ordinary unicast range. */
export function specialRange(s: Subnet): string | undefined {
  return PARSED.find((r) => r.family === s.family && overlaps(r.subnet, s))?.what;
}
