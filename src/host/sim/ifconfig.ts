// `ifconfig` with FreeBSD 14's grammar (sbin/ifconfig/ifconfig.c, ifclone.c, ifbridge.c, ifgroup.c, af_inet.c, af_inet6.c).
import { canon6, maskLen4, parse4 } from './addr.js';
import { type Ctx, type Out, envOf, fail, findIface, findJail, ok, vnetOf, visibleIfaces } from './ctx.js';
import { CLONERS, addrOwner, cloneIface, destroyIface, lowestUnit, moveIface, renameIface, setUp, takenUnits } from './iface-ops.js';
import { type JailView, jailView, renderAll, renderIface } from './render-ifconfig.js';
import { type IfconfigFormat, parseIfconfigFormat } from './ifconfig-format.js';
import { netlinkIfconfig } from './release.js';
import type { SimIface } from './state.js';

const E = (msg: string): Out => fail(`ifconfig: ${msg}`);

// ifconfig.c usage() (14.x).
const USAGE = `usage: ifconfig [-j jail] [-f type:format] %sinterface address_family
	[address [dest_address]] [parameters]
	ifconfig [-j jail] interface create
	ifconfig [-j jail] -a %s[-d] [-m] [-u] [-v] [address_family]
	ifconfig [-j jail] -l [-d] [-u] [address_family]
	ifconfig [-j jail] %s[-d] [-m] [-u] [-v]
`.replace(/%s/g, '');

/** Run ifconfig in the context (host or jail). */
export function ifconfig(ctx: Ctx, args: string[]): Out {
  const view = ctx.jail && !ctx.jail.vnet ? jailView(ctx.jail) : undefined;
  // main() reads IFCONFIG_FORMAT before anything else; its warnings come first whatever the command.
  const format = parseIfconfigFormat(envOf(ctx).IFCONFIG_FORMAT);
  const out = command(ctx, args, view, format);
  return format.warnings ? { ...out, stderr: format.warnings + out.stderr } : out;
}

function command(ctx: Ctx, args: string[], view: JailView | undefined, format: IfconfigFormat): Out {
  const legacy = !netlinkIfconfig(ctx.st.sysctl['kern.osrelease'] ?? '');
  if (args.length === 0 || (args[0] === '-a' && args.length === 1)) return ok(renderAll(visibleIfaces(ctx), view, format, legacy));
  if (args[0] === '-l' && args.length === 1) return ok(visibleIfaces(ctx).map((i) => i.name).join(' ') + '\n');
  if (args[0] === '-g' && args.length === 2) {
    // ifgroup.c: one member per line (R3)
    const names = visibleIfaces(ctx).filter((i) => i.groups.includes(args[1])).map((i) => i.name);
    return ok(names.map((n) => n + '\n').join(''));
  }
  if (args[0] === '-a' && args[1] === '-g' && args.length === 3) {
    return ok(renderAll(visibleIfaces(ctx).filter((i) => i.groups.includes(args[2])), view, format, legacy));
  }
  if (args[0].startsWith('-')) return fail(USAGE);
  const [name, ...ops] = args;
  if (ops[0] === 'create' || ops[0] === 'plumb') return create(ctx, name, ops.slice(1));
  if (ops[0] === '-vnet' && ops.length === 2) return reclaim(ctx, name, ops[1]);
  const i = findIface(ctx, name);
  if (!i) return E(`interface ${name} does not exist`);
  if (ops.length === 0) return ok(renderIface(i, visibleIfaces(ctx), view, format, legacy));
  if (view) return E(`ioctl (SIOCSIFFLAGS): Operation not permitted`); // a non-vnet jail may not configure the host's interfaces
  return apply(ctx, i, ops, false);
}

function create(ctx: Ctx, req: string, ops: string[]): Out {
  const st = ctx.st;
  const m = /^([a-z]+)(\d*)$/.exec(req);
  const cloner = m && (CLONERS as readonly string[]).includes(m[1]) ? m[1] : undefined;
  if (!m || !cloner) return E('SIOCIFCREATE2: Invalid argument'); // R4: unknown cloner
  let unit: number;
  if (m[2] !== '') {
    unit = Number(m[2]);
    // R4: 'interface lo1 already exists' (EEXIST from SIOCIFCREATE2, also when the unit is held by a renamed one)
    const exists = takenUnits(st, cloner).has(unit) || findIface(ctx, req);
    if (exists) return E(`interface ${req} already exists`);
  } else unit = lowestUnit(st, cloner);
  // sys/net/if_epair.c epair_handle_unit: after ifc_alloc_unit, an interface of this vnet already named epairNb or
  // epairNa (a renamed one of another unit) is EEXIST, and the unit is freed; ifclone.c ioctl_ifcreate then names the
  // request as given ("interface epair already exists": SIOCIFCREATE2 copies nothing back on failure).
  if (cloner === 'epair' && (findIface(ctx, `epair${unit}b`) || findIface(ctx, `epair${unit}a`))) return E(`interface ${req} already exists`);
  const i = cloneIface(st, cloner, unit, vnetOf(ctx));
  // ifclone.c: the name is printed when it differs from the one requested ('lo5 create' prints nothing; R3).
  const printName = i.name !== req;
  const r = apply(ctx, i, ops, printName);
  // ifconfig.c main: atexit(printifnamemaybe) "Ensure we print interface name when expected to, even if we terminate
  // early due to error": a later option failing with err(1, ...) (e.g. `name kleene0`: "ioctl SIOCSIFNAME (set name):
  // File exists") still prints the clone's current name on stdout.
  return r.code !== 0 && printName && r.stdout === '' ? { ...r, stdout: `${i.name}\n` } : r;
}

interface AddrOp {
  family: 'inet' | 'inet6';
  address: string;
  prefixlen?: number;
  alias: number; // 0 none, 1 alias, -1 -alias
}

function parseAddr(fam: 'inet' | 'inet6', text: string): { address: string; prefixlen?: number } | Out {
  const [a, len, extra] = text.split('/');
  if (extra !== undefined) return E(`${text}: bad value`);
  const max = fam === 'inet' ? 32 : 128;
  let prefixlen: number | undefined;
  if (len !== undefined) {
    if (!/^\d+$/.test(len)) return E(`${text}: bad value`);
    prefixlen = Number(len);
    if (prefixlen > max) return E(`${text}: bad value (width too large)`); // R4
  }
  const address = fam === 'inet' ? (parse4(a) !== null ? a : null) : canon6(a);
  if (address === null) return E(`${a}: bad value`); // af_inet.c in_getaddr errx "%s: bad value"
  return { address, prefixlen };
}

const isOut = (x: unknown): x is Out => typeof x === 'object' && x !== null && 'code' in x;

/** Apply the parameters to an interface in order; address changes are deferred to the end as in ifconfig.c. */
function apply(ctx: Ctx, i: SimIface, ops: string[], printName: boolean): Out {
  const st = ctx.st;
  let addr: AddrOp | undefined;
  let fam: 'inet' | 'inet6' | undefined;
  let renamed = false;
  let warn = '';
  const need = (k: number): string | undefined => ops[k + 1];
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k];
    const arg = need(k);
    const one = ['name', 'description', 'descr', 'group', '-group', 'addm', 'deletem', 'vnet', '-vnet', 'mtu', 'netmask', 'prefixlen'];
    if (one.includes(op) && arg === undefined) return E(`'${op}' requires argument`); // ifconfig.c: "'%s' requires argument"
    switch (op) {
      case 'up': setUp(st, i, true); break;
      case 'down': setUp(st, i, false); break;
      case 'name': {
        // if.c SIOCSIFNAME: copyinstr into IFNAMSIZ (ENAMETOOLONG past 15 bytes), then if_rename: "" is EINVAL, the
        // interface's own name succeeds unchanged, a name taken in this vnet is EEXIST.
        const err = Buffer.byteLength(arg!) > 15 ? 'File name too long' : arg === '' ? 'Invalid argument'
          : arg !== i.name && findIface(ctx, arg!) ? 'File exists' : undefined;
        if (err) return E(`ioctl SIOCSIFNAME (set name): ${err}`);
        renameIface(st, i, arg!);
        renamed = true; k++; break;
      }
      case 'description': case 'descr': i.description = arg!; k++; break;
      case '-description': case '-descr': delete i.description; break;
      case 'group': {
        // ifgroup.c setifgroup
        if (/\d$/.test(arg!)) return E('setifgroup: group names may not end in a digit');
        if (arg!.length >= 16) return E('setifgroup: group name too long');
        if (i.groups.includes(arg!)) return E('SIOCAIFGROUP: File exists');
        i.groups.push(arg!); k++; break;
      }
      case '-group': {
        if (!i.groups.includes(arg!)) return E('SIOCDIFGROUP: No such file or directory');
        i.groups = i.groups.filter((g) => g !== arg); k++; break;
      }
      case 'mtu': i.mtu = Number(arg); k++; break;
      case 'addm': case 'deletem': {
        const r = bridgeMember(ctx, i, op, arg!);
        if (r) return r;
        k++; break;
      }
      case 'destroy': {
        if (!i.cloned) return E('SIOCIFDESTROY: Invalid argument'); // R4
        destroyIface(st, i);
        return ok();
      }
      case 'vnet': case '-vnet': {
        const r = vnetMove(ctx, i, op, arg!);
        if (r) return r;
        if (op === '-vnet') return ok();
        k++; break;
      }
      case 'inet': case 'inet6': fam = op; break;
      case 'alias': if (addr) addr.alias = 1; else if (fam) addr = { family: fam, address: '', alias: 1 }; break;
      case '-alias': case 'delete': if (addr) addr.alias = -1; else if (fam) addr = { family: fam, address: '', alias: -1 }; break;
      case 'netmask': case 'prefixlen': {
        if (!addr) return E(`${op}: bad value`);
        const len = op === 'netmask' ? maskLen4(arg!.startsWith('0x') ? '' : arg!) : Number(arg);
        if (len === null || Number.isNaN(len)) return E(`${arg}: bad value`);
        addr.prefixlen = len; k++; break;
      }
      default: {
        // A non-keyword is the address of the current family (default inet), as ifconfig.c treats positionals.
        if (addr && addr.address) return E(`${op}: bad value`);
        const f = fam ?? 'inet';
        const p = parseAddr(f, op);
        if (isOut(p)) return p;
        addr = { family: f, address: p.address, prefixlen: p.prefixlen, alias: addr?.alias ?? 0 };
      }
    }
  }
  if (addr) {
    if (!addr.address) return E(`${addr.alias < 0 ? '-alias' : 'alias'}: bad value`);
    if (addr.prefixlen === undefined && addr.alias >= 0) {
      // af_inet.c in_postproc: an address without a mask warns, except on an IFF_LOOPBACK interface; the kernel takes
      // the classful default (sys/netinet/in.c in_aifaddr_ioctl: "guess it based on classes").
      if (addr.family === 'inet' && i.kind !== 'loopback') warn = 'ifconfig: WARNING: setting interface address without mask is deprecated,\ndefault mask may not be correct.\n';
      addr.prefixlen = addr.family === 'inet' ? classful(addr.address) : 64;
    }
    const r = applyAddr(ctx, i, addr);
    if (r) return { ...r, stderr: warn + r.stderr };
  }
  const out = printName || renamed ? `${i.name}\n` : '';
  return ok(out, warn);
}

function classful(a: string): number {
  const first = Number(a.split('.')[0]);
  return first < 128 ? 8 : first < 192 ? 16 : 24;
}

function applyAddr(ctx: Ctx, i: SimIface, a: AddrOp): Out | undefined {
  const list = a.family === 'inet' ? i.inet : i.inet6;
  if (a.alias < 0) {
    const at = list.findIndex((x) => x.address === a.address);
    if (at < 0) return E("ioctl (SIOCDIFADDR): Can't assign requested address"); // R4, fixture 28
    list.splice(at, 1);
    return undefined;
  }
  // Without 'alias' the first IPv4 address is replaced (ifconfig.c clearaddr: SIOCDIFADDR of the first address).
  if (a.alias === 0 && a.family === 'inet' && list.length) list.shift();
  const owner = addrOwner(ctx.st, i.vnet, a.address);
  if (owner) return E('ioctl (SIOCAIFADDR): File exists'); // R4, fixture 28 B
  // seq: the kernel's order of addition (13.x's ifconfig lists addresses in it)
  const seq = (ctx.st.counters.addr = (ctx.st.counters.addr ?? 0) + 1);
  list.push({ address: a.address, prefixlen: a.prefixlen!, seq, ...(a.family === 'inet6' && dadFails(ctx, i, a.address) ? { flags: ['duplicated'] } : {}) });
  return undefined;
}

/**
 * Whether duplicate address detection of a new IPv6 address fails: another node on the link has it (?dad-fail=).
 * sys/netinet6/in6.c in6if_do_dad: no DAD on an IFF_LOOPBACK interface; nd6_nbr.c nd6_dad_duplicated then clears
 * IN6_IFF_TENTATIVE and sets IN6_IFF_DUPLICATED. DAD ends at once here (no clock): `tentative` is never shown.
 */
function dadFails(ctx: Ctx, i: SimIface, address: string): boolean {
  return i.kind !== 'loopback' && (ctx.opts.dadFail ?? []).includes(address);
}

function bridgeMember(ctx: Ctx, i: SimIface, op: string, m: string): Out | undefined {
  const cmd = op === 'addm' ? 'BRDGADD' : 'BRDGDEL';
  if (i.kind !== 'bridge') return E(`${cmd} ${m}: Invalid argument`);
  const mi = findIface(ctx, m);
  // if_bridge.c bridge_ioctl_add/del: ENOENT (no such interface / not a member), EEXIST (member here), EBUSY (other bridge).
  if (!mi) return E(`${cmd} ${m}: No such file or directory`);
  if (op === 'addm') {
    if (i.members.includes(m)) return E(`BRDGADD ${m}: File exists`);
    if (visibleIfaces(ctx).some((b) => b.kind === 'bridge' && b.members.includes(m))) return E(`BRDGADD ${m}: Device busy`);
    // bridge_ioctl_add: only IFT_ETHER (em0, epairs here) may join, so not a loopback, a pflog or a bridge (itself
    // included); the first member sets the bridge's MTU, a later one must match it.
    if (mi.kind !== 'physical' && mi.kind !== 'epair') return E(`BRDGADD ${m}: Invalid argument`);
    if (i.members.length && mi.mtu !== i.mtu) return E(`BRDGADD ${m}: Invalid argument`);
    if (!i.members.length) i.mtu = mi.mtu;
    i.members.unshift(m); // listed most recently added first (fixture 25: test/fixtures/freebsd/25-ifconfig-create-list-and-stp-bridges-fbsd11-genneko.txt)
  } else {
    if (!i.members.includes(m)) return E(`BRDGDEL ${m}: No such file or directory`);
    i.members = i.members.filter((x) => x !== m);
  }
  return undefined;
}

function vnetMove(ctx: Ctx, i: SimIface, op: string, key: string): Out | undefined {
  if (op === '-vnet') return reclaim(ctx, i.name, key).code ? reclaim(ctx, i.name, key) : undefined;
  const j = findJail(ctx.st, key);
  if (!j) return E(`jail "${key}" not found`); // R4 (libjail jail_errmsg)
  if (!j.vnet || i.vnet === j.jid) return E('SIOCSIFVNET: File exists'); // if.c if_vmove_loan: same vnet -> EEXIST
  moveIface(ctx.st, i, j.jid);
  return undefined;
}

/** 'ifconfig IF -vnet J': the interface is looked up inside J and comes back (if.c if_vmove_reclaim). */
function reclaim(ctx: Ctx, name: string, key: string): Out {
  const j = findJail(ctx.st, key);
  if (!j) return E(`jail "${key}" not found`);
  const inJail = ctx.st.interfaces.find((x) => x.vnet === j.jid && x.name === name);
  if (!inJail || !j.vnet) return E(`SIOCSIFRVNET(${j.jid}, ${name}): Device not configured`);
  moveIface(ctx.st, inJail, vnetOf(ctx));
  return ok();
}
