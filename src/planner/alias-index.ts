// The project's aliases grouped by container and by interface, built once per ownership (i.e. per planning run):
// looking them up with a scan of every alias per container or network was quadratic in the project's size.
import type { OwnedAlias, Ownership } from '../host/ownership.js';

interface AliasIndex {
  byContainer: Map<string, OwnedAlias[]>;
  byInterface: Map<string, OwnedAlias[]>;
}

const NONE: readonly OwnedAlias[] = [];
const indexes = new WeakMap<Ownership, AliasIndex>();

function indexOf(own: Ownership): AliasIndex {
  let ix = indexes.get(own);
  if (!ix) {
    ix = { byContainer: new Map(), byInterface: new Map() };
    for (const a of own.aliases) {
      push(ix.byContainer, a.container, a);
      if (a.interface !== undefined) push(ix.byInterface, a.interface, a);
    }
    indexes.set(own, ix);
  }
  return ix;
}

function push(m: Map<string, OwnedAlias[]>, k: string, a: OwnedAlias): void {
  const list = m.get(k);
  if (list) list.push(a);
  else m.set(k, [a]);
}

/** `own.aliases.filter((a) => a.container === container)`, same order. */
export function aliasesOfContainer(own: Ownership, container: string): readonly OwnedAlias[] {
  return indexOf(own).byContainer.get(container) ?? NONE;
}

/** `own.aliases.filter((a) => a.interface === iface)`, same order. */
export function aliasesOnInterface(own: Ownership, iface: string): readonly OwnedAlias[] {
  return indexOf(own).byInterface.get(iface) ?? NONE;
}
