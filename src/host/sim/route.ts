// route(8): get/add/delete of the default route (sbin/route/route.c newroute, print_getmsg; fixtures 14, 16, 26; R4).
import { canon6, inSubnet4, inSubnet6, parse4 } from './addr.js';
import { type Ctx, type Out, fail, ok, vnetOf, visibleIfaces } from './ctx.js';

// route.c usage(): errx(EX_USAGE, ...), after warnx("bad keyword: %s") when a word was not understood.
const USAGE = 'route: usage: route [-46dnqtv] command [[modifiers] args]';
const EX_USAGE = 64;
const usage = (bad?: string): Out => fail(`${bad !== undefined ? `route: bad keyword: ${bad}\n` : ''}${USAGE}`, EX_USAGE);

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

/** newroute()'s flag modifiers (`-net`, `-static`, ...): they change how the route is added, not which one. */
const FLAG_MODIFIERS = new Set(['iface', 'interface', 'nostatic', 'lock', 'lockrest', 'host', 'reject', 'blackhole', 'proto1', 'proto2', 'proxy', 'xresolve', 'static', 'sticky', 'nostick', 'net']);
/** newroute()'s modifiers that take a value: addresses (-ifa, -netmask, ...), -prefixlen and the metrics (set_metric). */
const VALUE_MODIFIERS = new Set(['ifa', 'ifp', 'genmask', 'netmask', 'prefixlen', 'mtu', 'hopcount', 'expire', 'recvpipe', 'sendpipe', 'ssthresh', 'rtt', 'rttvar', 'weight']);
/** Destinations that name the default route (getaddr: `default`, the zero address, or a /0 prefix). */
const DEFAULT = new Set(['default', '0', '0.0.0.0', '0.0.0.0/0', '::', '::/0']);

/**
 * Run route (sbin/route/route.c): main's options `-46nqdtv`, then a command (get/show, add/change, delete/del;
 * monitor and flush are not modelled), then newroute()'s arguments in any order: `-inet`/`-4`, `-inet6`/`-6`, flag
 * modifiers, `-fib N`, `-gateway X`, `-dst X`, valued modifiers, and plain words (the destination, then the gateway).
 * The simulated routing table holds the default routes only.
 */
export function route(ctx: Ctx, args: string[]): Out {
  let fam: Fam = 'inet';
  let numeric = false;
  let k = 0;
  for (; k < args.length && args[k].startsWith('-') && args[k].length > 1; k++) {
    if (args[k] === '--') { k++; break; }
    for (const c of args[k].slice(1)) {
      if (c === '4' || c === '6') fam = c === '4' ? 'inet' : 'inet6';
      else if (c === 'n') numeric = true;
      else if (!'qdtv'.includes(c)) return fail(`route: illegal option -- ${c}\n${USAGE}`, EX_USAGE); // getopt(3), then usage()
    }
  }
  const cmd = args[k];
  if (cmd === undefined) return usage();
  const op = cmd === 'get' || cmd === 'show' ? 'get' : cmd === 'add' || cmd === 'change' ? cmd : cmd === 'delete' || cmd === 'del' ? 'delete' : undefined;
  if (cmd === 'monitor' || cmd === 'flush') return fail(`route: the simulator does not model route ${cmd} (docs/simulator.md)`);
  if (op === undefined) return usage(cmd);
  let dest: string | undefined;
  let gw: string | undefined;
  const rest = args.slice(k + 1);
  for (let n = 0; n < rest.length; n++) {
    const a = rest[n];
    if (a.startsWith('-')) {
      const key = a.slice(1);
      if (key === '4' || key === 'inet') fam = 'inet';
      else if (key === '6' || key === 'inet6') fam = 'inet6';
      else if (FLAG_MODIFIERS.has(key)) continue;
      else if (key === 'fib' || key === 'gateway' || key === 'dst' || VALUE_MODIFIERS.has(key)) {
        const v = rest[++n];
        if (v === undefined) return usage();
        // fiboptlist_csv: the simulated host has one FIB (net.fibs = 1)
        if (key === 'fib' && !/^0+$/.test(v) && v !== 'default' && v !== 'all') return fail(`route: invalid fib number: ${v}`, EX_USAGE);
        if (key === 'gateway') gw = v;
        if (key === 'dst') dest = v;
      } else if (key === 'link' || key === 'sa') return fail(`route: the simulator does not model -${key} (docs/simulator.md)`);
      else return usage(key);
    } else if (dest === undefined) dest = a;
    else if (gw === undefined) gw = a;
    else if (!/^\d+$/.test(a) || Number(a) === 0) return usage(); // a trailing number is the old "hops" argument
  }
  if (dest === undefined) return usage();
  if (!DEFAULT.has(dest)) return fail(`route: the simulator models only the default route, not ${dest} (docs/simulator.md)`);
  const cur = routesOf(ctx)[fam];
  if (op === 'get') {
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
  if (op === 'add' || op === 'change') {
    if (gw === undefined) return usage();
    const canon = fam === 'inet' ? (parse4(gw) !== null ? gw : null) : canon6(gw);
    if (!canon) return fail(`route: bad address: ${gw}`);
    if (op === 'add' && cur) return fail('', 1, `add net default: gateway ${gw} fib 0: route already in table\n`); // R4, EEXIST on stdout
    if (op === 'change' && !cur) return fail('', 1, `change net default: gateway ${gw} fib 0: not in table\n`); // ESRCH
    const iface = ifaceFor(ctx, fam, canon);
    if (!iface) return fail('', 1, `${op} net default: gateway ${gw} fib 0: Network is unreachable\n`);
    setRoute(ctx, fam, canon, iface);
    return ok(`${op} net default: gateway ${gw}\n`); // fixture 26
  }
  if (!cur) return fail('', 1, `delete net default: ${gw ? `gateway ${gw} ` : ''}fib 0: not in table\n`); // R4
  setRoute(ctx, fam, undefined, '');
  return ok(`delete net default: gateway ${cur.gateway}\n`);
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
