// Rules on names: project, networks, containers, and the jail names they make.
import type { Rule } from './context.js';
import { reporter } from './context.js';
import { OBJECT_NAME, PROJECT_NAME, sanitizeProjectName } from '../project-name.js';
import { jailName } from '../../host/labels.js';

/** FreeBSD accepts longer jail names, but klee keeps them within this many bytes. */
export const MAX_JAIL_NAME = 64;
/** `jls -v` text output truncates jail names longer than this (test/fixtures/freebsd/23-jls-Nv-text-name-truncated-29-ocijail.txt). */
export const JLS_TRUNCATES = 29;

/** The rules about names. */
export const nameRules: Rule[] = [
  {
    id: 'project-name',
    check(ctx) {
      const r = reporter(ctx);
      const p = ctx.project;
      if (p.name === undefined) {
        r.error([], `cannot derive a project name from the directory name "${p.raw}"`, 'set `name:` in the file or pass -p NAME');
      } else if (!PROJECT_NAME.test(p.name)) {
        const fix = sanitizeProjectName(p.name);
        const from = p.source === 'option' ? 'the project name given by -p' : p.source === 'env' ? 'KLEE_PROJECT_NAME' : 'the project name';
        const message = `${from} "${p.name}" is not valid: use lowercase letters, digits and '-', starting with a letter or digit`;
        const hint = fix ? `for instance "${fix}"` : undefined;
        if (p.source === 'file') r.error(['name'], message, hint);
        // Not in the file: no line to point at.
        else r.out.push({ severity: 'error', message, file: ctx.file, line: 0, column: 0, path: '', ...(hint ? { hint } : {}) });
      }
      return r.out;
    },
  },
  {
    id: 'object-names',
    check(ctx) {
      const r = reporter(ctx);
      for (const kind of ['networks', 'containers'] as const) {
        for (const name of Object.keys(ctx.doc[kind])) {
          if (!OBJECT_NAME.test(name)) {
            r.error([kind, name], `${kind === 'networks' ? 'network' : 'container'} name "${name}" is not valid: use letters, digits, '_' and '-', starting with a letter or digit`, undefined, 'key');
          }
        }
      }
      return r.out;
    },
  },
  {
    id: 'jail-name-length',
    check(ctx) {
      const r = reporter(ctx);
      if (!ctx.project.name || !PROJECT_NAME.test(ctx.project.name)) return r.out;
      for (const name of Object.keys(ctx.doc.containers)) {
        const jail = jailName(ctx.project.name, name);
        const len = Buffer.byteLength(jail);
        if (len > MAX_JAIL_NAME) {
          r.error(['containers', name], `jail name "${jail}" is ${len} bytes: at most ${MAX_JAIL_NAME}`, 'shorten the container or project name', 'key');
        } else if (/^\d+$/.test(jail)) {
          r.error(['containers', name], `jail name "${jail}" is all digits, which jail(8) reserves for jids`, undefined, 'key');
        } else if (len > JLS_TRUNCATES) {
          r.warn(['containers', name], `jail name "${jail}" is ${len} bytes: \`jls -v\` shows only the first ${JLS_TRUNCATES}`, 'shorter names are easier to read in jls output', 'key');
        }
      }
      return r.out;
    },
  },
];
