// Parse a published port "[interface:]host:container[/tcp|udp]" (ranges "8000-8010:8000-8010").
import { isInterfaceName } from './ifname.js';
import type { PortSpec } from './types.js';

/** A parsed port or the reason it is not one. */
export type PortResult = { ok: true; port: PortSpec } | { ok: false; message: string };

/** Parse one ports entry. */
export function parsePort(s: string): PortResult {
  const bad = (why: string): PortResult => ({ ok: false, message: `port "${s}" ${why}` });
  const [main, proto, extra] = s.split('/');
  if (extra !== undefined) return bad('has more than one "/"');
  if (proto !== undefined && proto !== 'tcp' && proto !== 'udp') return bad(`has protocol "${proto}": expected tcp or udp`);
  const parts = main.split(':');
  if (parts.length < 2 || parts.length > 3) return bad('is not [interface:]host:container[/tcp|udp]');
  const iface = parts.length === 3 ? parts[0] : undefined;
  if (iface !== undefined && !isInterfaceName(iface)) return bad(`names interface "${iface}", which is not an interface name (at most 15 bytes: a letter, then letters, digits, '_' or '.')`);
  const host = range(parts[parts.length - 2]);
  const cont = range(parts[parts.length - 1]);
  if (typeof host === 'string') return bad(`has host port ${host}`);
  if (typeof cont === 'string') return bad(`has container port ${cont}`);
  if (host[1] - host[0] !== cont[1] - cont[0]) return bad(`maps ${host[1] - host[0] + 1} host ports to ${cont[1] - cont[0] + 1} container ports: ranges must have the same length`);
  const port: PortSpec = { hostStart: host[0], hostEnd: host[1], containerStart: cont[0], containerEnd: cont[1], protocol: (proto ?? 'tcp') as 'tcp' | 'udp' };
  if (iface !== undefined) port.interface = iface;
  return { ok: true, port };
}

/** "80" or "8000-8010" as [start, end], or a description of what is wrong. */
function range(s: string): [number, number] | string {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(s);
  if (!m) return `"${s}": expected a number 1-65535 or a range like 8000-8010`;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a < 1 || a > 65535 || b < 1 || b > 65535) return `"${s}": ports are 1-65535`;
  if (b < a) return `"${s}": the range ends before it starts`;
  return [a, b];
}
