// IFCONFIG_FORMAT as ifconfig reads it from its environment (sbin/ifconfig/ifconfig.c main → setformat): how
// addresses, inet masks and inet6 prefixes are printed (af_inet.c print_addr/in_status_nl, af_inet6.c print_addr
// and print_mask).

/** The format modifiers in effect (undefined: ifconfig's default). */
export interface IfconfigFormat {
  addr?: string;
  inet?: string;
  inet6?: string;
  /** setformat's warnings for malformed entries (stderr). */
  warnings: string;
}

/**
 * setformat: comma-separated `category:modifier`; an entry without `:` or with nothing after it is skipped with
 * `warnx("Skipping invalid format specification: %s\n")` (warnx adds the program name and one more newline);
 * unknown categories are ignored; a later entry of a category wins.
 */
export function parseIfconfigFormat(env: string | undefined): IfconfigFormat {
  const f: IfconfigFormat = { warnings: '' };
  if (env === undefined) return f;
  for (const entry of env.split(',')) {
    const colon = entry.indexOf(':');
    if (colon < 0 || colon === entry.length - 1) {
      f.warnings += `ifconfig: Skipping invalid format specification: ${entry}\n\n`;
      continue;
    }
    const [cat, mod] = [entry.slice(0, colon), entry.slice(colon + 1)];
    if (cat === 'addr' || cat === 'inet' || cat === 'inet6') f[cat] = mod;
  }
  return f;
}

// What getnameinfo(3) finds for an address without DNS: the simulated host's /etc/hosts (FreeBSD's default,
// etc/hosts: `::1 localhost localhost.my.domain`, `127.0.0.1 localhost localhost.my.domain`).
const HOSTS = new Map([['127.0.0.1', 'localhost'], ['::1', 'localhost']]);

/** An address as print_addr prints it: a name with `addr:fqdn` or `addr:host` when one is known, else numeric. */
export function addrText(address: string, f: IfconfigFormat): string {
  // fqdn: getnameinfo flags 0; host: NI_NOFQDN (the local domain cut off); both give the hosts entry's name.
  if (f.addr === 'fqdn' || f.addr === 'host') return HOSTS.get(address) ?? address;
  return address;
}

/** The mask after an inet address: `/len` (cidr), ` netmask A.B.C.D` (dotted) or ` netmask 0xhex` (default). */
export function inetMaskText(prefixlen: number, hexMask: string, f: IfconfigFormat): string {
  if (f.inet === 'cidr') return `/${prefixlen}`;
  if (f.inet === 'dotted') {
    const n = Number.parseInt(hexMask.slice(2), 16);
    return ` netmask ${[24, 16, 8, 0].map((s) => (n >>> s) & 0xff).join('.')}`;
  }
  return ` netmask ${hexMask}`;
}

/** The prefix after an inet6 address: `/len` (cidr) or ` prefixlen N` (default). */
export function inet6MaskText(prefixlen: number, f: IfconfigFormat): string {
  return f.inet6 === 'cidr' ? `/${prefixlen}` : ` prefixlen ${prefixlen}`;
}
