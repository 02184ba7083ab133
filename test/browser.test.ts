import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Browser, browserMissing, launchBrowser, MermaidParser, VIEWPORT, watch } from './support/browser.js';
import { commit } from './support/history.js';
import { cli, git, makeRepo, type Tree } from './support/repo.js';

/**
 * `cn-guard graph` (spec §5) seen through a real browser: the self-contained HTML page opened from
 * disk in headless Chromium, and the Mermaid text checked by Mermaid's own parser. Skipped, with a
 * warning, on a machine without /usr/bin/chromium.
 */

/** Mirrors src/diagram: the numbers the rendered output must respect. */
const MERMAID_LIMIT = 40_000;
const GITHUB_COMMENT_LIMIT = 65_536;
const VIOLATION_RED = '#d1242f';

if (browserMissing) console.warn(`cn-guard browser suite: ${browserMissing}`);

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const REPO = resolve(import.meta.dirname, '..');

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cn-guard-browser-'));
  scratch.push(dir);
  return dir;
}

/**
 * Five domains and an unowned script:
 * - web → db is a forbidden-import (the violating edge);
 * - web → api is an artifact import (`imports = { api = ["ApiContract"] }`, api `exports` it);
 * - api and jobs have allow-lists; jobs → db is declared but unused (a dashed edge);
 * - scripts/tool.ts belongs to no domain and imports shared.
 */
const FIXTURE: Tree = {
  'orchestrator.toml': `[settings]
unowned = "warn"

[domains.web]
scope = "src/web/**"
agent_name = "web-agent"
forbidden_imports = ["src/db/**"]
imports = { api = ["ApiContract"] }

[domains.api]
scope = ["src/api/**", "artifacts/**"]
agent_name = "api-agent"
allowed_imports = ["src/shared/**", "src/db/index.ts"]
public = ["src/api/index.ts"]
exports = ["ApiContract"]

[domains.api.artifacts.ApiContract]
path = "artifacts/api-contract.yaml"
format = "file"

[domains.db]
scope = "src/db/**"
public = ["src/db/index.ts"]

[domains.shared]
scope = "src/shared/**"

[domains.jobs]
scope = "src/jobs/**"
allowed_imports = ["src/db/**", "src/shared/**"]
`,
  'artifacts/api-contract.yaml': 'openapi: 3.0.0\n',
  'src/shared/format.ts': 'export const format = (s: string) => s.trim();\n',
  'src/db/index.ts': 'export const query = (q: string) => q;\n',
  'src/db/pool.ts': 'export const pool = 1;\n',
  'src/api/index.ts':
    "import { query } from '../db/index';\nimport { format } from '../shared/format';\nexport const getUser = (id: string) => query(format(id));\n",
  'src/web/page.ts': "import { getUser } from '../api/index';\nexport const page = () => getUser('1');\n",
  'src/web/fast.ts': "import { pool } from '../db/pool';\nexport const fast = pool;\n",
  'src/jobs/nightly.ts': "import { format } from '../shared/format';\nexport const job = format('x');\n",
  'scripts/tool.ts': "import { format } from '../src/shared/format';\nexport const x = format('a');\n",
};
const DOMAINS = ['web', 'api', 'db', 'shared', 'jobs', '(unowned)'];
/** Every domain-level edge of the fixture, as Graphviz titles them. */
const EDGES = ['(unowned)->shared', 'api->db', 'api->shared', 'jobs->db', 'jobs->shared', 'web->api', 'web->db'];

function graph(root: string, args: string[]): string {
  const result = cli(root, ['graph', ...args]);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  return result.stdout;
}

/** Mermaid node ids by domain name, read from the node lines `  d3["name<br/>…"]`. */
function mermaidIds(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^ {2}(d\d+)\["([^"<]*)/gm)].map((m) => [m[2]!, m[1]!]));
}

/** The link lines `  dA --> dB` (any arrow, any label), in order: what `linkStyle N` counts. */
function mermaidLinks(text: string): string[] {
  return text.split('\n').filter((line) => /^ {2}d\d+ [-=.]+>/.test(line));
}

/**
 * A generated repository: `count` domains `svcNN`, each importing the public index of the next
 * `fanOut` domains (a ring), with a deep import into the next domain's internals every
 * `privateEvery` domains (private-import) and a forbidden import every `forbiddenEvery`.
 */
function generated(count: number, fanOut: number, { privateEvery = 5, forbiddenEvery = 7 } = {}): Tree {
  const name = (i: number) => `svc${String(i % count).padStart(2, '0')}`;
  const tree: Tree = {};
  const config: string[] = ['[settings]', 'unowned = "allow"', ''];
  for (let i = 0; i < count; i++) {
    const forbidden = i % forbiddenEvery === 0 ? `forbidden_imports = ["src/${name(i + 2)}/**"]\n` : '';
    config.push(`[domains.${name(i)}]\nscope = "src/${name(i)}/**"\nagent_name = "${name(i)}-agent"\npublic = ["src/${name(i)}/index.ts"]\n${forbidden}`);
    const imports: string[] = [];
    for (let k = 1; k <= fanOut; k++) imports.push(`import { value as v${k} } from '../${name(i + k)}/index';`);
    if (i % privateEvery === 0) imports.push(`import { secret } from '../${name(i + 1)}/internal';`);
    tree[`src/${name(i)}/index.ts`] = `${imports.join('\n')}\nexport const value = ${i};\n`;
    tree[`src/${name(i)}/internal.ts`] = `export const secret = ${i};\n`;
  }
  tree['orchestrator.toml'] = `${config.join('\n')}\n`;
  return tree;
}

/**
 * The common shape of a larger repository, `count` domains in four layers: apps import features,
 * features import services, services import libs, each the public index of two domains of the
 * next layer; the first of every five in a layer also reaches into the internals of one (private-import).
 */
function layered(count: number): Tree {
  const sizes = [Math.round(count / 5), Math.round(count * 0.35), Math.round(count / 4)];
  sizes.push(count - sizes.reduce((a, b) => a + b));
  const layers = sizes.map((size, l) => Array.from({ length: size }, (_, i) => `${['app', 'feature', 'service', 'lib'][l]}-${String(i + 1).padStart(2, '0')}`));
  const tree: Tree = {};
  const config: string[] = ['[settings]', 'unowned = "allow"', ''];
  for (const [l, layer] of layers.entries()) {
    for (const [i, name] of layer.entries()) {
      const next = layers[l + 1] ?? [];
      const uses = next.length > 0 ? [next[i % next.length]!, next[(i + 1) % next.length]!] : [];
      config.push(`[domains.${name}]\nscope = "src/${name}/**"\nagent_name = "${name}-agent"\npublic = ["src/${name}/index.ts"]\n`);
      const imports = uses.map((used, k) => `import { value as v${k} } from '../${used}/index';`);
      if (uses.length > 0 && i % 5 === 0) imports.push(`import { secret } from '../${uses[0]}/internal';`);
      tree[`src/${name}/index.ts`] = `${imports.join('\n')}\nexport const value = 1;\n`;
      tree[`src/${name}/internal.ts`] = 'export const secret = 1;\n';
    }
  }
  tree['orchestrator.toml'] = `${config.join('\n')}\n`;
  return tree;
}

/**
 * Where the page drew the diagram (CSS pixels), in which box (#diagram's inside), whether anything
 * scrolls, and the smallest domain name on screen: its font size times the picture's scale, and
 * the height of its text box.
 */
function layout(page: Page) {
  return page.evaluate(() => {
    const document = (globalThis as any).document;
    const svg = document.querySelector('#diagram svg');
    const diagram = document.querySelector('#diagram');
    const root = document.documentElement;
    const { left, top, right, bottom, width, height } = svg.getBoundingClientRect() as Record<'left' | 'top' | 'right' | 'bottom' | 'width' | 'height', number>;
    const viewBox = { width: svg.viewBox.baseVal.width as number, height: svg.viewBox.baseVal.height as number };
    const names = [...svg.querySelectorAll('g.node text:first-of-type')].map((text: any) => ({
      fontSize: (Number(text.getAttribute('font-size')) * width) / viewBox.width,
      height: text.getBoundingClientRect().height as number,
    }));
    return {
      fit: document.querySelector('#fit').checked as boolean,
      nodes: names.length,
      svg: { left, top, right, bottom, width, height },
      viewBox,
      box: { width: diagram.clientWidth as number, height: diagram.clientHeight as number },
      scrolls: {
        page: root.scrollHeight > root.clientHeight || root.scrollWidth > root.clientWidth,
        diagram: diagram.scrollHeight > diagram.clientHeight || diagram.scrollWidth > diagram.clientWidth,
      },
      smallestName: {
        fontSize: Math.min(...names.map((n) => n.fontSize)),
        height: Math.min(...names.map((n) => n.height)),
      },
    };
  });
}

describe.skipIf(browserMissing !== undefined)('cn-guard graph in a real browser', () => {
  let browser: Browser;
  let mermaid: MermaidParser;
  let fixture: string;

  beforeAll(async () => {
    fixture = makeRepo(FIXTURE);
    browser = await launchBrowser();
    mermaid = await MermaidParser.open(browser.context);
  });
  afterAll(async () => {
    await mermaid?.close();
    await browser?.close();
  });

  describe('the HTML page, opened from disk', () => {
    let page: Page;
    let seen: ReturnType<typeof watch>;
    let url: string;

    beforeAll(async () => {
      const out = join(tempDir(), 'boundaries.html');
      expect(graph(fixture, ['--format', 'html', '--output', out])).toBe('');
      url = pathToFileURL(out).href;
      page = await browser.context.newPage();
      seen = watch(page);
      await page.goto(url);
    });
    afterAll(async () => {
      await page?.close();
    });

    it('renders: a non-empty PNG screenshot, no script errors, and not one network request', async () => {
      const png = join(tempDir(), 'boundaries.png');
      await page.screenshot({ path: png, fullPage: true });
      const bytes = readFileSync(png);
      expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      // IHDR: width and height of the image.
      expect(bytes.readUInt32BE(16)).toBeGreaterThan(0);
      expect(bytes.readUInt32BE(20)).toBeGreaterThan(0);
      expect(bytes.length).toBeGreaterThan(10_000);

      expect(seen.errors).toEqual([]);
      expect(seen.requests.filter((r) => r !== url)).toEqual([]);
      expect(seen.requests).toEqual([url]);
    });

    it('draws one visible node per domain, and one for the unowned files, inside the page', async () => {
      const titles = await page.locator('#diagram svg g.node > title').allTextContents();
      expect(titles.sort()).toEqual([...DOMAINS].sort());
      const { width, height } = await page.evaluate(() => {
        const root = (globalThis as any).document.documentElement;
        return { width: root.scrollWidth as number, height: root.scrollHeight as number };
      });
      for (const name of DOMAINS) {
        const node = page.locator('#diagram svg g.node').filter({ has: page.locator(`title:text-is("${name}")`) });
        expect(await node.count(), name).toBe(1);
        expect(await node.isVisible(), name).toBe(true);
        const box = await node.boundingBox();
        expect(box, name).not.toBeNull();
        expect(box!.width, name).toBeGreaterThan(0);
        expect(box!.height, name).toBeGreaterThan(0);
        expect(box!.x, name).toBeGreaterThanOrEqual(0);
        expect(box!.y, name).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width, name).toBeLessThanOrEqual(width);
        expect(box!.y + box!.height, name).toBeLessThanOrEqual(height);
        // The label is drawn: the node's text includes its name.
        expect(await node.locator('text').first().textContent()).toBe(name);
      }
    });

    it('draws the violating edge in red with the class `violation`, and only that one', async () => {
      const edges = await page.locator('#diagram svg g.edge').evaluateAll((els: any[]) =>
        els.map((el) => ({
          title: el.querySelector('title').textContent as string,
          classes: [...el.classList] as string[],
          stroke: el.querySelector('path').getAttribute('stroke') as string,
          computed: (globalThis as any).getComputedStyle(el.querySelector('path')).stroke as string,
        })),
      );
      expect(edges.map((e) => e.title).sort()).toEqual([...EDGES].sort());
      const violating = edges.filter((e) => e.classes.includes('violation'));
      expect(violating.map((e) => e.title)).toEqual(['web->db']);
      expect(violating[0]).toMatchObject({ stroke: VIOLATION_RED, computed: 'rgb(209, 36, 47)' });
      for (const edge of edges.filter((e) => !e.classes.includes('violation'))) {
        expect(edge.stroke.toLowerCase(), edge.title).not.toBe(VIOLATION_RED);
      }
      // The declared-but-unused pair (jobs may import db) is there, dashed.
      const declared = page.locator('#diagram svg g.edge.declared path');
      expect(await declared.count()).toBe(1);
      expect(await declared.getAttribute('stroke-dasharray')).toBeTruthy();
    });

    it('draws the violating edge thicker than the plain ones (penwidth 2.5)', async () => {
      const width = (title: string) =>
        page
          .locator('#diagram svg g.edge')
          .filter({ has: page.locator(`title:text-is("${title}")`) })
          .locator('path')
          .evaluate((el: any) => Number.parseFloat((globalThis as any).getComputedStyle(el).strokeWidth));
      // web->db (1 import, violating) against web->api (1 import, clean): same traffic, different verdict.
      expect(await width('web->api')).toBe(1);
      expect(await width('web->db')).toBeGreaterThanOrEqual(2.5);
    });

    it('hovering a node puts its name and details in #details, and leaving it clears them', async () => {
      await page.mouse.move(0, 0);
      expect(await page.locator('#details').textContent()).toBe('');
      await page.locator('#domain-jobs').hover();
      const text = await page.locator('#details').textContent();
      expect(text).toMatch(/^jobs — src\/jobs\/\*\* — 1 files? — imports 1 domains?, imported by 0/);
      // The edges that do not touch jobs fade.
      const dim = await page.locator('#diagram svg g.edge.dim > title').allTextContents();
      expect(dim.sort()).toEqual(EDGES.filter((e) => !e.split('->').includes('jobs')).sort());
      await page.locator('#domain-web').hover();
      expect(await page.locator('#details').textContent()).toMatch(/^web \(web-agent\) — /);
      await page.mouse.move(0, 0);
      expect(await page.locator('#details').textContent()).toBe('');
      expect(await page.locator('#diagram svg g.edge.dim').count()).toBe(0);
    });

    async function shown(kind: 'node' | 'edge'): Promise<string[]> {
      const all = page.locator(`#diagram svg g.${kind}`);
      const names: string[] = [];
      for (let i = 0; i < (await all.count()); i++) {
        const el = all.nth(i);
        if (await el.isVisible()) names.push((await el.locator('title').textContent())!);
      }
      return names.sort();
    }

    it('typing in #filter keeps the matching domain and its neighbours, and hides the rest', async () => {
      await page.locator('#filter').fill('jobs');
      try {
        expect(await shown('node')).toEqual(['db', 'jobs', 'shared']);
        expect(await shown('edge')).toEqual(['jobs->db', 'jobs->shared']);
        // A domain many others import: only its own edges stay, not its neighbours' neighbours.
        await page.locator('#filter').fill('db');
        expect(await shown('edge')).toEqual(['api->db', 'jobs->db', 'web->db']);
        expect(await shown('node')).toEqual(['api', 'db', 'jobs', 'web']);
      } finally {
        await page.locator('#filter').fill('');
      }
      expect(await shown('node')).toEqual([...DOMAINS].sort());
      expect(await shown('edge')).toEqual([...EDGES].sort());
    });

    it('ticking #violations-only hides the edges that violate nothing', async () => {
      await page.locator('#violations-only').check();
      try {
        expect(await shown('edge')).toEqual(['web->db']);
      } finally {
        await page.locator('#violations-only').uncheck();
      }
      expect(await shown('edge')).toEqual([...EDGES].sort());
      expect(seen.errors).toEqual([]);
    });
  });

  it("renders cn-guard's own architecture without a script error (its domain `graph` must not clash with the page's ids)", async () => {
    const out = join(tempDir(), 'self.html');
    expect(cli(REPO, ['graph', '--format', 'html', '--output', out]).code).toBe(0);
    const page = await browser.context.newPage();
    const seen = watch(page);
    await page.goto(pathToFileURL(out).href);
    expect(seen.errors).toEqual([]);
    // The script ran to its end: the picture was sized to the window.
    expect(await page.isChecked('#fit')).toBe(true);
    expect(await page.locator('#diagram svg').evaluate((svg: any) => svg.style.width as string)).toMatch(/px$/);
    await page.close();
  });

  /** Opens the HTML page of a generated repository, watching its requests and errors. */
  async function open(tree: Tree): Promise<{ page: Page; seen: ReturnType<typeof watch>; url: string }> {
    const out = join(tempDir(), 'graph.html');
    expect(graph(makeRepo(tree), ['--format', 'html', '--output', out])).toBe('');
    const url = pathToFileURL(out).href;
    const page = await browser.context.newPage();
    const seen = watch(page);
    await page.goto(url);
    return { page, seen, url };
  }

  describe.each([16, 20])(`%i domains in layers, in a ${VIEWPORT.width}×${VIEWPORT.height} window`, (count) => {
    let page: Page;
    let seen: ReturnType<typeof watch>;
    let url: string;

    beforeAll(async () => {
      ({ page, seen, url } = await open(layered(count)));
    });
    // Every test starts from the page as it opens.
    beforeEach(async () => {
      await page.goto(url);
    });
    afterAll(async () => {
      await page?.close();
    });

    it('opens fitted: the whole diagram in the window without scrolling, the names at least 11 px tall', async () => {
      const at = await layout(page);
      expect(at.fit).toBe(true);
      expect(at.nodes).toBe(count);
      expect(at.svg.left).toBeGreaterThanOrEqual(0);
      expect(at.svg.top).toBeGreaterThanOrEqual(0);
      expect(at.svg.right).toBeLessThanOrEqual(VIEWPORT.width);
      expect(at.svg.bottom).toBeLessThanOrEqual(VIEWPORT.height);
      expect(at.scrolls).toEqual({ page: false, diagram: false });
      // Fitted, not merely small: one dimension fills the diagram's box (to a pixel).
      expect(Math.max(at.svg.width / at.box.width, at.svg.height / at.box.height)).toBeGreaterThan(0.99);
      expect(at.smallestName.fontSize).toBeGreaterThanOrEqual(11);
      expect(at.smallestName.height).toBeGreaterThanOrEqual(11);
    });

    it("keeps the hovered domain's details in view when the zoomed-in diagram is scrolled down", async () => {
      const fitted = await layout(page);
      await page.locator('#zoom-in').click();
      await page.locator('#zoom-in').click();
      const zoomed = await layout(page);
      expect(zoomed.fit).toBe(false);
      expect(zoomed.svg.width / fitted.svg.width).toBeCloseTo(1.25 ** 2, 2);
      expect(zoomed.scrolls.diagram).toBe(true);

      const scrolled = await page.evaluate(() => {
        const diagram = (globalThis as any).document.querySelector('#diagram');
        diagram.scrollTo(0, diagram.scrollHeight);
        (globalThis as any).scrollBy(0, 5_000);
        return { page: (globalThis as any).scrollY as number, diagram: diagram.scrollTop as number };
      });
      // The page itself stays put: only the diagram scrolls.
      expect(scrolled.page).toBe(0);
      expect(scrolled.diagram).toBeGreaterThan(0);

      const lowest = await page
        .locator('#diagram svg g.node')
        .evaluateAll(
          (els: any[]) =>
            els
              .map((el) => ({ name: el.querySelector('title').textContent as string, bottom: el.getBoundingClientRect().bottom as number }))
              .sort((a, b) => b.bottom - a.bottom)[0]!.name,
        );
      await page
        .locator('#diagram svg g.node')
        .filter({ has: page.locator(`title:text-is("${lowest}")`) })
        .hover();
      expect(await page.evaluate(() => (globalThis as any).document.querySelector('#diagram').scrollTop as number)).toBe(scrolled.diagram);
      expect(await page.locator('#details').textContent()).toMatch(new RegExp(`^${lowest} \\(${lowest}-agent\\) — src/${lowest}/\\*\\* — 2 files — `));
      const details = (await page.locator('#details').boundingBox())!;
      expect(details.y).toBeGreaterThanOrEqual(0);
      expect(details.y + details.height).toBeLessThanOrEqual(VIEWPORT.height);
      expect(await page.locator('#details').isVisible()).toBe(true);

      await page.locator('#fit').check();
      expect(await layout(page)).toEqual(fitted);
    });

    it('"fit to window" unticked: the natural size, scrolling; ctrl+wheel zooms the diagram, not the page', async () => {
      await page.locator('#fit').uncheck();
      const natural = await layout(page);
      // Graphviz sizes the picture in points: 4/3 CSS pixels per unit.
      expect(natural.svg.width / natural.viewBox.width).toBeCloseTo(4 / 3, 3);
      expect(natural.scrolls.diagram).toBe(true);

      await page.mouse.move(VIEWPORT.width / 2, VIEWPORT.height / 2);
      await page.keyboard.down('Control');
      await page.mouse.wheel(0, -200);
      await page.keyboard.up('Control');
      const zoomed = await layout(page);
      expect(zoomed.svg.width).toBeGreaterThan(natural.svg.width * 1.2);
      expect(await page.evaluate(() => (globalThis as any).visualViewport.scale as number)).toBe(1);

      await page.locator('#fit').check();
      expect((await layout(page)).scrolls).toEqual({ page: false, diagram: false });
    });

    it('makes no network request and logs no error', () => {
      expect(seen.errors).toEqual([]);
      expect(seen.requests.filter((r) => r !== url)).toEqual([]);
    });
  });

  it('a deep chain of 20 domains, too big to fit legibly: drawn at the smallest legible size, and the rest scrolls', async () => {
    const { page, seen } = await open(generated(20, 3));
    const at = await layout(page);
    expect(at.fit).toBe(true);
    // 11 px, to the layout's rounding.
    expect(at.smallestName.fontSize).toBeCloseTo(11, 2);
    expect(at.scrolls).toEqual({ page: false, diagram: true });
    await page.locator('#diagram').evaluate((diagram: any) => diagram.scrollTo(diagram.scrollWidth, 0));
    await page.locator('#domain-svc19').hover();
    expect(await page.locator('#details').textContent()).toMatch(/^svc19 \(svc19-agent\) — /);
    expect(await page.locator('#details').isVisible()).toBe(true);
    expect(seen.errors).toEqual([]);
    await page.close();
  });

  describe('Mermaid output, checked by Mermaid', () => {
    it('the checker rejects broken text, so it can fail', async () => {
      const verdicts = await Promise.all([
        mermaid.parse('flowchart LR\n  a["unclosed label] --> b\n'),
        mermaid.parse('flowchart LR\n  a -->|"x"| \n'),
        mermaid.parse('not a diagram at all\n'),
      ]);
      for (const verdict of verdicts) expect(verdict.ok).toBe(false);
      expect(await mermaid.parse('flowchart LR\n  a["A"] --> b["B"]\n')).toMatchObject({ ok: true, edges: 1 });
    });

    it('the fixture: every domain, every edge, the violating link styled red', async () => {
      const text = graph(fixture, ['--format', 'mermaid']);
      const verdict = await mermaid.parse(text);
      expect(verdict).toMatchObject({ ok: true, type: 'flowchart-v2', edges: EDGES.length });
      const ids = mermaidIds(text);
      expect([...ids.keys()].sort()).toEqual([...DOMAINS].sort());
      if (verdict.ok) expect(verdict.vertices.sort()).toEqual([...ids.values()].sort());
      const links = mermaidLinks(text);
      const index = links.findIndex((l) => l.startsWith(`  ${ids.get('web')} `) && l.endsWith(` ${ids.get('db')}`));
      expect(links[index]).toContain('forbidden-import');
      expect(text).toContain(`linkStyle ${index} stroke:${VIOLATION_RED}`);
    });

    it('--focus: the domain and its neighbours only', async () => {
      const text = graph(fixture, ['--format', 'mermaid', '--focus', 'api']);
      expect(await mermaid.parse(text)).toMatchObject({ ok: true, edges: 3 });
      expect([...mermaidIds(text).keys()].sort()).toEqual(['api', 'db', 'shared', 'web']);
    });

    it('--base: the added edge drawn thick and green, the removed one dashed', async () => {
      const root = makeRepo(FIXTURE);
      git(root, 'checkout', '-q', '-b', 'feature');
      commit(
        root,
        { 'src/web/util.ts': "import { format } from '../shared/format';\nexport const u = format('u');\n", 'scripts/tool.ts': null },
        'web uses shared; the script goes',
      );
      const text = graph(root, ['--format', 'mermaid', '--base', 'main']);
      const verdict = await mermaid.parse(text);
      expect(verdict).toMatchObject({ ok: true, edges: EDGES.length + 1 });
      const ids = mermaidIds(text);
      const links = mermaidLinks(text);
      const added = links.indexOf(`  ${ids.get('web')} ==>|"new · 1 import"| ${ids.get('shared')}`);
      expect(added, text).toBeGreaterThanOrEqual(0);
      expect(text).toContain(`linkStyle ${added} stroke:#1a7f37`);
      // The unowned script is gone at head: its node comes from the base, its edge is marked removed.
      expect(links).toContain(`  ${ids.get('(unowned)')} -.->|"removed"| ${ids.get('shared')}`);
    });

    it('30 domains with many cross-domain imports: parses, and stays under both size limits', async () => {
      const root = makeRepo(generated(30, 12));
      const text = graph(root, ['--format', 'mermaid']);
      expect(text.length).toBeLessThan(MERMAID_LIMIT);
      expect(text.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
      expect(text).not.toContain('omitted[');
      const verdict = await mermaid.parse(text);
      expect(verdict).toMatchObject({ ok: true, edges: 30 * 12 });
      expect(mermaidIds(text).size).toBe(30);
      expect(text.match(/^ {2}linkStyle \d+ stroke:#d1242f/gm)?.length).toBe(6 + 5);
    });

    it("30 domains importing 17 others each: 510 links, under the character limit but over Mermaid's 500 edges, still parses", async () => {
      const root = makeRepo(generated(30, 17));
      const text = graph(root, ['--format', 'mermaid']);
      expect(text.length).toBeLessThan(MERMAID_LIMIT);
      const verdict = await mermaid.parse(text);
      expect(verdict.ok ? 'parsed' : verdict.error).toBe('parsed');
      // What cannot be drawn is said, as when the text is too long.
      expect(text).toContain('omitted[');
    });

    it('a repository too big for one diagram: cut, with the omitted[...] note, and still parses', async () => {
      const root = makeRepo(generated(60, 30));
      const json = JSON.parse(graph(root, ['--format', 'json'])) as { edges: unknown[] };
      expect(json.edges.length).toBe(60 * 30);
      const text = graph(root, ['--format', 'mermaid']);
      expect(text.length).toBeLessThanOrEqual(MERMAID_LIMIT);
      expect(text).toMatch(/^ {2}omitted\["\d+ import edges of up to \d+ imports each left out \(Mermaid draws at most 500 links\)"\]:::note$/m);
      const verdict = await mermaid.parse(text);
      expect(verdict.ok ? 'parsed' : verdict.error).toBe('parsed');
      if (verdict.ok) {
        expect(verdict.vertices).toContain('omitted');
        expect(verdict.edges).toBeLessThan(60 * 30);
      }
      // The violating edges are never the ones left out.
      expect(text.match(/^ {2}linkStyle \d+ stroke:#d1242f/gm)?.length).toBe(9 + 12);
    });
  });
});
