import type { DomainGraph } from '../model.js';
import { renderSvg } from './svg.js';

/** Runs in the page: hover details and filtering, nothing fetched from anywhere. */
const SCRIPT = `
const graph = JSON.parse(document.getElementById('domain-graph').textContent);
const details = document.getElementById('details');
const svg = document.querySelector('#diagram svg');
const nodes = [...svg.querySelectorAll('g.node')];
const edges = [...svg.querySelectorAll('g.edge')];
const nameOf = (el) => el.querySelector('title').textContent;
const ends = (el) => nameOf(el).split('->');
function show(text) { details.textContent = text; }
for (const node of nodes) {
  const name = nameOf(node);
  const info = graph.nodes.find((n) => n.name === name);
  node.addEventListener('mouseenter', () => {
    const out = graph.edges.filter((e) => e.from === name && e.imports > 0);
    const into = graph.edges.filter((e) => e.to === name && e.imports > 0);
    show(name + (info.agentName ? ' (' + info.agentName + ')' : '') + ' — ' + (info.scope.join(', ') || 'unowned files') + ' — ' + info.files + ' files — imports ' + out.length + ' domains, imported by ' + into.length);
    for (const edge of edges) edge.classList.toggle('dim', !ends(edge).includes(name));
  });
  node.addEventListener('mouseleave', () => { show(''); for (const edge of edges) edge.classList.remove('dim'); });
}
for (const edge of edges) {
  const [from, to] = ends(edge);
  const info = graph.edges.find((e) => e.from === from && e.to === to);
  edge.addEventListener('mouseenter', () => show(from + ' → ' + to + ': ' + info.imports + ' imports' + (info.violations ? ', ' + info.violations + ' violating (' + info.rules.join(', ') + ')' : '') + (info.declared.length ? ', declared: ' + info.declared.join(', ') + (info.kinds.length ? ' (' + info.kinds.join(', ') + ')' : '') : '')));
  edge.addEventListener('mouseleave', () => show(''));
}
const filter = document.getElementById('filter');
const violationsOnly = document.getElementById('violations-only');
function apply() {
  const text = filter.value.trim().toLowerCase();
  const visible = new Set(graph.nodes.filter((n) => !text || n.name.toLowerCase().includes(text)).map((n) => n.name));
  for (const edge of edges) {
    const [from, to] = ends(edge);
    const info = graph.edges.find((e) => e.from === from && e.to === to);
    const shown = (visible.has(from) || visible.has(to)) && (!violationsOnly.checked || info.violations > 0);
    edge.classList.toggle('hidden', !shown);
    if (shown) { visible.add(from); visible.add(to); }
  }
  for (const node of nodes) node.classList.toggle('hidden', !visible.has(nameOf(node)));
}
filter.addEventListener('input', apply);
violationsOnly.addEventListener('change', apply);
`;

const STYLE = `
body { font: 14px/1.4 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 1rem; color: #1f2328; }
header { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
#details { min-height: 1.4em; color: #57606a; margin: .5rem 0; }
#diagram svg { max-width: 100%; height: auto; }
.hidden { display: none; }
.dim { opacity: .15; }
g.node, g.edge { cursor: default; }
`;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One self-contained page: the SVG inline, with a small script for details on hover and filtering. */
export async function renderHtml(graph: DomainGraph, title = 'cn-guard: domain boundaries'): Promise<string> {
  const svg = (await renderSvg(graph)).replace(/^<\?xml[^>]*>\s*<!DOCTYPE[^>]*>\s*/, '');
  // `<` escaped so that no string in the data can close the script element.
  const data = JSON.stringify(graph).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<label>Domain <input id="filter" type="search" placeholder="filter by name"></label>
<label><input id="violations-only" type="checkbox"> violating edges only</label>
</header>
<p id="details"></p>
<div id="diagram">${svg}</div>
<script type="application/json" id="domain-graph">${data}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
