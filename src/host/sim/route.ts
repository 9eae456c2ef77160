// route(8): get/add/delete of the default route (sbin/route/route.c newroute, print_getmsg; fixtures 14, 16, 26; R4).
import { canon6, inSubnet4, inSubnet6, parse4 } from './addr.js';
import { type Ctx, type Out, fail, ok, vnetOf, visibleIfaces } from './ctx.js';

const USAGE = 'usage: route [-46dnqtv] command [[modifiers] args]'; // route.c usage()

type Fam = 'inet' | 'inet6';

function routesOf(ctx: Ctx): { inet?: { gateway: string; iface: string }; inet6?: { gateway: string; iface: string } } {
  if (vnetOf(ctx) === 0) return ctx.st.routes;
  const j = ctx.jail!;
  const r: Record<string, { gateway: string; iface: string }> = {};
  for (const f of ['inet', 'inet6'] as const) {
    const gw = j.routes[f];
    if (gw) r[f] = { gateway: gw, iface: ifaceFor(ctx, f, gw) ?? '' };
  }
  return r;
}

/** The interface whose subnet holds the gateway (the kernel resolves the gateway on-link). */
function ifaceFor(ctx: Ctx, f: Fam, gw: string): string | undefined {
  for (const i of visibleIfaces(ctx)) {
    if (f === 'inet' && i.inet.some((a) => inSubnet4(gw, a.address, a.prefixlen))) return i.name;
    if (f === 'inet6' && i.inet6.some((a) => inSubnet6(gw, a.address, a.prefixlen))) return i.name;
  }
  return undefined;
}

/** Run route. */
export function route(ctx: Ctx, args: string[]): Out {
  let numeric = false;
  const a = [...args];
  while (a[0] === '-n' || a[0] === '-q') { if (a.shift() === '-n') numeric = true; }
  const cmd = a.shift();
  let fam: Fam = 'inet';
  if (a[0] === '-inet' || a[0] === '-inet6' || a[0] === '-4' || a[0] === '-6') fam = a.shift()!.includes('6') ? 'inet6' : 'inet';
  const dest = a.shift();
  if (dest !== 'default' && dest !== '0' && dest !== '0.0.0.0' && dest !== '::') return fail(USAGE);
  const routes = routesOf(ctx);
  const cur = routes[fam];
  if (cmd === 'get' && a.length === 0) {
    if (!cur) return fail('route: route has not been found'); // R4 (route.c)
    const d = numeric ? (fam === 'inet' ? '0.0.0.0' : '::') : 'default';
    const mtu = visibleIfaces(ctx).find((i) => i.name === cur.iface)?.mtu ?? 1500;
    // print_getmsg layout as in fixtures 14 and 16 (right-aligned labels).
    return ok([
      `   route to: ${d}`, `destination: ${d}`, `       mask: ${d}`, `    gateway: ${cur.gateway}`, '        fib: 0',
      `  interface: ${cur.iface}`, '      flags: <UP,GATEWAY,DONE,STATIC>',
      ' recvpipe  sendpipe  ssthresh  rtt,msec    mtu        weight    expire',
      `       0         0         0         0${String(mtu).padStart(10)}         1         0`,
    ].join('\n') + '\n');
  }
  if (cmd === 'add' && a.length === 1) {
    const gw = fam === 'inet' ? (parse4(a[0]) !== null ? a[0] : null) : canon6(a[0]);
    if (!gw) return fail(`route: bad address: ${a[0]}`);
    if (cur) return fail('', 1, `add net default: gateway ${a[0]} fib 0: route already in table\n`); // R4, EEXIST on stdout
    const iface = ifaceFor(ctx, fam, gw);
    if (!iface) return fail('', 1, `add net default: gateway ${a[0]} fib 0: Network is unreachable\n`);
    setRoute(ctx, fam, gw, iface);
    return ok(`add net default: gateway ${a[0]}\n`); // fixture 26
  }
  if (cmd === 'delete' && a.length <= 1) {
    if (!cur) return fail('', 1, `delete net default: ${a[0] ? `gateway ${a[0]} ` : ''}fib 0: not in table\n`); // R4
    setRoute(ctx, fam, undefined, '');
    return ok(`delete net default: gateway ${cur.gateway}\n`);
  }
  return fail(USAGE);
}

function setRoute(ctx: Ctx, fam: Fam, gw: string | undefined, iface: string): void {
  if (vnetOf(ctx) === 0) {
    if (gw) ctx.st.routes[fam] = { gateway: gw, iface };
    else delete ctx.st.routes[fam];
  } else if (gw) ctx.jail!.routes[fam] = gw;
  else delete ctx.jail!.routes[fam];
}

/** `netstat -rn --libxo=json`: the default routes only (enough for the NAT interface). */
export function netstat(ctx: Ctx, args: string[]): Out {
  if (args.join(' ') !== '-rn --libxo=json') return fail('usage: netstat [-46AaLnRSTWx] [-f protocol_family | -p protocol]');
  const r = routesOf(ctx);
  const fams = (['inet', 'inet6'] as const).filter((f) => r[f]).map((f) => {
    const e = r[f]!;
    return `{"address-family": "${f === 'inet' ? 'Internet' : 'Internet6'}", "rt-entry": [{"destination":"default","gateway":"${e.gateway}","flags":"UGS","flags_pretty":["up","gateway","static"],"interface-name":"${e.iface}","expire":""}]}`;
  });
  return ok(`{"statistics": {"route-information": {"route-table": {"rt-family": [${fams.join(', ')}]}}}}\n`);
}
