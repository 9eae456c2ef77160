// Records whose keys come from outside (a command's argv, a host's output, a state file) and are looked up by them:
// without a prototype, `sysctl constructor` or a jls key "__proto__" find nothing of Object.prototype's.

/** A prototype-less copy of a record (JSON.stringify and Object.entries see the same entries). */
export function dict<T>(from: Readonly<Record<string, T>> = {}): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [k, v] of Object.entries(from)) out[k] = v;
  return out;
}
