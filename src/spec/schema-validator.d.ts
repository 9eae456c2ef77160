// Types of the build's precompiled schema validator: scripts/build-validator.mjs generates its code into
// dist/src/spec/schema-validator.js (no source file here; from sources, loadSpec compiles the schema with ajv).
import type { ValidateFn } from './schema.js';

/** The standalone ajv validator of schemas/kleene.schema.json. */
export declare const validate: ValidateFn;
/** The schema it was compiled from (for "did you mean"). */
export declare const schema: object;
