// A fixed edit of each example for the sweeps (replace, create and delete in one edit).
import { parse, stringify } from 'yaml';

/**
 * A fixed edit of an example, touching every kind of action: the first container's command changes (a replacement:
 * a one-shot now, without a restart policy or healthcheck; what waited for its health waits for its start),
 * a new ipnet container joins the first network with an automatic address (creations), the last container goes
 * (a removal; depends_on on it dropped).
 */
export function editExample(text: string): string {
  const doc = parse(text) as any;
  const names = Object.keys(doc.containers);
  doc.containers[names[0]].command = ['/bin/sh', '-c', 'echo edited'];
  delete doc.containers[names[0]].restart; // a one-shot now: restarted after every end, it would never settle
  delete doc.containers[names[0]].healthcheck;
  for (const c of Object.values<any>(doc.containers)) if (c.depends_on?.[names[0]]?.condition === 'service_healthy') c.depends_on[names[0]] = { condition: 'service_started' };
  const last = names.at(-1)!;
  if (names.length > 1) {
    delete doc.containers[last];
    for (const c of Object.values<any>(doc.containers)) {
      if (Array.isArray(c.depends_on)) c.depends_on = c.depends_on.filter((d: string) => d !== last);
      else if (c.depends_on) delete c.depends_on[last];
    }
  }
  doc.containers.extra = { path: '/jails/extra', driver: 'ipnet', networks: [Object.keys(doc.networks)[0]] };
  return stringify(doc);
}
