// What a planning run asks for (the file, or nothing for down) and the desired state the kinds compute from it:
// resolved interfaces, addresses, hashes.
import type { Interface } from '../host/types.js';
import type { ContainerSpec, NetworkSpec, Spec } from '../spec/types.js';

/** The input of one run: the file's networks and containers (none for down) and where removed jails' stop commands come from. */
export interface Want {
  project: string;
  networks: NetworkSpec[];
  containers: ContainerSpec[];
  /** Containers whose `exec.stop` jail_params give the stop command of a removed jail (down: the file, if one was read). */
  stopFrom: ContainerSpec[];
  /** `klee down`: everything the project owns goes, and every removal's reason is `down`. */
  down: boolean;
}

/** What `plan` asks for: the file. */
export const wantFile = (spec: Spec): Want => ({ project: spec.project, networks: spec.networks, containers: spec.containers, stopFrom: spec.containers, down: false });

/** What `down` asks for: nothing; `spec`, when a file was read, gives the stop commands. */
export const wantNothing = (project: string, spec?: Spec): Want => ({ project, networks: [], containers: [], stopFrom: spec?.containers ?? [], down: true });

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
  /** vnet only: the epair unit used (existing or planned); set on the attachments the `jail -c` argv is built from. */
  epairUnit?: number;
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
