// File bytes to text: UTF-8 only, and bytes that are not UTF-8 (a Latin-1 file) reported where they are. Pure.

/** Decoded text, or the place of the first byte that is not UTF-8 (line and column in characters, 1-based). */
export type Decoded = { text: string } | { line: number; column: number; byte: number };

/** Decode UTF-8 (a leading byte-order mark is dropped); never throws. */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const at = firstInvalid(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, at));
    return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n'), byte: bytes[at] };
  }
}

/** The message for a file that is not UTF-8, naming the byte (Latin-1 is the usual cause). */
export function notUtf8Message(d: { byte: number }): string {
  return `the file is not UTF-8 text: byte 0x${d.byte.toString(16).padStart(2, '0')} here is not valid UTF-8 (a Latin-1 file?)`;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629), or the length. */
function firstInvalid(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    // Overlong, surrogate and out-of-range forms (the second byte's range for E0, ED, F0, F4).
    const d = b[i + 1];
    if ((c === 0xe0 && d < 0xa0) || (c === 0xed && d > 0x9f) || (c === 0xf0 && d < 0x90) || (c === 0xf4 && d > 0x8f)) return i;
    i += n + 1;
  }
  return b.length;
}
