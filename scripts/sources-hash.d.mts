// Types of scripts/sources-hash.mjs, for the tests that import it.
export declare const BUILD_INPUTS: string[];
export declare const STAMP: string;
export declare function sourcesHash(root: string): string;
