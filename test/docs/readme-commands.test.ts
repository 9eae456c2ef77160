// The README's command table against the command definitions (src/cli/commands): every command has a row naming each
// of its options, no row names a command that does not exist, and the global options are all listed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { GLOBAL_OPTIONS } from '../../src/cli/globals.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Commands'), readme.indexOf('\n## ', readme.indexOf('## Commands') + 1));
/** Table rows by command name. */
const rows = new Map([...section.matchAll(/^\| `klee ([a-z]+)[^`]*` \|(.*)\|$/gm)].map((m) => [m[1], m[2]]));
/** The name users type for an option: its long form, else its short one. */
const optionName = (flags: string) => /--[a-z][a-z0-9-]*/.exec(flags)?.[0] ?? /-[A-Za-z]/.exec(flags)![0];

describe('README command table', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('klee %s has a row naming each of its options', (name, def) => {
    const row = rows.get(name);
    expect(row, `no row for klee ${name}`).toBeDefined();
    for (const o of def.options ?? []) expect(row, `${name} ${o.flags}`).toContain(optionName(o.flags));
  });

  it('has no row for a command that does not exist', () => {
    expect([...rows.keys()].filter((n) => !COMMANDS.some((c) => c.name === n))).toEqual([]);
  });

  it('lists every global option', () => {
    const globals = section.slice(section.indexOf('Global options'));
    for (const o of GLOBAL_OPTIONS) expect(globals, o.flags).toContain(optionName(o.flags));
  });
});
