// jls(8) with libxo JSON (usr.sbin/jls/jls.c, JLS_XO_VERSION "2"): -n (every parameter, fixture 19) and -v (fixture 20).
import { type Ctx, type Out, fail, findJail, ok } from './ctx.js';

import { osreldate } from './release.js';
import type { SimJail } from './state.js';

const USAGE = 'usage: jls [-dhNnqv] [-j jail] [param ...]'; // jls.c usage()

const q = (s: string): string => JSON.stringify(s);

/** Every parameter of a jail as jls -n reports it, in the kernel's order (fixture 19: top-level names, then dotted). */
export function jailParams(j: SimJail, meta: boolean, release: string): [string, string | boolean | string[]][] {
  const p = j.params;
  const str = (k: string, d: string): string => (typeof p[k] === 'string' ? (p[k] as string) : d);
  const bool = (k: string, d: boolean): boolean => (typeof p[k] === 'boolean' ? (p[k] as boolean) : d);

  const top: [string, string | boolean | string[]][] = [
    ['devfs_ruleset', str('devfs_ruleset', p['mount.devfs'] === true ? '4' : '0')],
    ['dying', j.dying === true],
    ['enforce_statfs', str('enforce_statfs', '2')],
    ...(meta ? [['env', str('env', '')] as [string, string]] : []),
    ['host', str('host', 'new')],
    // jails with ip4.addr still report ip4=disable (fixture 19 notes); vnet jails inherit.
    ['ip4', str('ip4', j.vnet ? 'inherit' : 'disable')],
    ['ip6', str('ip6', j.vnet ? 'inherit' : 'disable')],
    ['jid', String(j.jid)],
    ...(meta ? [['meta', str('meta', '')] as [string, string]] : []),
    ['name', j.name],
    // a jail reports the host's release unless created with its own (kern_jail.c: osrelease/osreldate inherited)
    ['osreldate', str('osreldate', osreldate(release))],
    ['osrelease', str('osrelease', release)],
    ['parent', '0'],
    ['path', j.path],
    ['persist', bool('persist', false)],
    ['securelevel', str('securelevel', '-1')],
    ['sysvmsg', str('sysvmsg', 'disable')],
    ['sysvsem', str('sysvsem', 'disable')],
    ['sysvshm', str('sysvshm', 'disable')],
    ['vnet', j.vnet ? 'new' : 'inherit'],
  ];
  const allowDefaults: Record<string, boolean> = {
    'allow.chflags': false, 'allow.mlock': false, 'allow.mount': false, 'allow.mount.devfs': false,
    'allow.mount.procfs': false, 'allow.mount.tmpfs': false, 'allow.mount.zfs': false, 'allow.nfsd': false,
    'allow.quotas': false, 'allow.raw_sockets': false, 'allow.read_msgbuf': false, 'allow.reserved_ports': true,
    'allow.set_hostname': true, 'allow.socket_af': false, 'allow.suser': true, 'allow.sysvipc': false,
    'allow.unprivileged_proc_debug': true,
  };
  for (const k of Object.keys(p)) if (k.startsWith('allow.') && !(k in allowDefaults)) allowDefaults[k] = false;
  const allows = Object.keys(allowDefaults).sort().map((k) => [k, bool(k, allowDefaults[k])] as [string, boolean]);
  return [
    ...top,
    ...allows,
    ['children.cur', '0'],
    ['children.max', str('children.max', '0')],
    ['cpuset.id', String(j.jid + 2)],
    ['host.domainname', str('host.domainname', '')],
    ['host.hostid', '0'],
    ['host.hostname', j.hostname],
    ['host.hostuuid', '00000000-0000-0000-0000-000000000000'],
    ['ip4.addr', j.ip4],
    ['ip4.saddrsel', true],
    ['ip6.addr', j.ip6],
    ['ip6.saddrsel', true],
  ];
}

/** libxo JSON of one -n record: arrays are emitted as `, "k": [..]` (a space before the key; fixture 19). */
function xoRecord(fields: [string, string | boolean | string[]][]): string {
  let s = '';
  fields.forEach(([k, v], n) => {
    if (Array.isArray(v)) s += `${n ? ',' : ''} ${q(k)}: [${v.map(q).join(',')}]`;
    else s += `${n ? ',' : ''}${q(k)}:${typeof v === 'boolean' ? String(v) : q(v)}`;
  });
  return `{${s}}`;
}

function wrap(records: string[]): string {
  return `{"__version": "2", "jail-information": {"jail": [${records.join(', ')}]}}\n`;
}

/** Run jls. */
export function jls(ctx: Ctx, args: string[]): Out {
  let n = false;
  let v = false;
  let d = false;
  let json = false;
  let only: string | undefined;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '--libxo=json' || a === '--libxo' && args[k + 1] === 'json') { json = true; if (a === '--libxo') k++; continue; }
    if (!/^-[dnv]*j?$/.test(a) || a === '-') return fail(USAGE);
    // jls.c getopt "dj:hNnqsv": flags combine; -j, last, takes the next argument
    for (const c of a.slice(1)) {
      if (c === 'd') d = true; // "List dying as well as active jails" (jls.8)
      else if (c === 'n') n = true;
      else if (c === 'v') v = true;
      else if (args[k + 1] === undefined) return fail(USAGE);
      else only = args[++k];
    }
  }
  let jails = [...ctx.st.jails].filter((j) => d || !j.dying).sort((a, b) => a.jid - b.jid);
  if (only !== undefined) {
    const j = findJail(ctx.st, only, d);
    if (!j) return fail(`jls: jail "${only}" not found`); // R4, jls.c xo_errx("%s", jail_errmsg)
    jails = [j];
  }
  if (!json) return textList(jails);
  if (n) return ok(wrap(jails.map((j) => xoRecord(jailParams(j, ctx.st.features.meta, ctx.st.sysctl['kern.osrelease'] ?? '')))));
  if (v) {
    // fixture 20: jid, hostname, path, name, state, cpusetid (numbers for jid/cpusetid), then address lists
    return ok(wrap(jails.map((j) => `{"jid":${j.jid},"hostname":${q(j.hostname)},"path":${q(j.path)},"name":${q(j.name)},"state":"${j.dying ? 'DYING' : 'ACTIVE'}","cpusetid":${j.jid + 2}, "ipv4_addrs": [${j.ip4.map(q).join(',')}], "ipv6_addrs": [${j.ip6.map(q).join(',')}]}`)));
  }
  // fixture 03: default keys jid (number), ipv4, hostname, path
  return ok(wrap(jails.map((j) => `{"jid":${j.jid},"ipv4":${q(j.ip4[0] ?? '')},"hostname":${q(j.hostname)},"path":${q(j.path)}}`)));
}

/** Plain `jls` text (jls.c: "%6d  %-15.15s %-29.29s %.74s"; fixture 02). */
function textList(jails: SimJail[]): Out {
  const head = '   JID  IP Address      Hostname                      Path\n';
  const rows = jails.map((j) => `${String(j.jid).padStart(6)}  ${(j.ip4[0] ?? '').slice(0, 15).padEnd(15)} ${j.hostname.slice(0, 29).padEnd(29)} ${j.path.slice(0, 74)}\n`);
  return ok(head + rows.join(''));
}


