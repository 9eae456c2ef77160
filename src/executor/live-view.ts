// What a project's containers look like on the host right now (pure: Spec? + HostState in), for `ps` and `inspect`.
import type { HostState, Interface, Jail } from '../host/types.js';
import type { Driver, Spec } from '../spec/types.js';
import { ownership, type Ownership } from '../host/ownership.js';
import { jailName } from '../host/labels.js';
import { isLinkLocal6 } from '../spec/addr.js';
import { containerState, type ContainerState, type Health } from '../host/program-state.js';

/** One network attachment as `ps --json` reports it (null = not known / none). */
export interface LiveEndpoint {
  network: string;
  ip: string | null;
  ip6: string | null;
  interface: string | null;
}

/** One container as `ps --json` reports it. */
export interface LiveContainer {
  name: string;
  jail: string;
  jid: number | null;
  /** src/host/program-state.ts: running, restarting, exited, stopped (klee stop, or no jail yet), dying. */
  state: ContainerState;
  /** The program's last exit status when it is not running (exited, stopped, restarting); else null. */
  exitCode: number | null;
  /** The healthcheck run once (`ps` fills it): healthy, unhealthy, starting; null without a healthcheck or when not running. */
  health: Health | null;
  driver: Driver | null;
  networks: LiveEndpoint[];
  /** false for a jail of the project that the file no longer declares; null when no file was read (ps -p). */
  inFile: boolean | null;
}

/** The driver a live jail was created with, from its parameters (vnet, ip4.addr, ip4=inherit). */
export function liveDriver(jail: Jail): Driver {
  if (jail.vnet) return 'vnet';
  if (jail.ip4.length > 0 || jail.ip6.length > 0) return 'ipnet';
  return jail.params['ip4'] === 'inherit' ? 'host' : 'disabled';
}

/** First global IPv6 address of an interface (link-local fe80:: addresses are not endpoints). */
export function globalInet6(i: Interface | undefined): string | null {
  return i?.inet6.find((a) => !isLinkLocal6(a.address))?.address ?? null;
}

/** The live endpoints of a running container: epairs (vnet, read inside) or aliases (ipnet). */
function liveEndpoints(own: Ownership, container: string, jail: Jail, spec: Spec | undefined): LiveEndpoint[] {
  if (jail.vnet) {
    return own.epairs.filter((e) => e.container === container).map((e) => {
      const inside = jail.inside?.interfaces.find((i) => i.name === e.peer);
      return { network: e.network, ip: inside?.inet[0]?.address ?? null, ip6: globalInet6(inside), interface: e.peer };
    });
  }
  const byIface = new Map<string, LiveEndpoint>();
  for (const a of own.aliases.filter((x) => x.container === container)) {
    const key = a.interface ?? '?';
    // A custom network's interface (em0) carries no label: the file names the network that uses it.
    const network = own.networks.find((n) => n.interface === a.interface)?.network
      ?? spec?.networks.find((n) => n.type === 'custom' && n.interface === a.interface)?.name ?? key;
    const ep = byIface.get(key) ?? { network, ip: null, ip6: null, interface: a.interface ?? null };
    if (a.family === 'inet' && ep.ip === null) ep.ip = a.address;
    if (a.family === 'inet6' && ep.ip6 === null) ep.ip6 = a.address;
    byIface.set(key, ep);
  }
  return [...byIface.values()].sort((x, y) => x.network.localeCompare(y.network));
}

/** Every container of the project: those in the file (running or stopped) and jails the file no longer has. */
export function liveContainers(project: string, spec: Spec | undefined, state: HostState): LiveContainer[] {
  const own = ownership(state, project);
  const names = new Set([...(spec?.containers.map((c) => c.name) ?? []), ...own.jails.map((j) => j.container)]);
  return [...names].sort().map((name) => {
    const declared = spec?.containers.find((c) => c.name === name);
    // a live jail before a dying one of the same name (the kernel freed the name for a new jail)
    const jail = (own.jails.find((j) => j.container === name && !j.jail.dying) ?? own.jails.find((j) => j.container === name))?.jail;
    if (!jail) {
      return {
        name, jail: jailName(project, name), jid: null, state: 'stopped', exitCode: null, health: null, driver: declared?.driver ?? null, inFile: true,
        networks: (declared?.networks ?? []).map((n) => ({
          network: n.network, ip: n.ip ?? null, ip6: n.ip6 ?? null,
          interface: own.networks.find((o) => o.network === n.network)?.interface ?? null,
        })),
      };
    }
    return {
      name, jail: jail.name, jid: jail.jid, ...containerState(jail, declared?.supervised), health: null, driver: liveDriver(jail),
      networks: liveEndpoints(own, name, jail, spec), inFile: spec ? declared !== undefined : null,
    };
  });
}
