// The parts of a document whose shape the schema accepted, so that the semantic rules can still check them when
// another part has a schema error (every diagnostic in one run). Pure.
import type { Diagnostic } from './types.js';
import { dotted, type Path } from './diagnostic.js';

/** The sections whose entries (networks, containers) are checked one by one. */
const SECTIONS = new Set(['networks', 'containers']);

/** A document with the refused parts cut out, and the dotted paths whose rule diagnostics cannot be trusted. */
export interface Pruned {
  value: Record<string, unknown>;
  /** The cut paths, and each container's entry for a network that lost a field (its driver rules saw a default). */
  unchecked: string[];
  /** The entries that lost a field (`containers.a`): a diagnostic about the entry as a whole may be the cut's doing. */
  entries: string[];
}

/**
 * Cut every part the schema refused: a field of a network or container (`containers.a.ports`), an entry that is not a
 * map (kept by name as an empty entry, so that references to it still resolve), or a top-level field. Undefined when
 * the document or a whole section has the wrong shape: then nothing is left for the rules to check reliably.
 */
export function pruneInvalid(doc: unknown, places: Path[]): Pruned | undefined {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const value: Record<string, unknown> = { ...(doc as Record<string, unknown>) };
  const cut = new Set<string>();
  for (const place of places) {
    const [section, name, field] = place;
    if (place.length === 0 || (SECTIONS.has(String(section)) && place.length === 1)) return undefined;
    if (!SECTIONS.has(String(section))) {
      delete value[String(section)];
      cut.add(dotted([section]));
      continue;
    }
    const entries = { ...(value[String(section)] as Record<string, unknown>) };
    value[String(section)] = entries;
    if (place.length === 2) {
      entries[String(name)] = null;
      cut.add(dotted([section, name]));
      continue;
    }
    const entry = entries[String(name)];
    if (entry === null || typeof entry !== 'object') continue;
    const copy = { ...(entry as Record<string, unknown>) };
    delete copy[String(field)];
    entries[String(name)] = copy;
    cut.add(dotted([section, name, field]));
  }
  const entries = [...cut].filter((c) => SECTIONS.has(c.split('.')[0])).map((c) => c.split('.').slice(0, 2).join('.'));
  return { value, unchecked: [...cut, ...endpointsOf(value, cut)], entries: [...new Set(entries)] };
}

/** The dotted paths of container entries (list items or map keys) that name a network with a cut. */
function endpointsOf(value: Record<string, unknown>, cut: Set<string>): string[] {
  const shaky = (network: string) => [...cut].some((c) => c === `networks.${network}` || c.startsWith(`networks.${network}.`));
  const out: string[] = [];
  for (const [name, c] of Object.entries((value.containers ?? {}) as Record<string, any>)) {
    const networks = c?.networks;
    if (Array.isArray(networks)) networks.forEach((n, i) => { if (shaky(String(n))) out.push(dotted(['containers', name, 'networks', i])); });
    else if (networks && typeof networks === 'object') for (const n of Object.keys(networks)) if (shaky(n)) out.push(dotted(['containers', name, 'networks', n]));
  }
  return out;
}

/**
 * Drop the rule diagnostics a cut may have caused: those at or below an unchecked path, and those about an entry as a
 * whole (`containers.a`, e.g. "needs path or image") when one of its fields was cut.
 */
export function outsideCuts(diagnostics: Diagnostic[], pruned: Pruned): Diagnostic[] {
  const entries = new Set(pruned.entries);
  return diagnostics.filter((d) => !entries.has(d.path) && !pruned.unchecked.some((c) => d.path === c || d.path.startsWith(`${c}.`)));
}
