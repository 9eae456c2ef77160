// `klee graph`: its options.
import type { CommandDef } from './types.js';

/** Definition of `klee graph`. */
export const graph: CommandDef = {
  name: 'graph',
  description: 'the project as a picture (networks, containers, addresses, ports, depends_on); from the file, or with -H as the host has it',
  options: [
    { flags: '--format <format>', description: 'dot (Graphviz, default) or mermaid', choices: ['dot', 'mermaid'] },
  ],
  load: () => import('../graph.js'),
};
