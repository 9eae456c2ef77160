// Generated kleene.yaml projects: N containers over M networks, half bridges and half loopbacks, mixed ipnet and vnet.

/** Shape of a generated project. */
export interface ProjectShape {
  containers: number;
  networks: number;
  /** Which drivers: mixed (even containers vnet on a bridge, odd ipnet on any network), or one driver only. */
  drivers?: 'mixed' | 'ipnet' | 'vnet';
}

/** A valid kleene.yaml for the shape (project `bench`, subnets 10.1xx.0.0/16 so nothing clashes with the fresh sim host's em0). */
export function projectYaml(s: ProjectShape): string {
  const bridges = Math.max(1, Math.ceil(s.networks / 2));
  const L = ['name: bench', 'networks:'];
  for (let n = 0; n < s.networks; n++) {
    L.push(`  net${n}:`, `    type: ${n < bridges ? 'bridge' : 'loopback'}`, `    subnet: 10.${100 + n}.0.0/16`);
  }
  L.push('containers:');
  for (let c = 0; c < s.containers; c++) {
    const drivers = s.drivers ?? 'mixed';
    const vnet = drivers === 'vnet' || (drivers === 'mixed' && c % 2 === 0);
    const k = drivers === 'mixed' ? c >> 1 : c;
    const net = vnet ? k % bridges : k % s.networks;
    const name = `c${String(c).padStart(5, '0')}`;
    L.push(`  ${name}:`, `    path: /jails/${name}`, `    driver: ${vnet ? 'vnet' : 'ipnet'}`, `    networks: [net${net}]`);
  }
  return L.join('\n') + '\n';
}

/** The sizes measured: containers over networks. */
export const SIZES: ProjectShape[] = [
  { containers: 10, networks: 5 },
  { containers: 100, networks: 20 },
  { containers: 1000, networks: 50 },
];
