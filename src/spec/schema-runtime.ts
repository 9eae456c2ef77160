// Compiles the JSON Schema with ajv at run time: used when the build's precompiled validator is absent (tests).
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SchemaValidator, ValidateFn } from './schema.js';

/** ajv options; scripts/build-validator.mjs imports them for the precompiled validator. */
export const AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true } as const;

/** Find schemas/kleene.schema.json by walking up from this module (src/spec or dist/src/spec). */
function readSchemaFile(): object {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'schemas', 'kleene.schema.json');
    if (existsSync(candidate)) return JSON.parse(readFileSync(candidate, 'utf8')) as object;
    dir = dirname(dir);
  }
  throw new Error('schemas/kleene.schema.json not found beside the klee installation');
}

let cached: SchemaValidator | undefined;

/** A validator compiled now with ajv (cached per process). */
export function runtimeValidator(): SchemaValidator {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const mod = require('ajv/dist/2020.js') as { default: new (o: object) => { compile(s: object): ValidateFn } };
  const schema = readSchemaFile();
  const validate = new mod.default(AJV_OPTIONS).compile(schema);
  cached = { validate, schema };
  return cached;
}
