// Test helper for the kinds: the inputs of one planning run (what is wanted, what the host has, the allocation).
import type { HostState } from '../../../src/host/types.js';
import { Allocation } from '../../../src/planner/allocation.js';
import { chooseAddresses } from '../../../src/planner/kinds/address-choice.js';
import { desiredContainers } from '../../../src/planner/kinds/container.js';
import { planNetworks } from '../../../src/planner/kinds/network.js';
import { wantFile, wantNothing, type Want } from '../../../src/planner/desired.js';
import { observe, type Observed } from '../../../src/planner/observed.js';
import type { Spec } from '../../../src/spec/types.js';
import { convergedSim } from '../sim-apply.js';

/**
 * What `plan` (or, with down, `planDown` without a file) starts from. The kinds' tables remove orphans (the project's
 * containers and networks the file does not name, `--remove-orphans`) unless a case keeps them (`removeOrphans` false).
 */
export function world(s: Spec, state: HostState, down = false, removeOrphans = true): { want: Want; obs: Observed; alloc: Allocation } {
  const want = down ? wantNothing(s.project) : wantFile(s, removeOrphans);
  return { want, obs: observe(s.project, state, want.customInterfaces), alloc: new Allocation(state, want.networks.flatMap((n) => (n.interface ? [n.interface] : []))) };
}

/** A fresh simulated host with the file applied, as the probe reads it. */
export const converged = async (s: Spec): Promise<HostState> => (await convergedSim(s)).h;

/** The run up to the desired containers: networks planned, addresses chosen (what the epair, dataset and container kinds take). */
export function upToContainers(s: Spec, state: HostState, down = false, removeOrphans = true) {
  const w = world(s, state, down, removeOrphans);
  const networks = planNetworks(w.want, w.obs, w.alloc);
  const nets = new Map(networks.resolved.map((n) => [n.spec.name, n]));
  const { chosen } = chooseAddresses(w.want.containers, nets, w.obs, new Set());
  return { ...w, networks, nets, desired: desiredContainers(w.want, nets, chosen) };
}
