// Section 1: the probe: commands per probe against project and host size; parse time of ifconfig -a and jls -n text.
import { probe } from '../src/host/probe.js';
import { parseIfconfig } from '../src/host/parse/ifconfig.js';
import { parseJls } from '../src/host/parse/jls.js';
import { MemSimHost, RecordingHost } from './mem-host.js';
import { busyHost, ifconfigText, jailedHost, jlsText } from './gen-host.js';
import { ms, ratio, timeSync } from './stats.js';
import type { Row } from './report.js';

/** A converged host of some size, with its project name. */
export interface SizedHost {
  containers: number;
  networks: number;
  vnet: number;
  host: MemSimHost;
}

/** Commands one probe runs (with the project's extras, as plan/up run it), on a fresh host and on converged ones. */
export async function probeCommandRows(hosts: SizedHost[]): Promise<Row[]> {
  const count = async (h: MemSimHost) => {
    const rec = new RecordingHost(h);
    await probe(rec, { project: 'bench' });
    return rec.commands;
  };
  const fresh = (await count(new MemSimHost())).length;
  const per: Record<string, number> = { fresh };
  const parts = [`fresh host ${fresh}`];
  const sizes = new Set<number>();
  for (const s of hosts) {
    const cmds = await count(s.host);
    const batch = cmds.filter((c) => c[0] === '/bin/sh').length;
    const jexec = cmds.filter((c) => c[0] === 'jexec').length;
    per[`${s.containers}`] = cmds.length;
    parts.push(`${s.containers} ctr (${s.vnet} vnet): ${cmds.length} = ${cmds.length - batch - jexec} + ${batch} inside batch${jexec ? ` + ${jexec} jexec` : ''}`);
    sizes.add(cmds.length);
  }
  // Constant: the same count for every project and host size (one more than a fresh host: the inside batch).
  const fixed = sizes.size <= 1 && [...sizes].every((n) => n <= fresh + 1);
  return [{
    section: '1 probe', measure: 'host commands per probe', value: parts.join('; '),
    target: 'constant', met: fixed, raw: per,
  }];
}

/** Parse time of `ifconfig -a` and `jls -n --libxo=json` for hosts with 10, 1,000 and 10,000 interfaces/jails. */
export function parseRows(sizes = [10, 1000, 10000]): Row[] {
  const rows: Row[] = [];
  for (const [what, gen, parse] of [
    ['ifconfig -a', (k: number) => ifconfigText(busyHost(k)), (t: string) => parseIfconfig(t).interfaces.length],
    ['jls -n --libxo=json', (k: number) => jlsText(jailedHost(k)), (t: string) => parseJls(t).length],
  ] as const) {
    const t: number[] = [];
    const raw: Record<string, number> = {};
    for (const k of sizes) {
      const text = gen(k);
      const n = parse(text);
      if (n !== k) throw new Error(`${what}: generated ${k}, parsed ${n}`);
      const x = timeSync(() => parse(text), k >= 10000 ? 7 : 15, 3);
      t.push(x);
      raw[`${k}`] = x;
      raw[`${k}_bytes`] = text.length;
    }
    const last = t[t.length - 1];
    const growth = t.slice(1).map((x, i) => ratio(x / t[i])).join(', ');
    rows.push({
      section: '1 probe', measure: `parse \`${what}\`, ${sizes.map((k) => k.toLocaleString('en')).join(' / ')} ${what.startsWith('jls') ? 'jails' : 'interfaces'}`,
      value: `${t.map(ms).join(' / ')} (×${sizes[1] / sizes[0]}, ×${sizes[2] / sizes[1]} size: ${growth})`,
      target: what.startsWith('ifconfig') ? 'linear; 10,000 ≪ 100 ms' : 'linear',
      met: (what.startsWith('jls') || last < 50) && t[2] / t[1] < 20,
      raw,
    });
  }
  return rows;
}
