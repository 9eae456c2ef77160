// Rules on containers: root, network membership, drivers, explicit addresses.
import type { Rule } from './context.js';
import { endpointAt, endpointPath, reporter } from './context.js';
import { closest } from '../suggest.js';
import { broadcastOf, formatSubnet, inSubnet, parseAddress, type Family } from '../addr.js';
import { gatewayOf, subnetsOf } from './networks.js';
import { PATH_MAX } from '../mounts.js';
import { normalPath } from '../normal-path.js';

/** FreeBSD's MAXHOSTNAMELEN, including the terminating NUL (sys/sys/param.h); host.hostname is limited to it. */
const MAXHOSTNAMELEN = 256;

const IPF = { 4: 'ip', 6: 'ip6' } as const;
const SUBF = { 4: 'subnet', 6: 'subnet6' } as const;
const FAM = { 4: 'IPv4', 6: 'IPv6' } as const;

/**
 * Which of the host's own trees a root is, if any: its `/` (jail(8) mounts devfs on `<root>/dev`, the host's /dev,
 * and every `mount=` line below it: over the host's own directories) or its devfs `/dev` and anything below it.
 */
function hostSystemRoot(path: string): string | undefined {
  const p = normalPath(path);
  return p === '/' ? 'root directory /' : p === '/dev' || p.startsWith('/dev/') ? 'devfs /dev' : undefined;
}

/** The rules about containers' roots, networks and addresses. */
export const containerRules: Rule[] = [
  {
    id: 'root',
    check(ctx) {
      const r = reporter(ctx);
      for (const [name, c] of Object.entries(ctx.doc.containers)) {
        if (c.path === undefined && c.image === undefined) r.error(['containers', name], `container "${name}" needs \`path\` (its root directory) or \`image\` (a ZFS snapshot to clone)`, `for instance path: /jails/${name}`, 'key');
        if (c.path !== undefined && !c.path.startsWith('/')) r.error(['containers', name, 'path'], `path "${c.path}" must be absolute (start with /)`);
        else if (c.path !== undefined && c.path.split('/').includes('..')) r.error(['containers', name, 'path'], `path "${c.path}" contains a ".." segment`);
        else if (c.path !== undefined && Buffer.byteLength(c.path) >= PATH_MAX) r.error(['containers', name, 'path'], `path is ${Buffer.byteLength(c.path)} bytes, longer than PATH_MAX (${PATH_MAX})`);
        else if (c.path !== undefined && hostSystemRoot(c.path)) r.error(['containers', name, 'path'], `path "${c.path}" is the host's ${hostSystemRoot(c.path)}: jail(8) would mount the jail's devfs and mounts over the host's own`, `give the container a directory of its own, for instance /jails/${name}`);
        // The root prefixes every jail-side mount point in a mount= line, which jail(8) splits at white space (mounts.ts).
        else if (c.path !== undefined && c.mounts.length > 0 && /[\s\\]/.test(c.path)) r.error(['containers', name, 'path'], `path "${c.path}" contains white space or a backslash, which jail(8) cannot take in a mount line`, 'use a path without spaces, or no mounts');
        if (Buffer.byteLength(c.hostname) >= MAXHOSTNAMELEN) r.error(['containers', name, 'hostname'], `hostname is ${Buffer.byteLength(c.hostname)} bytes: at most ${MAXHOSTNAMELEN - 1} (MAXHOSTNAMELEN, sys/sys/param.h)`);
      }
      return r.out;
    },
  },
  {
    id: 'network-membership',
    check(ctx) {
      const r = reporter(ctx);
      const known = [...ctx.networks.keys()];
      for (const [name, c] of Object.entries(ctx.doc.containers)) {
        const written = ctx.raw?.containers?.[name]?.networks;
        if (Array.isArray(written)) {
          written.forEach((n: string, i: number) => {
            if (written.indexOf(n) !== i) r.error(['containers', name, 'networks', i], `network "${n}" is listed twice`);
          });
        }
        for (const n of Object.keys(c.networks)) {
          if (ctx.networks.has(n)) continue;
          const guess = closest(n, known);
          r.error(endpointPath(ctx, name, n), `container "${name}" joins network "${n}", which is not declared under networks`, guess ? `did you mean "${guess}"?` : known.length ? `declared networks: ${known.join(', ')}` : 'declare it under networks:', endpointAt(ctx, name));
        }
      }
      return r.out;
    },
  },
  {
    id: 'driver',
    check(ctx) {
      const r = reporter(ctx);
      for (const [name, c] of Object.entries(ctx.doc.containers)) {
        const nets = Object.keys(c.networks);
        if ((c.driver === 'host' || c.driver === 'disabled') && nets.length > 0) {
          r.error(['containers', name, 'networks'], `containers with the '${c.driver}' network-driver cannot connect to networks.`, `use driver: ipnet (or vnet on a bridge), or remove networks`);
        }
        if ((c.driver === 'host' || c.driver === 'disabled') && c.ports.length > 0) {
          r.error(['containers', name, 'ports'], `containers with the '${c.driver}' network-driver cannot publish ports`, 'ports need an ipnet or vnet container on a network');
        }
        if (c.driver === 'vnet') {
          for (const n of nets) {
            const t = ctx.networks.get(n)?.type;
            if (t && t !== 'bridge') r.error(endpointPath(ctx, name, n), `containers using the 'vnet' network-driver can't connect to ${t} networks`, `network "${n}" is ${t}: use a bridge network, or driver: ipnet`, endpointAt(ctx, name));
          }
        }
      }
      return r.out;
    },
  },
  {
    id: 'addresses',
    check(ctx) {
      const r = reporter(ctx);
      const subnets = subnetsOf(ctx);
      const taken = new Map<string, string>();
      for (const [name, c] of Object.entries(ctx.doc.containers)) {
        for (const [n, ep] of Object.entries(c.networks)) {
          const net = ctx.networks.get(n);
          if (!net) continue;
          for (const f of [4, 6] as Family[]) {
            const ip = ep[IPF[f]];
            if (ip === undefined) continue;
            const path = ['containers', name, 'networks', n, IPF[f]];
            const a = parseAddress(ip, f);
            if (a === undefined) {
              r.error(path, `${IPF[f]} "${ip}" is not an ${FAM[f]} address`, f === 4 && parseAddress(ip, 6) !== undefined ? 'an IPv6 address goes in ip6' : undefined);
              continue;
            }
            if (net[SUBF[f]] === undefined) {
              r.error(path, `network "${n}" has no ${FAM[f]} subnet, so ${IPF[f]} ${ip} cannot be assigned`, `add ${SUBF[f]} to network "${n}"`);
              continue;
            }
            const s = subnets.get(n)?.[f];
            if (!s) continue; // the subnet itself is reported
            const gw = gatewayOf(ctx, n, f, s);
            if (!inSubnet(a, s)) r.error(path, `${IPF[f]} ${ip} is outside ${SUBF[f]} ${formatSubnet(s)} of network "${n}"`);
            else if (a === s.network) r.error(path, `${IPF[f]} ${ip} is the network address of ${formatSubnet(s)}`);
            else if (a === broadcastOf(s)) r.error(path, `${IPF[f]} ${ip} is the broadcast address of ${formatSubnet(s)}`);
            else if (a === gw) r.error(path, `${IPF[f]} ${ip} is the gateway of network "${n}"`, net.type === 'bridge' && net[f === 4 ? 'gateway' : 'gateway6'] === 'auto' ? 'with gateway: auto the bridge takes the first address' : undefined);
            else {
              const key = `${n}/${f}/${a}`;
              const other = taken.get(key);
              if (other !== undefined) r.error(path, `${IPF[f]} ${ip} on network "${n}" is already given to container "${other}"`);
              else taken.set(key, name);
            }
          }
        }
      }
      return r.out;
    },
  },
];
