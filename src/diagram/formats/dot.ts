import { ADDED_COLOR, edgeLabel, nodeDetails, VIOLATION_COLOR } from '../labels.js';
import type { DomainEdge, DomainGraph, DomainNode } from '../model.js';

/** Graphviz HTML-like labels: `&`, `<`, `>` and quotes escaped. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const quoted = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** A stable, CSS-safe id for the HTML page's script. */
export const domId = (kind: 'domain' | 'edge', ...names: string[]) => `${kind}-${names.map((n) => n.replace(/[^A-Za-z0-9_-]/g, '_')).join('--')}`;

function node(n: DomainNode): string {
  const details = nodeDetails(n)
    .map((line) => `<br/><font point-size="9" color="#57606a">${html(line)}</font>`)
    .join('');
  const style = n.unowned ? 'rounded,dashed,filled' : 'rounded,filled';
  return `  ${quoted(n.name)} [id=${quoted(domId('domain', n.name))}, class="domain", style=${quoted(style)}, label=<<b>${html(n.name)}</b>${details}>, tooltip=${quoted(`${n.name}: ${nodeDetails(n).join(' — ')}`)}];`;
}

function edge(e: DomainEdge): string {
  const attributes = [`id=${quoted(domId('edge', e.from, e.to))}`, `tooltip=${quoted(`${e.from} → ${e.to}: ${edgeLabel(e)}`)}`];
  const label = edgeLabel(e);
  if (label) attributes.push(`label=${quoted(label)}`);
  const classes = ['relation'];
  if (e.violations > 0) {
    classes.push('violation');
    attributes.push(`color=${quoted(VIOLATION_COLOR)}`, `fontcolor=${quoted(VIOLATION_COLOR)}`);
  } else if (e.change === 'added') {
    classes.push('added');
    attributes.push(`color=${quoted(ADDED_COLOR)}`, `fontcolor=${quoted(ADDED_COLOR)}`);
  }
  if (e.imports === 0) {
    classes.push(e.change === 'removed' ? 'removed' : 'declared');
    attributes.push('style=dashed');
  }
  // One penwidth (Graphviz keeps the last one given): the traffic's, at least the verdict's.
  const traffic = e.imports > 0 ? Math.min(4, 1 + Math.log10(e.imports)) : 1;
  const emphasis = e.violations > 0 ? 2.5 : e.change === 'added' ? 2 : 1;
  attributes.push(`penwidth=${Math.max(traffic, emphasis).toFixed(2)}`);
  attributes.push(`class=${quoted(classes.join(' '))}`);
  return `  ${quoted(e.from)} -> ${quoted(e.to)} [${attributes.join(', ')}];`;
}

/** Graphviz DOT of the domain graph: the input of the in-process SVG rendering too. */
export function renderDot(graph: DomainGraph): string {
  return [
    'digraph domains {',
    '  graph [rankdir=LR, fontname="Helvetica", nodesep=0.5, ranksep=1.1, bgcolor="transparent"];',
    '  node [shape=box, fontname="Helvetica", fontsize=12, fillcolor="#f6f8fa", color="#57606a", margin="0.2,0.1"];',
    '  edge [fontname="Helvetica", fontsize=9, color="#57606a", fontcolor="#57606a", arrowsize=0.7];',
    ...graph.nodes.map(node),
    ...graph.edges.map(edge),
    '}',
    '',
  ].join('\n');
}
