// Generated busy hosts for the parser benchmarks: K interfaces and K jails, rendered by the simulator's own renderers.
import { renderAll } from '../src/host/sim/render-ifconfig.js';
import { jls } from '../src/host/sim/jls.js';
import { freshState, type SimIface, type SimJail, type SimState } from '../src/host/sim/state.js';

/** A fresh sim host plus `k` interfaces (epair halves with labels and addresses, loopbacks with aliases, a bridge per 100). */
export function busyHost(k: number): SimState {
  const st = freshState({ hooks: true, vimage: true });
  const bridges: SimIface[] = [];
  for (let i = 0; st.interfaces.length < k; i++) {
    const index = st.interfaces.length + 1;
    const base = { index, cloned: true, up: true, mtu: 1500, inet6: [] as SimIface['inet6'], members: [] as string[], vnet: 0 };
    const addr = { address: `10.${100 + ((i >> 16) & 0xff)}.${(i >> 8) & 0xff}.${i & 0xff}`, prefixlen: 32 };
    let f: SimIface;
    if (i % 100 === 0) {
      f = { ...base, name: `bridge${bridges.length}`, kind: 'bridge', cloner: 'bridge', unit: bridges.length, groups: ['bridge'], description: `klee:bench:net${bridges.length}`, ether: mac(i), inet: [{ ...addr, prefixlen: 16 }], members: [] };
      bridges.push(f);
    } else if (i % 3 === 0) {
      f = { ...base, name: `lo${i}`, kind: 'loopback', cloner: 'lo', unit: i, mtu: 16384, groups: ['lo'], description: `klee:bench:lo${i}`, inet: [addr, { ...addr, address: addr.address.replace(/^10\./, '172.') }] };
    } else {
      f = { ...base, name: `epair${i}a`, kind: 'epair', cloner: 'epair', unit: i, groups: ['epair'], description: `klee:bench:c${i}:net0`, ether: mac(i), inet: [], peer: `epair${i}b` };
      bridges[bridges.length - 1]?.members.unshift(f.name);
    }
    st.interfaces.push(f);
  }
  return st;
}

/** A sim host with `k` running jails, alternately ipnet (ip4.addr) and vnet, with klee's meta label. */
export function jailedHost(k: number): SimState {
  const st = freshState({ hooks: true, vimage: true });
  for (let i = 0; i < k; i++) {
    const name = `bench_c${String(i).padStart(5, '0')}`;
    const vnet = i % 2 === 0;
    const ip = `10.${100 + (i >> 16)}.${(i >> 8) & 0xff}.${i & 0xff}`;
    const params: SimJail['params'] = {
      persist: true, 'host.hostname': name, path: `/jails/${name}`, 'mount.devfs': true,
      meta: `klee:v1:bench:c${i}:0123456789abcdef`, 'exec.consolelog': `/var/log/klee.${name}.log`,
      ...(vnet ? { vnet: true } : { 'ip4.addr': [ip] }),
    };
    const j: SimJail = {
      jid: i + 1, name, path: `/jails/${name}`, hostname: name, vnet, params, ip4: vnet ? [] : [ip], ip6: [],
      routes: {}, mounts: [],
    };
    st.jails.push(j);
  }
  return st;
}

function mac(i: number): string {
  const h = (n: number) => (n & 0xff).toString(16).padStart(2, '0');
  return `02:00:${h(i >> 24)}:${h(i >> 16)}:${h(i >> 8)}:${h(i)}`;
}

/** `ifconfig -a` text of a host, as the simulator prints it. */
export function ifconfigText(st: SimState): string {
  return renderAll(st.interfaces.filter((i) => i.vnet === 0));
}

/** `jls -n --libxo=json` text of a host, as the simulator prints it. */
export function jlsText(st: SimState): string {
  return jls({ st, opts: { missing: [] } }, ['-n', '--libxo=json']).stdout;
}
