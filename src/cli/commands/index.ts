// Every command, in help order: program.ts builds commander from this list, completion and the README test read it.
import type { CommandDef } from './types.js';
import { validate } from './validate.js';
import { config } from './config.js';
import { plan } from './plan.js';
import { up } from './up.js';
import { start, stop, restart } from './lifecycle.js';
import { down } from './down.js';
import { watch } from './watch.js';
import { ps } from './ps.js';
import { ls } from './ls.js';
import { inspect } from './inspect.js';
import { probe } from './probe.js';
import { exec } from './exec.js';
import { logs } from './logs.js';
import { completion } from './completion.js';
import { graph } from './graph.js';

/** The commands of klee. */
export const COMMANDS: CommandDef[] = [validate, config, plan, up, start, stop, restart, down, watch, ps, ls, inspect, probe, exec, logs, graph, completion];
