// Reading the project file for a command: find it, read it and its .env, load it, and report diagnostics.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { CliContext } from './context.js';
import type { Diagnostic, Spec } from '../spec/types.js';
import { UserError } from '../errors.js';
import { loadSpec, type LoadResult } from '../spec/load.js';
import type { SchemaValidator } from '../spec/schema.js';
import { hasErrors } from '../spec/diagnostic.js';
import { substitute } from '../spec/template.js';
import { parseDotenv } from '../spec/dotenv.js';
import { PROJECT_NAME, sanitizeProjectName } from '../spec/project-name.js';
import { renderDiagnostics } from './views/diagnostics.js';

/** A read and loaded project file. */
export interface ReadSpec extends LoadResult {
  /** Absolute path of the file. */
  file: string;
  /** Its text (for the human view's source lines). */
  text: string;
}

/** The project file's path: -f, else kleene.yaml, else kleene.yml in the working directory; undefined when none exists. */
export function findSpecFile(ctx: CliContext): string | undefined {
  if (ctx.file !== undefined) return resolve(ctx.cwd, ctx.file);
  for (const name of ['kleene.yaml', 'kleene.yml']) {
    const p = resolve(ctx.cwd, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** The .env text to use: --env-file (must exist), else .env beside the file when present. */
function readEnvFile(ctx: CliContext, file: string): { envText?: string; envFile?: string } {
  if (ctx.envFile !== undefined) {
    const p = resolve(ctx.cwd, ctx.envFile);
    try {
      return { envText: readFileSync(p, 'utf8'), envFile: p };
    } catch (e) {
      throw new UserError(`cannot read --env-file ${ctx.envFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  const p = resolve(dirname(file), '.env');
  return existsSync(p) ? { envText: readFileSync(p, 'utf8'), envFile: p } : {};
}

/** The build's precompiled schema validator (dist/src/spec/schema-validator.js), or undefined when running from sources. */
async function precompiledValidator(): Promise<SchemaValidator | undefined> {
  try {
    const mod = (await import(new URL('../spec/schema-validator.js', import.meta.url).href)) as { validate: SchemaValidator['validate']; schema: object };
    return { validate: mod.validate, schema: mod.schema };
  } catch {
    return undefined;
  }
}

/** Find, read and load the project file; a missing or unreadable file is a one-line UserError. */
export async function readSpec(ctx: CliContext): Promise<ReadSpec> {
  const file = findSpecFile(ctx);
  if (file === undefined) throw new UserError(`no kleene.yaml or kleene.yml in ${ctx.cwd}`, 'create one (see examples/) or pass -f FILE');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `no such file: ${ctx.file ?? file}` : `cannot read ${ctx.file ?? file}: ${code ?? (e as Error).message}`);
  }
  const validator = await precompiledValidator();
  const result = loadSpec({ text, file, env: ctx.env, ...readEnvFile(ctx, file), projectName: ctx.projectName, dirName: basename(dirname(file)), validator });
  return { ...result, file, text };
}

/** Print diagnostics to stderr in the human form. */
export function printDiagnostics(ctx: CliContext, r: ReadSpec): void {
  if (r.diagnostics.length === 0) return;
  ctx.io.stderr.write(renderDiagnostics(r.diagnostics, { sources: new Map([[r.file, r.text]]), color: ctx.color, cwd: ctx.cwd }));
}

/** For commands that need a valid file (plan, up, ps): the Spec, warnings printed; a UserError when invalid. */
export async function requireSpec(ctx: CliContext): Promise<{ spec: Spec; warnings: Diagnostic[] }> {
  const r = await readSpec(ctx);
  printDiagnostics(ctx, r);
  if (hasErrors(r.diagnostics) || !r.spec) {
    const n = r.diagnostics.filter((d) => d.severity === 'error').length;
    throw new UserError(`${ctx.file ?? basename(r.file)} is not valid (${n} error${n === 1 ? '' : 's'})`, 'run `klee validate` for details');
  }
  return { spec: r.spec, warnings: r.diagnostics.filter((d) => d.severity === 'warning') };
}

/**
 * The project name when a valid file is not required (`klee down` without a file). Precedence, as for
 * a full load: -p, then KLEE_PROJECT_NAME (both already in ctx.projectName), then `name:` of the file
 * when it exists and is readable YAML (variables interpolated from the environment and .env), then
 * the working directory's name, sanitised (the file's directory when -f is given).
 */
export async function projectNameOnly(ctx: CliContext): Promise<string> {
  const check = (name: string, from: string) => {
    if (!PROJECT_NAME.test(name)) throw new UserError(`${from} "${name}" is not a valid project name`, "use lowercase letters, digits and '-', starting with a letter or digit");
    return name;
  };
  if (ctx.projectName) return check(ctx.projectName, ctx.env.KLEE_PROJECT_NAME === ctx.projectName ? 'KLEE_PROJECT_NAME' : '-p');
  const file = findSpecFile(ctx);
  let dir = ctx.cwd;
  if (file !== undefined && existsSync(file)) {
    dir = dirname(file);
    try {
      const text = readFileSync(file, 'utf8');
      const name = parseDocument(text).get('name');
      if (typeof name === 'string' && name !== '') {
        let envText: string | undefined;
        try {
          envText = readEnvFile(ctx, file).envText;
        } catch {
          envText = undefined;
        }
        const dotenv = envText === undefined ? {} : parseDotenv(envText, ctx.env).vars;
        const value = substitute(name, (v) => ctx.env[v] ?? dotenv[v]).value;
        return check(value, `name: in ${basename(file)}`);
      }
    } catch (e) {
      if (e instanceof UserError) throw e;
      // An unreadable file falls through to the directory name.
    }
  }
  const fromDir = sanitizeProjectName(basename(dir));
  if (!fromDir) throw new UserError(`cannot derive a project name from the directory "${basename(dir)}"`, 'pass -p NAME');
  return fromDir;
}
