import { thousands } from '../../model/index.js';
import { ADDED_COLOR, edgeLabel, nodeDetails, VIOLATION_COLOR } from '../labels.js';
import type { DomainEdge, DomainGraph } from '../model.js';

/**
 * GitHub renders Mermaid in comments and job summaries, within Mermaid's own default limit of
 * 50,000 characters (and a comment's 65,536). Past this, the least telling edges are left out
 * and a note in the diagram says so.
 */
export const MERMAID_LIMIT = 40_000;

/** Mermaid refuses a flowchart with more links than this (`flowchart.maxEdges`, a secure setting: GitHub's default). */
export const MERMAID_MAX_EDGES = 500;

/** Mermaid labels are quoted strings: quotes and `#` (entity codes) must be written as entities. */
const escapeMermaid = (text: string) => text.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');

function arrow(edge: DomainEdge): string {
  if (edge.change === 'added') return '==>';
  if (edge.imports === 0) return '-.->';
  return '-->';
}

interface Omitted {
  edges: number;
  maxImports: number;
  /** Which of Mermaid's limits forced the cut. */
  limit: string;
}

function render(graph: DomainGraph, omitted: Omitted): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.name, `d${i}`]));
  const lines = ['flowchart LR'];
  for (const node of graph.nodes) {
    const label = [node.name, ...nodeDetails(node)].map(escapeMermaid).join('<br/>');
    lines.push(`  ${ids.get(node.name)}["${label}"]${node.unowned ? ':::unowned' : ''}`);
  }
  const styles: string[] = [];
  graph.edges.forEach((edge, i) => {
    const label = edgeLabel(edge);
    lines.push(`  ${ids.get(edge.from)} ${arrow(edge)}${label ? `|"${escapeMermaid(label)}"|` : ''} ${ids.get(edge.to)}`);
    if (edge.violations > 0) styles.push(`  linkStyle ${i} stroke:${VIOLATION_COLOR},stroke-width:2.5px,color:${VIOLATION_COLOR}`);
    else if (edge.change === 'added') styles.push(`  linkStyle ${i} stroke:${ADDED_COLOR},color:${ADDED_COLOR}`);
  });
  if (omitted.edges > 0) {
    lines.push(
      `  omitted["${escapeMermaid(`${omitted.edges} import edge${omitted.edges === 1 ? '' : 's'} of up to ${omitted.maxImports} imports each left out (${omitted.limit})`)}"]:::note`,
    );
  }
  lines.push(...styles, '  classDef unowned fill:#f6f8fa,stroke-dasharray:4 3', '  classDef note fill:#fff8c5,stroke:#d4a72c');
  return `${lines.join('\n')}\n`;
}

/**
 * Mermaid flowchart of the domain graph. Violating edges keep their place whatever the size:
 * only plain import edges, smallest first, are left out to stay under the limit.
 */
export function renderMermaid(graph: DomainGraph, limit = MERMAID_LIMIT): string {
  let text = render(graph, { edges: 0, maxImports: 0, limit: '' });
  const droppable = graph.edges.filter((e) => e.violations === 0 && !e.change && e.declared.length === 0).sort((a, b) => a.imports - b.imports);
  const tooManyLinks = graph.edges.length > MERMAID_MAX_EDGES;
  let dropped = 0;
  while ((text.length > limit || graph.edges.length - dropped > MERMAID_MAX_EDGES) && dropped < droppable.length) {
    dropped = Math.min(droppable.length, dropped + Math.max(1, Math.ceil(droppable.length / 10)));
    const left = new Set(droppable.slice(0, dropped));
    const reason = tooManyLinks ? `Mermaid draws at most ${MERMAID_MAX_EDGES} links` : `size limit of ${thousands(limit)} characters`;
    text = render(
      { nodes: graph.nodes, edges: graph.edges.filter((e) => !left.has(e)) },
      { edges: dropped, maxImports: droppable[dropped - 1]!.imports, limit: reason },
    );
  }
  return text;
}
