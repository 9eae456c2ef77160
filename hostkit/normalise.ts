// The differential mode's normalisation: what differs between any two hosts running the same scenario (addresses
// the kernel generates, numbers it hands out, times) and the kit's own random choices, replaced by placeholders.

/** The kit's random choices for one scenario, which differ between runs by design. */
export interface KitChoices {
  project: string;
  /** The second octet of the kit's 10.X.0.0/16. */
  octet: number;
  /** The first 32 bits of the kit's fdXX:YYYY::/32. */
  prefix6: string;
  /** The containers' root on a real host. */
  root?: string;
  /** The random word of the edit and fault steps. */
  mark: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Volatile fields in what FreeBSD's tools print, each with its placeholder; applied in order. */
const VOLATILE: [RegExp, string][] = [
  [/\b([0-9a-f]{2}:){5}[0-9a-f]{2}\b/g, '<mac>'], // ifconfig ether/hwaddr: if_epair.c and bridges generate them
  [/\bfe80::[0-9a-f:]+/g, 'fe80::<ll>'], // link-local addresses are derived from the MAC (in6_ifattach.c)
  [/\bscopeid 0x[0-9a-f]+/g, 'scopeid <index>'], // the interface index (af_inet6.c in6_status)
  [/\bport \d+ priority\b/g, 'port <index> priority'], // a bridge member's port number is its interface index (if_bridge.c)
  [/\bepair\d+([ab]?)\b/g, 'epair<unit>$1'], // the unit the kernel chose (if_epair.c epair_clone_create)
  [/("jid"\s*:\s*"?)\d+/g, '$1<jid>'], // jls --libxo: jids are handed out by the kernel (kern_jail.c)
  [/\bjid=\d+/g, 'jid=<jid>'],
  [/("cpuset(?:\.id|id)"\s*:\s*"?)\d+/g, '$1<cpuset>'],
  [/("host\.hostid"\s*:\s*"?)\d+/g, '$1<hostid>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'], // host.hostuuid
  [/("pid"\s*:\s*"?)\d+/g, '$1<pid>'],
  [/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?/g, '<time>'],
  [/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d+ \d\d:\d\d:\d\d( [A-Z]+)?( \d{4})?/g, '<time>'], // date(1)
  [/\b1[5-9]\d{8}\b/g, '<epoch>'], // seconds since 1970 between 2017 and 2033
  [/\bklee-kit-[A-Za-z0-9]{6}\b/g, 'klee-kit-<dir>'], // the scenario's own directory (mkdtemp), in the file= each jail's meta records
  [/^\d+$/g, '<n>'], // a line that is only a number: pgrep's pids, a pidfile, jls -j X jid
];

/** A function that normalises one line (or one argv word) of a scenario run on a host with these choices. */
export function normaliser(c: KitChoices): (line: string) => string {
  const kit: [RegExp, string][] = [
    [new RegExp(escape(c.project), 'g'), '<project>'],
    [new RegExp(`\\b10\\.${c.octet}\\.`, 'g'), '10.<kit>.'],
    [new RegExp(escape(c.prefix6), 'gi'), '<kit6>'],
    [new RegExp(escape(c.mark), 'g'), '<mark>'],
    ...(c.root ? [[new RegExp(escape(c.root), 'g'), '<root>'] as [RegExp, string]] : []),
  ];
  return (line) => [...kit, ...VOLATILE].reduce((s, [re, to]) => s.replace(re, to), line);
}
