// Parse one jail's part of the inside probe (split by inside-batch.ts): its `ifconfig -a`, then its IPv4 and IPv6 default routes.
import type { JailInside } from '../types.js';
import { INSIDE_MARK } from '../probe-commands.js';
import { parseIfconfig } from './ifconfig.js';
import { parseRouteGet } from './route.js';

/** Split at the `@@klee-route4` / `@@klee-route6` marker lines and parse each part; warnings name the jail. */
export function parseInside(stdout: string, jail: string): { inside: JailInside; warnings: string[] } {
  const parts: Record<'ifconfig' | '4' | '6', string[]> = { ifconfig: [], '4': [], '6': [] };
  let at: keyof typeof parts = 'ifconfig';
  for (const line of stdout.split(/\r?\n/)) {
    if (line.trim() === `${INSIDE_MARK}4`) at = '4';
    else if (line.trim() === `${INSIDE_MARK}6`) at = '6';
    else parts[at].push(line);
  }
  const ifc = parseIfconfig(parts.ifconfig.join('\n'), `jexec ${jail} ifconfig -a`);
  const inside: JailInside = { interfaces: ifc.interfaces };
  const r4 = parseRouteGet(parts['4'].join('\n'));
  const r6 = parseRouteGet(parts['6'].join('\n'));
  if (r4?.gateway) inside.defaultRoute4 = r4.gateway;
  if (r6?.gateway) inside.defaultRoute6 = r6.gateway;
  return { inside, warnings: ifc.warnings };
}
