// The normalised document (interpolated, schema-valid, defaults filled): what `klee config` prints and the rules check.

/** A network as normalised: every field present except the optional interface and subnets. */
export interface NormNetwork {
  type: 'loopback' | 'bridge' | 'custom';
  interface?: string;
  subnet?: string;
  subnet6?: string;
  gateway: string;
  gateway6: string;
  nat: boolean | string;
  icc: boolean;
  internal: boolean;
}

/** A container as normalised: networks always in map form, lists always present. */
export interface NormContainer {
  path?: string;
  image?: string;
  driver: 'host' | 'ipnet' | 'vnet' | 'disabled';
  networks: Record<string, { ip?: string; ip6?: string }>;
  command: string[];
  user: string;
  env: Record<string, string>;
  hostname: string;
  jail_params: string[];
  allow_host_exec: boolean;
  mounts: string[];
  ports: string[];
  depends_on: string[];
}

/** The whole normalised document. */
export interface NormDoc {
  name: string;
  networks: Record<string, NormNetwork>;
  containers: Record<string, NormContainer>;
}
