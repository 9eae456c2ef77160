// Loading a generated project as the CLI does (precompiled schema validator) and converging an in-memory host to it.
import { loadSpec } from '../src/spec/load.js';
import type { SchemaValidator } from '../src/spec/schema.js';
import type { Spec } from '../src/spec/types.js';
import { probe } from '../src/host/probe.js';
import { plan } from '../src/planner/plan.js';
import type { Plan } from '../src/planner/types.js';
import { resolveArgs, takeName } from '../src/executor/kernel-names.js';
import { MemSimHost } from './mem-host.js';
import { projectYaml, type ProjectShape } from './gen-project.js';

let validator: SchemaValidator | undefined;

/** The build's precompiled validator (what `klee` uses); loaded once. */
export async function precompiled(): Promise<SchemaValidator> {
  if (!validator) {
    const mod = (await import(new URL('../src/spec/schema-validator.js', import.meta.url).href)) as { validate: SchemaValidator['validate']; schema: object };
    validator = { validate: mod.validate, schema: mod.schema };
  }
  return validator;
}

/** Load YAML text into a Spec; throws with the first diagnostic when the generated file is not valid. */
export function load(text: string, v: SchemaValidator): Spec {
  const r = loadSpec({ text, file: 'kleene.yaml', env: {}, dirName: 'bench', validator: v });
  if (!r.spec) throw new Error(`generated project invalid: ${JSON.stringify(r.diagnostics[0])}`);
  return r.spec;
}

/** A loaded project of the given shape. */
export async function project(shape: ProjectShape): Promise<{ text: string; spec: Spec }> {
  const text = projectYaml(shape);
  return { text, spec: load(text, await precompiled()) };
}

/** Apply a plan's commands in its order on an in-memory host (kernel-chosen names filled in as the executor fills them); throws on the first failing command. */
export async function applyInOrder(p: Plan, host: MemSimHost): Promise<number> {
  let n = 0;
  const names = new Map<string, string>();
  for (const a of p.actions) {
    for (const c of a.commands) {
      const { argv, stdin } = resolveArgs(c, names);
      const r = await host.run(argv, { stdin });
      n++;
      if (r.exitCode !== 0 && !c.mayFail) throw new Error(`converge: ${argv.join(' ')} failed: ${r.stderr}`);
      const unnamed = r.exitCode === 0 ? takeName(c, r.stdout, names) : undefined;
      if (unnamed) throw new Error(`converge: ${argv.join(' ')} ${unnamed}`);
    }
  }
  return n;
}

/** An in-memory host that already runs the project (up applied), and the plan that got it there. */
export async function converged(spec: Spec): Promise<{ host: MemSimHost; upPlan: Plan }> {
  const host = new MemSimHost();
  const upPlan = plan(spec, await probe(host, { project: spec.project }), { host: host.uri });
  await applyInOrder(upPlan, host);
  return { host, upPlan };
}
