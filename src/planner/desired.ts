// The desired state the planner computes before diffing: resolved interfaces, addresses, hashes.
import type { ContainerSpec, NetworkSpec } from '../spec/types.js';

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
  /** vnet only: the epair unit used (existing or planned). */
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
