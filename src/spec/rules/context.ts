// What every semantic rule receives, and helpers to report at a path.
import type { Diagnostic } from '../types.js';
import { diagAt, type Locator, type Path } from '../diagnostic.js';
import type { NormContainer, NormDoc, NormNetwork } from '../normalized.js';
import type { ProjectNameChoice } from '../project-name.js';

/** Inputs of the rules: the normalised document, the interpolated one (for the shapes written), positions. */
export interface RuleContext {
  doc: NormDoc;
  /** doc.networks and doc.containers by name: every lookup by a name the file wrote goes through these Maps, so
   * `depends_on: [constructor]` finds nothing rather than Object.prototype.constructor. */
  networks: ReadonlyMap<string, NormNetwork>;
  containers: ReadonlyMap<string, NormContainer>;
  /** The interpolated document before defaults (to tell a list from a map as written). */
  raw: any;
  project: ProjectNameChoice;
  locate: Locator;
  file: string;
}

/** One named check; returns its problems (empty when fine). */
export interface Rule {
  id: string;
  check(ctx: RuleContext): Diagnostic[];
}

/** The name-keyed Maps of a document (RuleContext.networks, .containers). */
export function docMaps(doc: NormDoc): Pick<RuleContext, 'networks' | 'containers'> {
  return { networks: new Map(Object.entries(doc.networks)), containers: new Map(Object.entries(doc.containers)) };
}

/** A diagnostic reporter bound to a context. */
export function reporter(ctx: RuleContext) {
  const out: Diagnostic[] = [];
  const add = (severity: Diagnostic['severity']) => (path: Path, message: string, hint?: string, at?: 'key' | 'value') => {
    out.push(diagAt(ctx.locate, ctx.file, severity, path, message, { hint, at }));
  };
  return { out, error: add('error'), warn: add('warning') };
}

/** Where to point at a container's entry for a network: the list item, or the map key. */
export function endpointAt(ctx: RuleContext, container: string): 'key' | 'value' {
  return Array.isArray(ctx.raw?.containers?.[container]?.networks) ? 'value' : 'key';
}

/** The path of a container's entry for a network as written (list index or map key). */
export function endpointPath(ctx: RuleContext, container: string, network: string): Path {
  const written = ctx.raw?.containers?.[container]?.networks;
  if (Array.isArray(written)) return ['containers', container, 'networks', Math.max(0, written.indexOf(network))];
  return ['containers', container, 'networks', network];
}
