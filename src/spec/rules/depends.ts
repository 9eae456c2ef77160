// Rules on depends_on: known containers, no self-dependency, no cycles (each cycle shown once, deterministically).
import type { Rule } from './context.js';
import { reporter } from './context.js';
import { closest } from '../suggest.js';

/** The rules about dependencies. */
export const dependsRules: Rule[] = [
  {
    id: 'depends-on',
    check(ctx) {
      const r = reporter(ctx);
      const names = [...ctx.containers.keys()];
      for (const [name, c] of Object.entries(ctx.doc.containers)) {
        c.depends_on.forEach((d, i) => {
          const path = ['containers', name, 'depends_on', i];
          if (d === name) r.error(path, `container "${name}" depends on itself`);
          else if (!ctx.containers.has(d)) {
            const g = closest(d, names);
            r.error(path, `container "${name}" depends on "${d}", which is not declared under containers`, g ? `did you mean "${g}"?` : undefined);
          } else if (c.depends_on.indexOf(d) !== i) r.warn(path, `"${d}" is listed twice in depends_on`);
        });
      }
      // Cycles: depth-first in file order; a cycle is reported at the edge that closes it, once per set of members.
      const state = new Map<string, 'active' | 'done'>();
      const stack: string[] = [];
      const seen = new Set<string>();
      const visit = (n: string) => {
        state.set(n, 'active');
        stack.push(n);
        const deps = ctx.containers.get(n)!.depends_on;
        deps.forEach((d, i) => {
          if (d === n || !ctx.containers.has(d)) return;
          if (state.get(d) === 'active') {
            const cycle = [...stack.slice(stack.indexOf(d)), d];
            const key = [...new Set(cycle)].sort().join(',');
            if (!seen.has(key)) {
              seen.add(key);
              r.error(['containers', n, 'depends_on', i], `dependency cycle: ${cycle.join(' -> ')}`, 'remove one of these depends_on entries');
            }
          } else if (!state.has(d)) visit(d);
        });
        stack.pop();
        state.set(n, 'done');
      };
      for (const n of names) if (!state.has(n)) visit(n);
      return r.out;
    },
  },
];
