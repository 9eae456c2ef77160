// The loader: text and environment in, a typed Spec (or diagnostics) out. Pure; the phases in order.
import type { Diagnostic, Spec } from './types.js';
import { hasErrors, sortDiagnostics } from './diagnostic.js';
import { parseYaml } from './parse.js';
import { parseDotenv } from './dotenv.js';
import { interpolate } from './interpolate.js';
import { validateSchema, type SchemaValidator } from './schema.js';
import { runtimeValidator } from './schema-runtime.js';
import { fillDefaults } from './defaults.js';
import { checkRules } from './rules/index.js';
import { docMaps } from './rules/context.js';
import { bindSpec } from './bind.js';
import { outsideCuts, pruneInvalid } from './prune.js';
import type { NormDoc } from './normalized.js';

/** Inputs of loadSpec. */
export interface LoadInput {
  /** The file's text. */
  text: string;
  /** Its path (as shown in diagnostics; Spec.file). */
  file: string;
  /** The real environment (wins over .env). */
  env: Record<string, string | undefined>;
  /** Text of the .env (or --env-file) file, when there is one. */
  envText?: string;
  /** Path of that file, for its diagnostics. */
  envFile?: string;
  /** -p (already folded with KLEE_PROJECT_NAME by the CLI, or not). */
  projectName?: string;
  /** Name of the file's directory (the last project-name fallback). */
  dirName: string;
  /** A precompiled validator; default: ajv compiles the schema now. */
  validator?: SchemaValidator;
}

/** What loadSpec returns: a Spec only when there is no error; normalized once the schema passed. */
export interface LoadResult {
  spec?: Spec;
  diagnostics: Diagnostic[];
  normalized?: NormDoc;
}

/**
 * Load a kleene.yaml: parse -> interpolate -> schema -> defaults -> rules -> bind. Never throws for bad input. A syntax
 * error stops everything; schema errors stop the binding, but the rules still check the parts whose shape is valid.
 */
export function loadSpec(input: LoadInput): LoadResult {
  const { file } = input;
  const diagnostics: Diagnostic[] = [];
  const done = (extra: Partial<LoadResult> = {}): LoadResult => ({ ...extra, diagnostics: sortDiagnostics(diagnostics) });

  // 1. parse
  const parsed = parseYaml(input.text, file);
  diagnostics.push(...parsed.diagnostics);
  if (hasErrors(diagnostics)) return done();

  // 2. interpolate (.env values lose against the real environment)
  let dotenv: Record<string, string> | undefined;
  if (input.envText !== undefined) {
    const d = parseDotenv(input.envText, input.env);
    dotenv = d.vars;
    for (const p of d.problems) diagnostics.push({ severity: 'error', message: p.message, file: input.envFile ?? '.env', line: p.line, column: 1, path: '' });
  }
  const interpolated = interpolate(parsed.value, { env: input.env, dotenv }, parsed.locate, file);
  diagnostics.push(...interpolated.diagnostics);

  // 3. schema (the document is the top-level map; a scalar or list is refused here)
  // A value already reported by interpolation (a missing required variable) is not reported again.
  const reported = new Set(interpolated.diagnostics.filter((d) => d.severity === 'error').map((d) => d.path));
  const validator = input.validator ?? runtimeValidator();
  const schema = validateSchema(interpolated.value, validator, parsed.locate, file);
  diagnostics.push(...schema.diagnostics.filter((d) => !reported.has(d.path)));
  const places = [...schema.places, ...interpolated.errorPaths];
  if (places.length > 0) {
    // The rules still check every part whose shape is valid (and whose variables resolved), so that one run reports
    // every problem.
    const pruned = pruneInvalid(interpolated.value, places);
    if (pruned && validateSchema(pruned.value, validator, parsed.locate, file).places.length === 0) {
      diagnostics.push(...outsideCuts(semantic(pruned.value).diagnostics, pruned));
    }
    return done();
  }

  // 4. defaults and 5. semantic rules
  const { doc, diagnostics: ruleDiags } = semantic(interpolated.value);
  diagnostics.push(...ruleDiags);
  if (hasErrors(diagnostics)) return done({ normalized: doc });

  // 6. bind
  return done({ normalized: doc, spec: bindSpec(doc, file) });

  /** Phases 4 and 5 on a schema-valid document (project name: -p, KLEE_PROJECT_NAME, name:, directory). */
  function semantic(value: unknown): { doc: NormDoc; diagnostics: Diagnostic[] } {
    const envProject = input.env.KLEE_PROJECT_NAME ?? dotenv?.KLEE_PROJECT_NAME;
    const { doc, project } = fillDefaults(value, { option: input.projectName, env: envProject || undefined, dirName: input.dirName });
    return { doc, diagnostics: checkRules({ doc, ...docMaps(doc), raw: value, project, locate: parsed.locate, file }) };
  }
}
