// Parse `route -n get default` (sbin/route/route.c print_getmsg) and `netstat -rn --libxo=json` default routes.

/** Whether `route -n get` output (stdout or stderr) says the route does not exist: "route has not been found" / "not in table". */
export function saysNoRoute(text: string): boolean {
  return /route has not been found|not in table/.test(text);
}

/** The default route's gateway and interface from `route -n get [-inet|-inet6] default`; undefined when there is none. */
export function parseRouteGet(text: string): { gateway: string; interface: string } | undefined {
  if (saysNoRoute(text)) return undefined;
  const field = (name: string) => new RegExp(`^\\s*${name}:\\s*(\\S+)\\s*$`, 'm').exec(text)?.[1];
  const itf = field('interface');
  if (!itf) return undefined;
  return { gateway: field('gateway') ?? '', interface: itf };
}

interface NetstatEntry { destination?: string; gateway?: string; 'interface-name'?: string }

/**
 * The default route from `netstat -rn --libxo=json` (usr.bin/netstat/route.c: container route-table, list rt-family
 * with address-family, list rt-entry with destination, gateway, interface-name). Without -W netstat cuts the
 * interface name to its column width (`{t:interface-name/%*.*s}`), which is why the probe uses `route -n get` instead.
 */
export function parseNetstatDefault(json: string, family: 'Internet' | 'Internet6' = 'Internet'): { gateway: string; interface: string } | undefined {
  let doc: any;
  try { doc = JSON.parse(json); } catch { return undefined; }
  const fams: any[] = doc?.statistics?.['route-information']?.['route-table']?.['rt-family'] ?? [];
  for (const f of fams) {
    if (f?.['address-family'] !== family) continue;
    const e = ((f['rt-entry'] ?? []) as NetstatEntry[]).find((r) => r.destination === 'default');
    if (e?.['interface-name']) return { gateway: e.gateway ?? '', interface: e['interface-name'] };
  }
  return undefined;
}
