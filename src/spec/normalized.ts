// The normalised document (interpolated, schema-valid, defaults filled): what `klee config` prints and the rules check.
import type { Driver, NetworkSpec } from './types.js';

/** A network as normalised: the Spec's network without its name (the map key). */
export type NormNetwork = Omit<NetworkSpec, 'name'>;

/** A container as normalised: networks always in map form, lists always present. */
export interface NormContainer {
  path?: string;
  image?: string;
  driver: Driver;
  networks: Record<string, { ip?: string; ip6?: string }>;
  command: string[];
  user: string;
  env: Record<string, string>;
  hostname: string;
  jail_params: string[];
  allow_host_exec: boolean;
  mounts: string[];
  ports: string[];
  /** compose's long form: name -> { condition }. */
  depends_on: Record<string, { condition: string }>;
  restart: string;
  stop_signal: string;
  stop_grace_period: string;
  /** The array form of test (a string becomes ["CMD-SHELL", s]) and every duration filled. */
  healthcheck?: { test: string[]; interval: string; timeout: string; retries: number; start_period: string; disable: boolean };
}

/** The whole normalised document. */
export interface NormDoc {
  name: string;
  networks: Record<string, NormNetwork>;
  containers: Record<string, NormContainer>;
}
