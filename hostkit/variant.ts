// The host kit's scenarios: an example file made safe to run on a host that is in use, with a project name and
// subnets nothing there can have, and (on a real host) every container's root at one FreeBSD userland directory.
import { parseDocument } from 'yaml';

/** How to make an example collision-free. */
export interface VariantOptions {
  /** The project name (kit<random>). */
  project: string;
  /** The second octet of the 10.X.0.0/16 the IPv4 subnets move into (one the host does not use). */
  octet: number;
  /** The first 32 bits of the fdXX:YYYY::/32 the IPv6 subnets move into (`fd12:3456`). */
  prefix6: string;
  /** A directory holding a FreeBSD userland, used as every container's root (real hosts); undefined: the file's. */
  root?: string;
}

/** The /24s and /64s of the file's networks, in file order: their first three IPv4 octets and first 64 IPv6 bits. */
function subnets(text: string): { v4: string[]; v6: string[] } {
  const doc = parseDocument(text).toJS() as { networks?: Record<string, { subnet?: string; subnet6?: string }> };
  const v4: string[] = [];
  const v6: string[] = [];
  for (const n of Object.values(doc.networks ?? {})) {
    const m4 = n.subnet && /^(\d+\.\d+\.\d+)\.0\/24$/.exec(n.subnet);
    if (m4 && !v4.includes(m4[1])) v4.push(m4[1]);
    else if (n.subnet) throw new Error(`host kit: subnet ${n.subnet} is not a /24 (the kit moves /24s)`);
    const m6 = n.subnet6 && /^([0-9a-f:]+)::\/64$/.exec(n.subnet6);
    if (m6 && !v6.includes(m6[1])) v6.push(m6[1]);
    else if (n.subnet6) throw new Error(`host kit: subnet6 ${n.subnet6} is not a /64 written a:b:c:d::/64 or shorter`);
  }
  return { v4, v6 };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The example as the kit runs it: its name, every address of its subnets (in networks, ip:, env and commands alike)
 * moved to 10.<octet>.<n>.x and <prefix6>:<n>::x, and with `root` every container's path.
 */
export function kitVariant(text: string, o: VariantOptions): string {
  const { v4, v6 } = subnets(text);
  let out = text;
  v4.forEach((p, n) => { out = out.replace(new RegExp(`\\b${escape(p)}\\.(?=\\d)`, 'g'), `10.${o.octet}.${n}.`); });
  v6.forEach((p, n) => { out = out.replace(new RegExp(`\\b${escape(p)}::`, 'g'), `${o.prefix6}:${n}::`); });
  const doc = parseDocument(out);
  doc.set('name', o.project);
  if (o.root !== undefined) {
    const containers = doc.toJS().containers as Record<string, unknown> | undefined;
    for (const c of Object.keys(containers ?? {})) doc.setIn(['containers', c, 'path'], o.root);
  }
  return doc.toString();
}

/** The kit's edit step: the file with `env.<key>: <value>` set on one container (a change klee must converge). */
export function withEnv(text: string, container: string, key: string, value: string): string {
  const doc = parseDocument(text);
  doc.setIn(['containers', container, 'env', key], value);
  return doc.toString();
}

/**
 * The kit's fault step: the file with a jail parameter no kernel knows added to one container. jail(8) refuses it
 * before it creates anything (libjail jailparam_init: "unknown parameter: NAME", reached from jail.c import_params
 * before create_jail), so the fault is safe on a real host; klee must report it, undo, and converge once it is gone.
 */
export function withUnknownJailParam(text: string, container: string, param: string): string {
  const doc = parseDocument(text);
  const list = doc.getIn(['containers', container, 'jail_params']) as { add(v: string): void } | undefined;
  if (list) list.add(param);
  else doc.setIn(['containers', container, 'jail_params'], doc.createNode([param]));
  return doc.toString();
}
