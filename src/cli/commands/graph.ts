// `klee graph`: its options.
import type { CommandDef } from './types.js';
import { GRAPH_FORMATS } from '../views/picture.js';

/** Definition of `klee graph`. */
export const graph: CommandDef = {
  name: 'graph',
  description: 'the project as a picture (networks, containers, addresses, ports, depends_on); from the file, or with -H as the host has it',
  options: [
    { flags: '--format <format>', description: 'dot (Graphviz, default) or mermaid', choices: [...GRAPH_FORMATS] },
  ],
  load: () => import('../graph.js'),
};
