// The project as a picture (`klee graph`): networks with interface, subnets and NAT/internal marks, containers with
// driver, addresses and published ports, membership and depends_on edges. Pure: from the Spec alone, or with what the
// host shows (live interfaces and addresses) when `-H` was given.
import type { ContainerSpec, NetworkSpec, PortSpec, Spec } from '../../spec/types.js';
import type { LiveContainer } from '../../executor/live-view.js';
import type { Picture, PictureEdge, PictureNode } from './picture.js';

/** What the host adds: each network's interface, and each container's live state and addresses. */
export interface LiveFacts {
  host: string;
  interfaces: Map<string, string>;
  containers: Map<string, LiveContainer>;
}

/** Node ids: network:<name>, container:<name> (as the plan's action ids). */
const netId = (n: string) => `network:${n}`;
const ctrId = (c: string) => `container:${c}`;

/** A port as written: [if:]host:container/proto, ranges with "-". */
function portText(p: PortSpec): string {
  const range = (a: number, b: number) => (a === b ? String(a) : `${a}-${b}`);
  return `${p.interface ? `${p.interface}:` : ''}${range(p.hostStart, p.hostEnd)}→${range(p.containerStart, p.containerEnd)}/${p.protocol}`;
}

/** A network's label lines. */
function networkLines(n: NetworkSpec, live?: LiveFacts): string[] {
  const iface = live?.interfaces.get(n.name) ?? n.interface ?? (live ? 'not on host' : 'auto');
  const marks = [
    n.internal ? 'internal' : n.nat === false ? 'no NAT' : `NAT via ${n.nat === true ? 'default route' : n.nat}`,
    ...(n.icc ? [] : ['no icc']),
  ];
  return [`network ${n.name}`, `${n.type} ${iface}`, ...[n.subnet, n.subnet6].filter((s): s is string => s !== undefined), marks.join(', ')];
}

/** A container's label lines. */
function containerLines(c: ContainerSpec, live?: LiveFacts): string[] {
  const state = live ? [live.containers.get(c.name)?.state ?? 'stopped'] : [];
  return [`container ${c.name}`, [c.driver, ...state].join(', '), ...(c.ports.length ? [`ports ${c.ports.map(portText).join(' ')}`] : [])];
}

/** The address a container has (live) or asks for (file) on a network, as an edge label. */
function endpointLabel(c: ContainerSpec, network: string, live?: LiveFacts): string {
  const ep = c.networks.find((n) => n.network === network)!;
  const seen = live?.containers.get(c.name)?.networks.find((n) => n.network === network);
  const addrs = seen ? [seen.ip, seen.ip6].filter(Boolean) : [ep.ip ?? 'auto', ...(ep.ip6 ? [ep.ip6] : [])];
  return addrs.join(' ') || 'auto';
}

/** The picture of a project. */
export function projectPicture(spec: Spec, live?: LiveFacts): Picture {
  const nodes: PictureNode[] = [
    ...spec.networks.map((n) => ({ id: netId(n.name), lines: networkLines(n, live), kind: 'network' as const })),
    ...spec.containers.map((c) => ({ id: ctrId(c.name), lines: containerLines(c, live), kind: 'container' as const })),
  ];
  const edges: PictureEdge[] = spec.containers.flatMap((c) => [
    ...c.networks.map((n) => ({ from: ctrId(c.name), to: netId(n.network), label: endpointLabel(c, n.network, live) })),
    ...c.dependsOn.map((d) => ({ from: ctrId(c.name), to: ctrId(d), label: 'depends on', dashed: true })),
  ]);
  return { title: `klee project ${spec.project}${live ? ` on ${live.host}` : ''}`, nodes, edges };
}
