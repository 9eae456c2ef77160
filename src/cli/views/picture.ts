// A graph as data, and its two renderings: Graphviz DOT and Mermaid (a flowchart GitHub and GitLab draw in Markdown).
// Pure; the project and plan pictures (project-picture.ts, plan-picture.ts) build the data.

/** One node: an id unique in the picture, the lines of its label, and its kind (shape). */
export interface PictureNode {
  id: string;
  lines: string[];
  kind: 'network' | 'container' | 'action';
}

/** One edge: from, to, an optional label; `dashed` for a dependency rather than a membership. */
export interface PictureEdge {
  from: string;
  to: string;
  label?: string;
  dashed?: boolean;
}

/** A titled graph. */
export interface Picture {
  title: string;
  nodes: PictureNode[];
  edges: PictureEdge[];
}

/** The formats `klee graph --format` and `klee plan --graph` write. */
export const GRAPH_FORMATS = ['dot', 'mermaid'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** The picture in a format. */
export function renderPicture(p: Picture, format: GraphFormat): string {
  return format === 'dot' ? dot(p) : mermaid(p);
}

/** A DOT string literal. */
function dq(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Graphviz: networks as rounded boxes, containers as boxes, dependencies dashed; left to right. */
function dot(p: Picture): string {
  const shape = { network: 'box, style="rounded,filled", fillcolor="#e8f0fe"', container: 'box', action: 'box, style=rounded' };
  const out = [`digraph ${dq(p.title)} {`, '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const n of p.nodes) out.push(`  ${dq(n.id)} [shape=${shape[n.kind]}, label=${dq(n.lines.join('\n')).replace(/\n/g, '\\n')}];`);
  for (const e of p.edges) {
    const attrs = [...(e.label ? [`label=${dq(e.label)}`] : []), ...(e.dashed ? ['style=dashed'] : ['arrowhead=none'])];
    out.push(`  ${dq(e.from)} -> ${dq(e.to)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** Mermaid label text: quotes and markup characters as entities, lines joined with <br/>. */
function mq(lines: string[]): string {
  return `"${lines.map((l) => l.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;')).join('<br/>')}"`;
}

/** Mermaid flowchart: node ids n0, n1, ... (ids may not hold every character a name can). */
function mermaid(p: Picture): string {
  const ids = new Map(p.nodes.map((n, i) => [n.id, `n${i}`]));
  const out = ['flowchart LR', `  %% ${p.title.replace(/\n/g, ' ')}`];
  for (const n of p.nodes) out.push(`  ${ids.get(n.id)}${n.kind === 'network' ? `([${mq(n.lines)}])` : n.kind === 'action' ? `(${mq(n.lines)})` : `[${mq(n.lines)}]`}`);
  for (const e of p.edges) {
    const arrow = e.dashed ? '-.->' : '---';
    out.push(`  ${ids.get(e.from)} ${arrow}${e.label ? `|${mq([e.label])}|` : ''} ${ids.get(e.to)}`);
  }
  return `${out.join('\n')}\n`;
}
