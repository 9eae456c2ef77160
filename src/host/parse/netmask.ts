// Netmask forms ifconfig prints (0xffffff00, 255.255.255.0) to prefix lengths.

/** Prefix length of a contiguous IPv4 netmask in hex (`0xffffff00`) or dotted form; undefined when not contiguous/unreadable. */
export function netmaskToPrefixlen(mask: string): number | undefined {
  let value: number;
  if (/^0x[0-9a-fA-F]{1,8}$/.test(mask)) value = parseInt(mask.slice(2), 16);
  else if (/^\d{1,3}(\.\d{1,3}){3}$/.test(mask)) {
    const o = mask.split('.').map(Number);
    if (o.some((x) => x > 255)) return undefined;
    value = ((o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3]) >>> 0;
  } else return undefined;
  let len = 0;
  while (len < 32 && (value & (0x80000000 >>> len)) !== 0) len++;
  const rebuilt = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return rebuilt === value >>> 0 ? len : undefined;
}
