import type { DomainGraph } from '../model.js';
import { renderSvg } from './svg.js';

/** Runs in the page: hover details and filtering, nothing fetched from anywhere. */
const SCRIPT = `
const graph = JSON.parse(document.getElementById('cn-guard-data').textContent);
const details = document.getElementById('details');
const svg = document.querySelector('#diagram svg');
const nodes = [...svg.querySelectorAll('g.node')];
const edges = [...svg.querySelectorAll('g.edge')];
const nameOf = (el) => el.querySelector('title').textContent;
const count = (n, word) => n + ' ' + word + (n === 1 ? '' : 's');
const ends = (el) => nameOf(el).split('->');
function show(text) { details.textContent = text; }
for (const node of nodes) {
  const name = nameOf(node);
  const info = graph.nodes.find((n) => n.name === name);
  node.addEventListener('mouseenter', () => {
    const out = graph.edges.filter((e) => e.from === name && e.imports > 0);
    const into = graph.edges.filter((e) => e.to === name && e.imports > 0);
    show(name + (info.agentName ? ' (' + info.agentName + ')' : '') + ' — ' + (info.scope.join(', ') || 'unowned files') + ' — ' + count(info.files, 'file') + ' — imports ' + count(out.length, 'domain') + ', imported by ' + count(into.length, 'domain'));
    for (const edge of edges) edge.classList.toggle('dim', !ends(edge).includes(name));
  });
  node.addEventListener('mouseleave', () => { show(''); for (const edge of edges) edge.classList.remove('dim'); });
}
for (const edge of edges) {
  const [from, to] = ends(edge);
  const info = graph.edges.find((e) => e.from === from && e.to === to);
  edge.addEventListener('mouseenter', () => show(from + ' → ' + to + ': ' + count(info.imports, 'import') + (info.violations ? ', ' + info.violations + ' violating (' + info.rules.join(', ') + ')' : '') + (info.declared.length ? ', declared: ' + info.declared.join(', ') + (info.kinds.length ? ' (' + info.kinds.join(', ') + ')' : '') : '')));
  edge.addEventListener('mouseleave', () => show(''));
}
const filter = document.getElementById('filter');
const violationsOnly = document.getElementById('violations-only');
function apply() {
  const text = filter.value.trim().toLowerCase();
  const matched = new Set(graph.nodes.filter((n) => !text || n.name.toLowerCase().includes(text)).map((n) => n.name));
  const visible = new Set(matched);
  for (const edge of edges) {
    const [from, to] = ends(edge);
    const info = graph.edges.find((e) => e.from === from && e.to === to);
    const shown = (matched.has(from) || matched.has(to)) && (!violationsOnly.checked || info.violations > 0);
    edge.classList.toggle('hidden', !shown);
    if (shown) { visible.add(from); visible.add(to); }
  }
  for (const node of nodes) node.classList.toggle('hidden', !visible.has(nameOf(node)));
}
filter.addEventListener('input', apply);
violationsOnly.addEventListener('change', apply);
// Small graphs fit the window; large ones stay at natural size (scroll), where their labels are legible.
const fit = document.getElementById('fit');
fit.checked = graph.nodes.length <= 15;
const fitting = () => document.getElementById('diagram').classList.toggle('fit', fit.checked);
fit.addEventListener('change', fitting);
fitting();
`;

const STYLE = `
body { font: 14px/1.4 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 1rem; color: #1f2328; }
header { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
#details { min-height: 1.4em; color: #57606a; margin: .5rem 0; }
#diagram { overflow: auto; border: 1px solid #d0d7de; border-radius: 6px; }
#diagram.fit svg { max-width: 100%; height: auto; }
.legend { display: flex; gap: 1rem; color: #57606a; font-size: 12px; }
.legend span::before { content: ''; display: inline-block; width: 2em; vertical-align: middle; margin-right: .4em; border-top: 2px solid #57606a; }
.legend .violating::before { border-top: 3px solid #d1242f; }
.legend .added::before { border-top: 3px solid #1a7f37; }
.legend .declared::before { border-top: 2px dashed #57606a; }
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
<label><input id="fit" type="checkbox"> fit to window</label>
</header>
<p class="legend"><span class="imports">imports (thicker: more)</span><span class="violating">violating imports</span><span class="added">added by the change</span><span class="declared">declared but unused, or removed by the change</span></p>
<p id="details"></p>
<div id="diagram">${svg}</div>
<script type="application/json" id="cn-guard-data">${data}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
