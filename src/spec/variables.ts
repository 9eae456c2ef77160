// Variable lookups for interpolation: names come from the user's file, so they are looked up in a Map, where
// `${constructor}` or `${__proto__}` find nothing instead of Object.prototype's members.

/** A lookup over variable sources, the first source that has a name winning; only own entries count. */
export function variableLookup(...sources: (Readonly<Record<string, string | undefined>> | ReadonlyMap<string, string> | undefined)[]): (name: string) => string | undefined {
  const vars = new Map<string, string>();
  for (const s of sources.reverse()) {
    if (s === undefined) continue;
    for (const [k, v] of s instanceof Map ? s : Object.entries(s)) if (v !== undefined) vars.set(k, v);
  }
  return (name) => vars.get(name);
}
