import type { DomainGraph } from '../model.js';
// The page's script is a file of its own, so that tsc checks it (page/tsconfig.json), inlined as
// text: `?raw` for vitest, `type: 'text'` for esbuild, page/raw.d.ts for tsc.
import SCRIPT from './page/script.js?raw' with { type: 'text' };
import { renderSvg } from './svg.js';

// Here rather than in a .css file: vitest empties every .css import, `?raw` ones too.
const STYLE = `
/* The page is the window: the header stays put and only the diagram scrolls, so the details
   of what is hovered stay in view however far the diagram is scrolled or zoomed. */
body { font: 14px/1.4 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; height: 100vh; display: flex; flex-direction: column; color: #1f2328; }
header { padding: .5rem 1rem 0; }
.controls { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
h1 { font-size: 1.25rem; margin: 0; }
.legend { display: flex; gap: 1rem; flex-wrap: wrap; color: #57606a; font-size: 12px; margin: .25rem 0 0; }
.legend span::before { content: ''; display: inline-block; width: 2em; vertical-align: middle; margin-right: .4em; border-top: 2px solid #57606a; }
.legend .violating::before { border-top: 3px solid #d1242f; }
.legend .added::before { border-top: 3px solid #1a7f37; }
.legend .declared::before { border-top: 2px dashed #57606a; }
/* One line, whatever is hovered: a taller panel would move the diagram under the pointer. */
#details { height: 1.4em; margin: .25rem 0; color: #57606a; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
#details:empty::before { content: 'Hover a domain or an edge for its details; ctrl+wheel zooms.'; color: #8c959f; }
/* Its size comes from the window, never from the picture (min-height: 0); the scrollbar's room is
   always kept, so the width the picture is fitted to does not change when it starts to scroll. */
#diagram { flex: 1; min-height: 0; overflow: auto; scrollbar-gutter: stable; margin: 0 1rem 1rem; border: 1px solid #d0d7de; border-radius: 6px; }
#diagram svg { display: block; margin: 0 auto; }
.hidden { display: none; }
.dim { opacity: .15; }
g.node, g.edge { cursor: default; }
`;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One self-contained page: the SVG inline, with a small script for details on hover, filtering and zoom. */
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
<div class="controls">
<h1>${escapeHtml(title)}</h1>
<label>Domain <input id="filter" type="search" placeholder="filter by name"></label>
<label><input id="violations-only" type="checkbox"> violating edges only</label>
<label><input id="fit" type="checkbox" checked> fit to window</label>
<span><button id="zoom-out" type="button" title="Zoom out (or ctrl+wheel)">−</button> <button id="zoom-in" type="button" title="Zoom in (or ctrl+wheel)">+</button></span>
</div>
<p class="legend"><span class="imports">imports (thicker: more)</span><span class="violating">violating imports</span><span class="added">added by the change</span><span class="declared">declared but unused, or removed by the change</span></p>
<p id="details"></p>
</header>
<div id="diagram">${svg}</div>
<script type="application/json" id="cn-guard-data">${data}</script>
<script type="module">${SCRIPT}</script>
</body>
</html>
`;
}
