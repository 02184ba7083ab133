// @ts-check
// The HTML page's behaviour: details on hover, filtering, fitting to the window and zooming.
// html.ts inlines this file as it is (nothing is fetched); ./tsconfig.json type-checks it.

/** @typedef {{ name: string, scope: string[], agentName?: string, files: number }} DomainNode */
/** @typedef {{ from: string, to: string, imports: number, violations: number, rules: string[], declared: string[], kinds: string[] }} DomainEdge */

/** The smallest on-screen height, in CSS pixels, of a domain's name that fitting may shrink it to. */
const LEGIBLE_PX = 11;

/**
 * @template {Element} T
 * @param {string} selector
 * @param {new () => T} type
 * @returns {T}
 */
function element(selector, type) {
  const found = document.querySelector(selector);
  if (!(found instanceof type)) throw new Error(`cn-guard: the page has no ${selector}`);
  return found;
}

/** @type {{ nodes: DomainNode[], edges: DomainEdge[] }} */
const graph = JSON.parse(element('#cn-guard-data', HTMLScriptElement).text);
const details = element('#details', HTMLElement);
const diagram = element('#diagram', HTMLElement);
const svg = element('#diagram svg', SVGSVGElement);
const filter = element('#filter', HTMLInputElement);
const violationsOnly = element('#violations-only', HTMLInputElement);
const fit = element('#fit', HTMLInputElement);

/** @param {Element} el Graphviz titles a node by its name and an edge `from->to`. */
const titleOf = (el) => el.querySelector('title')?.textContent ?? '';
const nodeInfo = new Map(graph.nodes.map((n) => [n.name, n]));
const edgeInfo = new Map(graph.edges.map((e) => [`${e.from}->${e.to}`, e]));
const nodes = [...svg.querySelectorAll('g.node')].flatMap((el) => {
  const info = nodeInfo.get(titleOf(el));
  return info ? [{ el, info }] : [];
});
const edges = [...svg.querySelectorAll('g.edge')].flatMap((el) => {
  const info = edgeInfo.get(titleOf(el));
  return info ? [{ el, info }] : [];
});

/** @param {number} n @param {string} word */
const count = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** @param {string} text */
const show = (text) => {
  details.textContent = text;
};

for (const { el, info } of nodes) {
  el.addEventListener('mouseenter', () => {
    const out = graph.edges.filter((e) => e.from === info.name && e.imports > 0);
    const into = graph.edges.filter((e) => e.to === info.name && e.imports > 0);
    const agent = info.agentName ? ` (${info.agentName})` : '';
    show(
      `${info.name}${agent} — ${info.scope.join(', ') || 'unowned files'} — ${count(info.files, 'file')} — imports ${count(out.length, 'domain')}, imported by ${count(into.length, 'domain')}`,
    );
    for (const edge of edges) edge.el.classList.toggle('dim', edge.info.from !== info.name && edge.info.to !== info.name);
  });
  el.addEventListener('mouseleave', () => {
    show('');
    for (const edge of edges) edge.el.classList.remove('dim');
  });
}

for (const { el, info } of edges) {
  const violating = info.violations ? `, ${info.violations} violating (${info.rules.join(', ')})` : '';
  const kinds = info.kinds.length ? ` (${info.kinds.join(', ')})` : '';
  const declared = info.declared.length ? `, declared: ${info.declared.join(', ')}${kinds}` : '';
  el.addEventListener('mouseenter', () => show(`${info.from} → ${info.to}: ${count(info.imports, 'import')}${violating}${declared}`));
  el.addEventListener('mouseleave', () => show(''));
}

/** Keeps the domains whose name contains the filter text, their neighbours, and the edges between them. */
function applyFilter() {
  const text = filter.value.trim().toLowerCase();
  const matched = new Set(graph.nodes.filter((n) => !text || n.name.toLowerCase().includes(text)).map((n) => n.name));
  const visible = new Set(matched);
  for (const { el, info } of edges) {
    const shown = (matched.has(info.from) || matched.has(info.to)) && (!violationsOnly.checked || info.violations > 0);
    el.classList.toggle('hidden', !shown);
    if (shown) visible.add(info.from).add(info.to);
  }
  for (const { el, info } of nodes) el.classList.toggle('hidden', !visible.has(info.name));
}
filter.addEventListener('input', applyFilter);
violationsOnly.addEventListener('change', applyFilter);

// Sizes: `scale` is CSS pixels per SVG unit; Graphviz's own size (points) is the natural one.
const box = svg.viewBox.baseVal;
const natural = svg.width.baseVal.value / box.width;
// The domains' names are the largest text in a node.
const legible = LEGIBLE_PX / Number(svg.querySelector('g.node text')?.getAttribute('font-size') ?? LEGIBLE_PX);
let scale = natural;

/**
 * The whole picture in the window, never larger than natural; but never so small that the names
 * are not legible: a picture too big for that is drawn at the smallest legible scale, and scrolls.
 */
function fitted() {
  // clientWidth leaves out the vertical scrollbar's room (always kept); the height is the box's,
  // since a picture fitted whole leaves no horizontal scrollbar.
  const whole = Math.min(diagram.clientWidth / box.width, (diagram.offsetHeight - 2 * diagram.clientTop) / box.height);
  return Math.min(natural, Math.max(whole, legible));
}

function draw() {
  svg.style.width = `${box.width * scale}px`;
  svg.style.height = `${box.height * scale}px`;
}

function reset() {
  scale = fit.checked ? fitted() : natural;
  draw();
}
fit.addEventListener('change', reset);
addEventListener('resize', () => {
  if (fit.checked) reset();
});
reset();

/**
 * Zooms by `factor` (within 1/8 and 4 times the natural size), keeping the point of the
 * picture under (x, y) — client coordinates — where it is.
 * @param {number} factor @param {number} x @param {number} y
 */
function zoom(factor, x, y) {
  fit.checked = false;
  const before = svg.getBoundingClientRect();
  const [u, v] = [(x - before.left) / scale, (y - before.top) / scale];
  scale = Math.min(natural * 4, Math.max(natural / 8, scale * factor));
  draw();
  const after = svg.getBoundingClientRect();
  diagram.scrollBy(after.left + u * scale - x, after.top + v * scale - y);
}
/** @param {number} factor */
function zoomMiddle(factor) {
  const view = diagram.getBoundingClientRect();
  zoom(factor, view.left + view.width / 2, view.top + view.height / 2);
}
element('#zoom-in', HTMLButtonElement).addEventListener('click', () => zoomMiddle(1.25));
element('#zoom-out', HTMLButtonElement).addEventListener('click', () => zoomMiddle(1 / 1.25));
// Ctrl+wheel (and a touchpad's pinch) zooms the picture, not the page.
diagram.addEventListener(
  'wheel',
  (event) => {
    if (!event.ctrlKey) return;
    event.preventDefault();
    zoom(Math.exp(-event.deltaY / 400), event.clientX, event.clientY);
  },
  { passive: false },
);
