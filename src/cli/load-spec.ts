// Reading the project file for a command: find it (-f FILE, -f DIR, -f - for standard input, --project-directory),
// read it and its .env as UTF-8, load it, and report diagnostics.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { CliContext } from './context.js';
import type { Diagnostic, Spec } from '../spec/types.js';
import { UserError } from '../errors.js';
import { loadSpec, type LoadResult } from '../spec/load.js';
import type { SchemaValidator } from '../spec/schema.js';
import type { NormDoc } from '../spec/normalized.js';
import { hasErrors } from '../spec/diagnostic.js';
import { substitute } from '../spec/template.js';
import { variableLookup } from '../spec/variables.js';
import { parseDotenv } from '../spec/dotenv.js';
import { decodeUtf8, notUtf8Message } from '../spec/decode.js';
import { MAX_FILE_BYTES, fileTooLarge } from '../spec/parse.js';
import { PROJECT_NAME, sanitizeProjectName } from '../spec/project-name.js';
import { renderDiagnostics } from './views/diagnostics.js';

/** The name diagnostics give the file read from standard input (`-f -`). */
export const STDIN_FILE = '<stdin>';

/** The names looked for in a directory, in order. */
const SPEC_NAMES = ['kleene.yaml', 'kleene.yml'];

/** A read and loaded project file. */
export interface ReadSpec extends LoadResult {
  /** Absolute path of the file, or STDIN_FILE. */
  file: string;
  /** How messages name it: as given with -f, else its name. */
  shownAs: string;
  /** Its text (for the human view's source lines). */
  text: string;
}

/** The project directory: --project-directory, else undefined (then: the file's directory, or cwd). */
function projectDir(ctx: CliContext): string | undefined {
  return ctx.projectDirectory !== undefined ? resolve(ctx.cwd, ctx.projectDirectory) : undefined;
}

/** kleene.yaml, else kleene.yml, in dir; undefined when neither exists. */
function specIn(dir: string): string | undefined {
  return SPEC_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p));
}

/**
 * The project file's path: -f (a directory stands for its kleene.yaml or kleene.yml, as compose reads one), STDIN_FILE
 * for `-f -`, else kleene.yaml then kleene.yml in the project directory; undefined when none exists.
 */
export function findSpecFile(ctx: CliContext): string | undefined {
  if (ctx.file === '-') return STDIN_FILE;
  if (ctx.file !== undefined) {
    const p = resolve(ctx.cwd, ctx.file);
    return isDirectory(p) ? specIn(p) ?? p : p;
  }
  return specIn(projectDir(ctx) ?? ctx.cwd);
}

/** True when there is a project file to read (standard input counts). */
export function specExists(ctx: CliContext): boolean {
  const file = findSpecFile(ctx);
  return file === STDIN_FILE || (file !== undefined && existsSync(file) && !isDirectory(file));
}

/** True for an existing directory. */
function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The directory a file belongs to: --project-directory, else the file's own (cwd for standard input). */
function baseDir(ctx: CliContext, file: string): string {
  return projectDir(ctx) ?? (file === STDIN_FILE ? ctx.cwd : dirname(file));
}

/** Text read from standard input, once per run (`-f -` may be read by several steps of one command). */
const stdinText = new WeakMap<object, Promise<Buffer>>();

/** The bytes of standard input. */
function readStdin(ctx: CliContext): Promise<Buffer> {
  const stdin = ctx.io.stdin;
  if (!stdin) throw new UserError('-f - reads the file from standard input, and there is none here');
  let p = stdinText.get(stdin);
  if (!p) {
    p = (async () => {
      const chunks: Buffer[] = [];
      for await (const c of stdin) chunks.push(Buffer.from(c as Buffer));
      return Buffer.concat(chunks);
    })();
    stdinText.set(stdin, p);
  }
  return p;
}

/** A file's bytes as text, or a diagnostic (too large, not UTF-8) to report instead of loading it. */
function textOf(bytes: Buffer, file: string): { text: string } | { diagnostic: Diagnostic } {
  const at = (line: number, column: number, message: string, hint?: string): { diagnostic: Diagnostic } =>
    ({ diagnostic: { severity: 'error', message, file, line, column, path: '', ...(hint ? { hint } : {}) } });
  if (bytes.length > MAX_FILE_BYTES) return at(1, 1, ...fileTooLarge(bytes.length));
  const d = decodeUtf8(bytes);
  if ('text' in d) return d;
  return at(d.line, d.column, notUtf8Message(d), `convert it, e.g. iconv -f latin1 -t utf-8 ${basename(file)}`);
}

/** The variables file of a project file: --env-file, else .env in the project directory (whether it exists or not). */
export function envFilePath(ctx: CliContext, file: string): string {
  return ctx.envFile !== undefined ? resolve(ctx.cwd, ctx.envFile) : join(baseDir(ctx, file), '.env');
}

/** The .env to use: --env-file (must exist), else .env in the project directory when present. */
function readEnvFile(ctx: CliContext, file: string): { envText?: string; envFile?: string; envDiagnostic?: Diagnostic } {
  const p = envFilePath(ctx, file);
  if (ctx.envFile !== undefined) {
    if (isDirectory(p)) throw new UserError(`--env-file ${ctx.envFile} is a directory`);
    if (!existsSync(p)) throw new UserError(`cannot read --env-file ${ctx.envFile}: no such file`);
  } else if (!existsSync(p) || isDirectory(p)) {
    return {};
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(p);
  } catch (e) {
    throw new UserError(`cannot read ${ctx.envFile !== undefined ? `--env-file ${ctx.envFile}` : p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const t = textOf(bytes, p);
  return 'text' in t ? { envText: t.text, envFile: p } : { envFile: p, envDiagnostic: t.diagnostic };
}

/**
 * The build's precompiled schema validator (dist/src/spec/schema-validator.js, generated by scripts/build-validator.mjs),
 * or undefined when running from sources (tests): loadSpec then compiles the schema with ajv. The specifier is a literal
 * so that esbuild bundles the validator into the binary (scripts/bundle.mjs).
 */
async function precompiledValidator(): Promise<SchemaValidator | undefined> {
  try {
    const mod = await import('../spec/schema-validator.js');
    return { validate: mod.validate, schema: mod.schema };
  } catch {
    return undefined;
  }
}

/** The file's bytes: standard input, or the file (a directory without a kleene.yaml, or a missing file, is a UserError). */
async function readBytes(ctx: CliContext, file: string): Promise<Buffer> {
  if (file === STDIN_FILE) return readStdin(ctx);
  if (isDirectory(file)) throw new UserError(`${ctx.file ?? file} is a directory with no ${SPEC_NAMES.join(' or ')}`, 'pass the file itself with -f FILE, or create kleene.yaml there');
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `no such file: ${ctx.file ?? file}` : `cannot read ${ctx.file ?? file}: ${code ?? (e as Error).message}`);
  }
}

/** Find, read and load the project file; a missing or unreadable file is a one-line UserError. */
export async function readSpec(ctx: CliContext): Promise<ReadSpec> {
  const file = findSpecFile(ctx);
  if (file === undefined) throw new UserError(`no ${SPEC_NAMES.join(' or ')} in ${projectDir(ctx) ?? ctx.cwd}`, 'create one (see examples/) or pass -f FILE');
  const t = textOf(await readBytes(ctx, file), file);
  const shownAs = file === STDIN_FILE ? STDIN_FILE : ctx.file !== undefined && resolve(ctx.cwd, ctx.file) === file ? ctx.file : basename(file);
  if (!('text' in t)) return { diagnostics: [t.diagnostic], file, shownAs, text: '' };
  const env = readEnvFile(ctx, file);
  const validator = await precompiledValidator();
  const result = loadSpec({ text: t.text, file, env: ctx.env, envText: env.envText, envFile: env.envFile, projectName: projectOption(ctx), dirName: basename(baseDir(ctx, file)), validator });
  if (env.envDiagnostic) result.diagnostics.unshift(env.envDiagnostic);
  return { ...result, file, shownAs, text: t.text };
}

/** Print diagnostics to stderr in the human form. */
export function printDiagnostics(ctx: CliContext, r: ReadSpec): void {
  if (r.diagnostics.length === 0) return;
  ctx.io.stderr.write(renderDiagnostics(r.diagnostics, { sources: new Map([[r.file, r.text]]), color: ctx.color, cwd: ctx.cwd }));
}

/** The UserError of an invalid file: the count, and for --json the first error's place and every diagnostic. */
export function invalidFile(r: ReadSpec, hint = 'run `klee validate` for details'): UserError {
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  return new UserError(`${r.shownAs} is not valid (${errors.length} error${errors.length === 1 ? '' : 's'})`, hint, 1,
    { file: first?.file ?? r.file, ...(first && first.line > 0 ? { line: first.line, column: first.column } : {}), diagnostics: r.diagnostics });
}

/**
 * For commands that need a valid file (plan, up, ps; down when there is one): the Spec (and its normalised document),
 * warnings printed; a UserError when invalid, with `invalidHint` when given.
 */
export async function requireSpec(ctx: CliContext, invalidHint?: string): Promise<{ spec: Spec; normalized: NormDoc; shownAs: string; warnings: Diagnostic[] }> {
  const r = await readSpec(ctx);
  printDiagnostics(ctx, r);
  if (hasErrors(r.diagnostics) || !r.spec || !r.normalized) throw invalidFile(r, invalidHint);
  return { spec: r.spec, normalized: r.normalized, shownAs: r.shownAs, warnings: r.diagnostics.filter((d) => d.severity === 'warning') };
}

/** -p as given: ctx.projectName unless it is the KLEE_PROJECT_NAME that program.ts folds in (the loader reads that itself and names it). */
function projectOption(ctx: CliContext): string | undefined {
  return ctx.projectName !== ctx.env.KLEE_PROJECT_NAME ? ctx.projectName : undefined;
}

/**
 * The project name when a valid file is not required (`klee down` without a file). Precedence, as for
 * a full load: -p, then KLEE_PROJECT_NAME (the environment's, already in ctx.projectName, then the .env's),
 * then `name:` of the file when it exists and is readable YAML (variables interpolated from the environment
 * and .env), then the project directory's name, sanitised (the file's directory when -f is given).
 */
export async function projectNameOnly(ctx: CliContext): Promise<string> {
  const check = (name: string, from: string) => {
    if (!PROJECT_NAME.test(name)) throw new UserError(`${from} "${name}" is not a valid project name`, "use lowercase letters, digits and '-', starting with a letter or digit");
    return name;
  };
  if (ctx.projectName) return check(ctx.projectName, projectOption(ctx) ? '-p' : 'KLEE_PROJECT_NAME');
  const file = findSpecFile(ctx);
  let dir = projectDir(ctx) ?? ctx.cwd;
  if (file !== undefined && specExists(ctx)) {
    dir = baseDir(ctx, file);
    let dotenv: Record<string, string> = {};
    try {
      const { envText } = readEnvFile(ctx, file);
      if (envText !== undefined) dotenv = parseDotenv(envText, ctx.env).vars;
    } catch {
      // An unreadable --env-file counts as none here.
    }
    if (dotenv.KLEE_PROJECT_NAME) return check(dotenv.KLEE_PROJECT_NAME, 'KLEE_PROJECT_NAME in .env');
    let name: unknown;
    try {
      const t = textOf(await readBytes(ctx, file), file);
      if ('text' in t) name = parseDocument(t.text).get('name');
    } catch {
      // An unreadable file falls through to the directory name.
    }
    if (typeof name === 'string' && name !== '') return check(substitute(name, variableLookup(ctx.env, dotenv)).value, `name: in ${file === STDIN_FILE ? STDIN_FILE : basename(file)}`);
  }
  const fromDir = sanitizeProjectName(basename(dir));
  if (!fromDir) throw new UserError(`cannot derive a project name from the directory "${basename(dir)}"`, 'pass -p NAME');
  return fromDir;
}
