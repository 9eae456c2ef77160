// Plain text tables for `klee ps` and `klee ls`: columns padded to their widest cell, two spaces apart.

/** Rows (the first one the header) as lines, every column but the last padded; ends with a newline. */
export function renderTable(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}
