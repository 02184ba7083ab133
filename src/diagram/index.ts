import { renderDot } from './formats/dot.js';
import { renderHtml } from './formats/html.js';
import { renderMermaid } from './formats/mermaid.js';
import { renderSvg } from './formats/svg.js';
import type { DomainGraph } from './model.js';

/** Every diagram format, by name; a new one is a file under formats/ and one entry here. */
export const diagramFormats: ReadonlyMap<string, (graph: DomainGraph) => string | Promise<string>> = new Map<
  string,
  (graph: DomainGraph) => string | Promise<string>
>([
  ['mermaid', renderMermaid],
  ['dot', renderDot],
  ['svg', renderSvg],
  ['html', renderHtml],
  ['json', (graph) => `${JSON.stringify({ version: 1, ...graph }, null, 2)}\n`],
]);

export { MERMAID_LIMIT, renderMermaid } from './formats/mermaid.js';
export { buildDomainGraph, type DomainEdge, type DomainGraph, type DomainNode, focusOn, markChanges, pairImports, UNOWNED } from './model.js';
