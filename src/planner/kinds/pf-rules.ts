// The project's pf anchor rules, rendered from networks and ports as Kleene does (kleened lib/core/network.ex; docs/decisions.md).
import type { PortSpec } from '../../spec/types.js';
import type { DesiredContainer, DesiredNetwork } from '../desired.js';
import { shortHash } from '../hash.js';

/** The rendered anchor: full text (with labels), the hash in the labels, and notes. */
export interface PfRuleset {
  text: string;
  hash: string;
  ruleCount: number;
  warnings: string[];
}

/** Render the anchor `klee/<project>`; text is '' when the project needs no rules. */
export function renderPf(networks: readonly DesiredNetwork[], containers: readonly DesiredContainer[], epairsByNetwork: ReadonlyMap<string, string[]>, defaultRouteIf: string | undefined): PfRuleset {
  const translation: string[] = [];
  const filter: string[] = [];
  const portPass: string[] = [];
  const warnings: string[] = [];
  for (const n of networks) {
    const s = n.spec;
    const natIf = s.nat === true ? defaultRouteIf : s.nat === false ? undefined : s.nat;
    if (s.nat === true && !defaultRouteIf && s.subnet && !s.internal) {
      warnings.push(`network "${s.name}": nat is on but the host has no default route, so no NAT rule is loaded`);
    }
    if (natIf && s.subnet && !s.internal) translation.push(`nat on ${natIf} inet from ${s.subnet} to any -> (${natIf})`);
    for (const subnet of [s.subnet, s.subnet6]) {
      if (!subnet) continue;
      const inet = subnet.includes(':') ? 'inet6' : 'inet';
      if (s.icc) {
        const ifs = [n.interface, 'lo0', ...(epairsByNetwork.get(s.name) ?? [])];
        filter.push(`pass quick on { ${ifs.join(' ')} } ${inet} from ${subnet} to ${subnet}`);
      }
      if (s.internal) {
        const ifs = [n.interface, ...(natIf ? [natIf] : [])];
        filter.push(`block out quick log on { ${ifs.join(' ')} } ${inet} from ${subnet} to ! ${subnet}`);
      }
      // Not on a custom network: its subnet is the user's LAN, and blocking it would cut the host off (ours).
      if (s.type !== 'custom') filter.push(`block in log ${inet} from any to ${subnet}`);
    }
  }
  for (const c of containers) {
    for (const p of c.spec.ports) {
      const onIf = p.interface ?? defaultRouteIf;
      const ip = c.attachments.find((a) => a.ip)?.ip;
      if (!onIf) { warnings.push(`container "${c.spec.name}": port ${portText(p)} not published: no interface given and the host has no default route`); continue; }
      if (!ip) { warnings.push(`container "${c.spec.name}": port ${portText(p)} not published: the container has no IPv4 address`); continue; }
      const host = range(p.hostStart, p.hostEnd);
      const inner = p.containerStart === p.containerEnd ? String(p.containerStart) : `${p.containerStart}:*`;
      translation.push(`rdr on ${onIf} inet proto ${p.protocol} from any to (${onIf}) port ${host} -> ${ip} port ${inner}`);
      portPass.push(`pass quick inet proto ${p.protocol} from any to ${ip} port ${range(p.containerStart, p.containerEnd)}`);
    }
  }
  // pf requires translation rules before filter rules (pf.conf(5) "STATEMENT ORDER").
  const body = [...translation.filter((r) => r.startsWith('nat ')), ...translation.filter((r) => r.startsWith('rdr ')), ...portPass, ...filter];
  if (body.length === 0) return { text: '', hash: '', ruleCount: 0, warnings };
  const hash = shortHash(body.join('\n'));
  const labelled = body.map((r) => (r.startsWith('nat ') || r.startsWith('rdr ') ? r : `${r} label "klee:${hash}"`));
  return { text: `${labelled.join('\n')}\n`, hash, ruleCount: body.length, warnings };
}

function range(a: number, b: number): string {
  return a === b ? String(a) : `${a}:${b}`;
}

function portText(p: PortSpec): string {
  return `${p.interface ? `${p.interface}:` : ''}${range(p.hostStart, p.hostEnd)}:${range(p.containerStart, p.containerEnd)}/${p.protocol}`;
}
