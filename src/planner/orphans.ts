// Orphans (compose's word): the project's containers and networks on the host that the file does not name. A run
// leaves them as they are unless orphans go too (`--remove-orphans`, `down` without a file); what the file asks for
// must then not need them gone, or the plan names the orphan in the way.
import { canonAddr } from './ip.js';
import type { DesiredContainer, Want } from './desired.js';
import type { Problem } from './errors.js';
import { containerId, networkId } from './ids.js';
import { aliasesOn, jailAddresses, type Observed } from './observed.js';
import { normalPath } from '../spec/normal-path.js';
import { datasetContainer } from './kinds/dataset.js';
import type { NetworkRemoval } from './kinds/network.js';

/** The orphans a run leaves as they are, sorted (empty when orphans go too). */
export interface Orphans {
  containers: string[];
  networks: string[];
}

/** The project's containers (jails, datasets) and networks (interfaces) the file does not name, unless orphans go too. */
export function keptOrphans(want: Want, obs: Observed): Orphans {
  if (want.removeOrphans) return { containers: [], networks: [] };
  const containers = new Set<string>();
  for (const c of obs.jails.keys()) if (!want.named.containers.has(c)) containers.add(c);
  for (const ds of obs.state.datasets ?? []) {
    const c = datasetContainer(want.project, ds.name);
    if (c !== undefined && !want.named.containers.has(c)) containers.add(c);
  }
  const networks = new Set(obs.own.networks.map((o) => o.network).filter((n) => !want.named.networks.has(n)));
  return { containers: [...containers].sort(), networks: [...networks].sort() };
}

/** The warning that lists the orphans left, and how to remove them (compose's "Found orphan containers"). */
export function orphanWarning(want: Want, o: Orphans): string[] {
  if (o.containers.length === 0 && o.networks.length === 0) return [];
  const list = (what: string, names: string[]) => (names.length ? [`${what}${names.length === 1 ? '' : 's'} ${names.join(', ')}`] : []);
  const what = [...list('container', o.containers), ...list('network', o.networks)].join(' and ');
  const one = o.containers.length + o.networks.length === 1;
  return [`orphans: ${what} of project ${want.project} ${one ? 'is' : 'are'} not in the file: left as ${one ? 'it is' : 'they are'}; \`klee ${want.down ? 'down' : 'up'} --remove-orphans\` removes ${one ? 'it' : 'them'}${want.down ? ' too' : ''}`];
}

/**
 * What the file asks for that a kept orphan stands in the way of: a network the plan destroys while an orphan sits on
 * it (an alias on its interface, an epair in its bridge), and a container created on an orphan's root or with an
 * explicit address an orphan holds. Each names the orphan and the two ways out.
 */
export function orphanProblems(want: Want, obs: Observed, o: Orphans, removals: readonly NetworkRemoval[], desired: readonly DesiredContainer[], created: ReadonlyMap<string, string>): Problem[] {
  const kept = new Set(o.containers);
  if (kept.size === 0) return [];
  const problems: Problem[] = [];
  const how = `klee leaves orphans as they are: pass --remove-orphans to remove it too`;
  for (const r of removals) {
    const on = new Set([
      ...aliasesOn(obs, r.iface.name).map((a) => a.container),
      ...obs.own.epairs.filter((e) => e.bridge === r.iface.name).map((e) => e.container),
    ].filter((c) => kept.has(c) && obs.jails.has(c)));
    for (const c of [...on].sort()) {
      problems.push({ resource: networkId(r.network), message: `network "${r.network}" would be ${r.replacedBy ? 'replaced' : 'removed'} (interface ${r.iface.name}), but container "${c}", which the file does not have (an orphan), sits on it; ${how}` });
    }
  }
  const orphanJails = [...kept].map((c) => obs.jails.get(c)).filter((j) => j !== undefined);
  for (const d of desired) {
    if (!created.has(d.spec.name)) continue;
    const root = orphanJails.find((j) => normalPath(j.jail.path) === d.root);
    if (root) problems.push({ resource: containerId(d.spec.name), message: `container "${d.spec.name}": its root ${d.root} is the root of jail ${root.jail.name} (container "${root.container}", which the file does not have: an orphan); ${how}, or give "${d.spec.name}" another path` });
    for (const a of want.containers.find((c) => c.name === d.spec.name)?.networks ?? []) for (const ip of [a.ip, a.ip6]) {
      const holder = ip && orphanJails.find((j) => jailAddresses(j).some((x) => canonAddr(x) === canonAddr(ip)));
      if (holder) problems.push({ resource: containerId(d.spec.name), message: `container "${d.spec.name}": address ${ip} on network "${a.network}" is held by jail ${holder.jail.name} (container "${holder.container}", which the file does not have: an orphan); ${how}, or choose another address` });
    }
  }
  return problems;
}
