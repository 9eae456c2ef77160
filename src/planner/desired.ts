// What a planning run asks for (the file, or nothing for down) and the desired state the kinds compute from it:
// resolved interfaces, addresses, hashes.
import type { Interface } from '../host/types.js';
import type { ContainerSpec, NetworkSpec, Spec } from '../spec/types.js';
import { recordedSource } from '../host/labels.js';

/** The input of one run: the file's networks and containers (none for down) and where removed jails' stop commands come from. */
export interface Want {
  project: string;
  networks: NetworkSpec[];
  containers: ContainerSpec[];
  /** Containers whose `exec.stop` jail_params give the stop command of a removed jail (down: the file, if one was read). */
  stopFrom: ContainerSpec[];
  /** `klee down`: what the file has goes (everything, without a file), and every removal's reason is `down`. */
  down: boolean;
  /** The containers and networks the file names (none without a file). The project's others are orphans. */
  named: { containers: ReadonlySet<string>; networks: ReadonlySet<string> };
  /** Orphans are removed too (`--remove-orphans`, and `down` without a file); otherwise they are left as they are. */
  removeOrphans: boolean;
  /**
   * The interfaces of the file's custom networks (down: of the file, if one was read): jail(8) adds a container's
   * alias there, so its removal takes it off; on any other interface that is not the project's own, an address is
   * the interface's (observed.ts aliasHomes).
   */
  customInterfaces: string[];
  /** The file applied, as a jail's meta records it (labels.ts recordedSource); undefined when it has no identity (standard input). */
  source?: string;
}

/** The names a file gives. */
const namesOf = (spec?: Spec): Want['named'] => ({ containers: new Set(spec?.containers.map((c) => c.name)), networks: new Set(spec?.networks.map((n) => n.name)) });

/** The `source` of a Want: the file's identity (src/cli/file-identity.ts) as the meta records it, when it has one that fits. */
const sourceOf = (identity?: string): Pick<Want, 'source'> => {
  const source = identity === undefined ? undefined : recordedSource(identity);
  return source === undefined ? {} : { source };
};

/** The interfaces of a file's custom networks. */
const customInterfaces = (spec?: Spec): string[] => (spec?.networks ?? []).filter((n) => n.type === 'custom' && n.interface).map((n) => n.interface!);

/** What `plan` asks for: the file (and, with `removeOrphans`, none of the project's orphans), applied from `identity`. */
export const wantFile = (spec: Spec, removeOrphans = false, identity?: string): Want => ({
  project: spec.project, networks: spec.networks, containers: spec.containers, stopFrom: spec.containers, down: false, named: namesOf(spec), removeOrphans,
  customInterfaces: customInterfaces(spec), ...sourceOf(identity),
});

/**
 * What `down` asks for: nothing. With the file (`spec`, read from `identity`), what it names goes (and its containers'
 * stop commands and custom interfaces are the file's), and orphans only with `removeOrphans`; without a file,
 * everything the project owns.
 */
export const wantNothing = (project: string, spec?: Spec, removeOrphans = false, identity?: string): Want => ({
  project, networks: [], containers: [], stopFrom: spec?.containers ?? [], down: true, named: namesOf(spec), removeOrphans: removeOrphans || spec === undefined,
  customInterfaces: customInterfaces(spec),
  ...sourceOf(spec && identity),
});

/** Whether the run removes the project's container or network `name` when it does not want it: the file names it, or orphans go too. */
export const mayRemove = (want: Want, kind: keyof Want['named'], name: string): boolean => want.removeOrphans || want.named[kind].has(name);

/** A network of the file with the host interface it will have. */
export interface DesiredNetwork {
  spec: NetworkSpec;
  interface: string;
  /** The bridge's own gateway addresses (gateway: auto), "a.b.c.d/len". */
  gateway4?: string;
  gateway6?: string;
  /** The default route vnet containers get on this network (auto or explicit gateway). */
  route4?: string;
  route6?: string;
  /** How the planner treats it. */
  status: 'create' | 'keep' | 'replace';
  /** The interface it keeps (status keep, loopback or bridge): where its gateways are compared. */
  kept?: Interface;
}

/** A container's attachment to one network, with everything resolved. */
export interface Attachment {
  network: string;
  interface: string;
  ip?: string;
  len?: number;
  ip6?: string;
  len6?: number;
  route4?: string;
  route6?: string;
  /**
   * vnet only: the epair without its side letter (`epair3`, or a reference to the name the kernel prints for a new one,
   * kernel-names.ts); set on the attachments the `jail -c` argv is built from.
   */
  epair?: string;
}

/** A container of the file with its effective configuration. */
export interface DesiredContainer {
  spec: ContainerSpec;
  root: string;
  /** `<pool>/klee/<project>/<container>` when the root is an image clone. */
  dataset?: string;
  attachments: Attachment[];
  hash: string;
}
