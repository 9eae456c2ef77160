// Rules on depends_on: known containers, no self-dependency, no cycles (each cycle shown once, deterministically),
// and conditions the dependency can meet.
import type { Rule, RuleContext } from './context.js';
import { reporter } from './context.js';
import { closest } from '../suggest.js';
import { isRcCommand } from '../defaults.js';
import type { Path } from '../diagnostic.js';

/** The path of a container's depends_on entry as written: the list item, or the map key. */
function dependencyPath(ctx: RuleContext, container: string, dep: string): Path {
  const written = ctx.raw?.containers?.[container]?.depends_on;
  if (Array.isArray(written)) return ['containers', container, 'depends_on', Math.max(0, written.indexOf(dep))];
  return ['containers', container, 'depends_on', dep];
}

/** The rules about dependencies. */
export const dependsRules: Rule[] = [
  {
    id: 'depends-on',
    check(ctx) {
      const r = reporter(ctx);
      const names = [...ctx.containers.keys()];
      for (const name of names) {
        const written = ctx.raw?.containers?.[name]?.depends_on;
        if (Array.isArray(written)) {
          written.forEach((d: string, i: number) => {
            if (written.indexOf(d) !== i) r.warn(['containers', name, 'depends_on', i], `"${d}" is listed twice in depends_on`);
          });
        }
        for (const d of Object.keys(ctx.containers.get(name)!.depends_on)) {
          const path = dependencyPath(ctx, name, d);
          const at = Array.isArray(written) ? undefined : 'key';
          if (d === name) r.error(path, `container "${name}" depends on itself`, undefined, at);
          else if (!ctx.containers.has(d)) {
            const g = closest(d, names);
            r.error(path, `container "${name}" depends on "${d}", which is not declared under containers`, g ? `did you mean "${g}"?` : undefined, at);
          }
        }
      }
      // Cycles: depth-first in file order; a cycle is reported at the edge that closes it, once per set of members.
      const state = new Map<string, 'active' | 'done'>();
      const stack: string[] = [];
      const seen = new Set<string>();
      const visit = (n: string) => {
        state.set(n, 'active');
        stack.push(n);
        for (const d of Object.keys(ctx.containers.get(n)!.depends_on)) {
          if (d === n || !ctx.containers.has(d)) continue;
          if (state.get(d) === 'active') {
            const cycle = [...stack.slice(stack.indexOf(d)), d];
            const key = [...new Set(cycle)].sort().join(',');
            if (!seen.has(key)) {
              seen.add(key);
              r.error(dependencyPath(ctx, n, d), `dependency cycle: ${cycle.join(' -> ')}`, 'remove one of these depends_on entries');
            }
          } else if (!state.has(d)) visit(d);
        }
        stack.pop();
        state.set(n, 'done');
      };
      for (const n of names) if (!state.has(n)) visit(n);
      return r.out;
    },
  },
  {
    id: 'depends-condition',
    check(ctx) {
      const r = reporter(ctx);
      for (const [name, c] of Object.entries(ctx.doc.containers)) {
        for (const [d, { condition }] of Object.entries(c.depends_on)) {
          const dep = ctx.containers.get(d);
          if (!dep || d === name) continue;
          const path = [...dependencyPath(ctx, name, d), 'condition'];
          const hc = dep.healthcheck;
          if (condition === 'service_healthy' && (!hc || hc.disable || hc.test[0] === 'NONE')) {
            r.error(path, `container "${name}" waits for "${d}" to be healthy, but "${d}" has no healthcheck`, `give "${d}" a healthcheck, or use condition: service_started`);
          }
          if (condition === 'service_completed_successfully' && isRcCommand(dep.command)) {
            r.error(path, `container "${name}" waits for "${d}" to complete, but "${d}" runs /bin/sh /etc/rc, which keeps the jail's services running`, `give "${d}" the command it should run to completion`);
          } else if (condition === 'service_completed_successfully' && dep.restart === 'always') {
            r.warn(path, `container "${name}" waits for "${d}" to complete, but "${d}" has restart: always and is started again whenever it ends`, 'use restart: "no" (or on-failure) for a one-shot');
          }
        }
      }
      return r.out;
    },
  },
];
