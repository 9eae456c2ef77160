// Address helpers for the simulator: parse, canonicalise (as inet_ntop prints), masks, subnets.

/** Parse dotted-quad IPv4; null when malformed. */
export function parse4(s: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const p = m.slice(1).map(Number);
  if (p.some((x) => x > 255)) return null;
  return ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
}

/** Format a 32-bit number as dotted quad. */
export function format4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The netmask of a prefix length as a number. */
export function mask4(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

/** Prefix length of a dotted-quad netmask (null if not contiguous). */
export function maskLen4(mask: string): number | null {
  const n = parse4(mask);
  if (n === null) return null;
  for (let len = 0; len <= 32; len++) if (mask4(len) === n) return len;
  return null;
}

/** ifconfig's netmask form: 0xffffff00 (sbin/ifconfig/af_inet.c prints "netmask 0x%lx"). */
export function hexMask4(len: number): string {
  return '0x' + mask4(len).toString(16).padStart(8, '0');
}

/** The broadcast address of addr/len. */
export function broadcast4(addr: string, len: number): string {
  return format4(((parse4(addr) ?? 0) | (~mask4(len) >>> 0)) >>> 0);
}

/** True when addr lies in net/len. */
export function inSubnet4(addr: string, net: string, len: number): boolean {
  const a = parse4(addr);
  const n = parse4(net);
  if (a === null || n === null) return false;
  const m = mask4(len);
  return ((a & m) >>> 0) === ((n & m) >>> 0);
}

/** Expand an IPv6 address into 8 groups; null when malformed. */
export function parse6(s: string): number[] | null {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.split('::').length > 2) return null;
  let tail4: number[] = [];
  let str = s;
  const last = s.lastIndexOf(':');
  if (s.slice(last + 1).includes('.')) {
    const v4 = parse4(s.slice(last + 1));
    if (v4 === null) return null;
    tail4 = [v4 >>> 16, v4 & 0xffff];
    str = s.slice(0, last + 1) + (s[last - 1] === ':' ? '' : '0');
    if (!str.endsWith('::') && str.endsWith(':0')) str = str.slice(0, -2);
  }
  const [head, rest] = str.split('::');
  const hs = head ? head.split(':') : [];
  const ts = rest === undefined ? [] : rest ? rest.split(':') : [];
  const groups = [...hs, ...ts].map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
  if (groups.some((g) => Number.isNaN(g))) return null;
  const need = 8 - tail4.length;
  if (rest === undefined) {
    if (groups.length !== need) return null;
    return [...groups, ...tail4];
  }
  if (hs.length + ts.length > need - 1) return null;
  const hv = groups.slice(0, hs.length);
  const tv = groups.slice(hs.length);
  return [...hv, ...Array(need - hs.length - ts.length).fill(0), ...tv, ...tail4];
}

/** RFC 5952 text (what inet_ntop prints): lowercase, longest zero run compressed. */
export function canon6(s: string): string | null {
  const g = parse6(s);
  if (!g) return null;
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return hex.slice(0, best).join(':') + '::' + hex.slice(best + bestLen).join(':');
}

/** True for fe80::/10 (printed with %ifname and a scopeid). */
export function isLinkLocal6(addr: string): boolean {
  const g = parse6(addr);
  return !!g && (g[0] & 0xffc0) === 0xfe80;
}

/** True when addr lies in net/len (IPv6). */
export function inSubnet6(addr: string, net: string, len: number): boolean {
  const a = parse6(addr);
  const n = parse6(net);
  if (!a || !n) return false;
  for (let i = 0; i < 8; i++) {
    const bits = Math.max(0, Math.min(16, len - i * 16));
    const m = bits === 0 ? 0 : (0xffff << (16 - bits)) & 0xffff;
    if ((a[i] & m) !== (n[i] & m)) return false;
  }
  return true;
}
