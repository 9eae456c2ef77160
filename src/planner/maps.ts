// Two Map idioms the kinds and rules share: a list per key, and a map per key.

/** Append `v` to the list at `k`, creating it. */
export function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The map at `k`, created empty when absent. */
export function mapAt<K, K2, V>(m: Map<K, Map<K2, V>>, k: K): Map<K2, V> {
  let inner = m.get(k);
  if (!inner) m.set(k, (inner = new Map()));
  return inner;
}
