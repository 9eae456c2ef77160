// The grammar of an interface name a kleene.yaml may write (`interface:`, `nat:`, a port's interface).

/** IFNAMSIZ (sys/net/if.h) is 16 with the terminating NUL. */
const IFNAME_MAX = 15;

/** A letter, then letters, digits, '_' or '.', at most 15 bytes: a name ifconfig, jail(8) and pf all take as one word. */
export function isInterfaceName(s: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_.]*$/.test(s) && s.length <= IFNAME_MAX;
}
