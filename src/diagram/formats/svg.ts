import { createRequire } from 'node:module';
import type { DomainGraph } from '../model.js';
import { renderDot } from './dot.js';

type Viz = typeof import('@viz-js/viz');

/**
 * SVG rendered in-process by Graphviz compiled to WebAssembly: no system binary. The module
 * (1 MB) is loaded from node_modules only when a picture is asked for, so the other commands
 * do not pay for it at start-up.
 */
export async function renderSvg(graph: DomainGraph): Promise<string> {
  const { instance } = createRequire(import.meta.url)('@viz-js/viz') as Viz;
  const viz = await instance();
  return viz.renderString(renderDot(graph), { format: 'svg' });
}
