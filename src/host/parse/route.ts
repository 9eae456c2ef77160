// Parse `route -n get default` (sbin/route/route.c print_getmsg). The probe reads the default route this way, not from
// `netstat -rn`: without -W netstat cuts the interface name to its column width (usr.bin/netstat/route.c).

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
