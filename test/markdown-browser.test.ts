import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { marked } from 'marked';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, browserMissing, launchBrowser, MERMAID_JS, watch } from './support/browser.js';
import { commit, run } from './support/history.js';
import { git, makeRepo } from './support/repo.js';

/**
 * The PR comment (`check --format markdown`) and the job summary (`--format github`) as GitHub
 * shows them: markdown to HTML with marked (GitHub-flavoured), the ```mermaid block drawn by
 * Mermaid, in headless Chromium. The comment's screenshot is left at /tmp/cn-guard-comment.png.
 */

if (browserMissing) console.warn(`cn-guard markdown browser suite: ${browserMissing}`);

const SCREENSHOT = '/tmp/cn-guard-comment.png';
const SERVER = 'https://github.com';
const REPOSITORY = 'acme/shop';

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** HTML GitHub keeps in a comment: what the page may hold before Mermaid draws. */
const GITHUB_TAGS = [
  'a',
  'blockquote',
  'br',
  'code',
  'details',
  'h3',
  'h4',
  'li',
  'p',
  'pre',
  'strong',
  'sub',
  'summary',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
];

/** Enough of GitHub's stylesheet to read the screenshot as a comment. */
const STYLE = `
  body { margin: 0; padding: 24px; background: #fff; color: #1f2328; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
  article { max-width: 1012px; border: 1px solid #d0d7de; border-radius: 6px; padding: 16px 24px; }
  table { border-collapse: collapse; display: block; overflow: auto; margin: 0 0 16px; }
  th, td { border: 1px solid #d0d7de; padding: 6px 13px; vertical-align: top; }
  tr:nth-child(2n) { background: #f6f8fa; }
  code { background: rgba(175, 184, 193, 0.2); border-radius: 6px; padding: 0.2em 0.4em; font: 85% ui-monospace, SFMono-Regular, Menlo, monospace; }
  a { color: #0969da; text-decoration: none; }
  pre.mermaid { background: none; text-align: center; }
  details { margin: 16px 0; }
`;

/**
 * main: web, db and shared, web already importing db once. The branch: a second import of db
 * (a violation the change introduces), and web's first import of shared (a new domain edge).
 */
function pullRequest(): string {
  const config = `[domains.web]
scope = "src/web/**"
agent_name = "web-agent"
forbidden_imports = ["src/db/**"]

[domains.db]
scope = "src/db/**"

[domains.shared]
scope = "src/shared/**"
`;
  const root = makeRepo({
    'app/orchestrator.toml': config,
    'app/src/web/old.ts': "import { client } from '../db/client';\nexport const old = client;\n",
    'app/src/db/client.ts': 'export const client = 1;\n',
    'app/src/shared/format.ts': 'export const format = (s: string) => s;\n',
  });
  git(root, 'checkout', '-q', '-b', 'feature');
  commit(
    root,
    {
      'app/src/web/orders.ts':
        "import { format } from '../shared/format';\nimport { client } from '../db/client';\nexport const orders = format(String(client));\n",
    },
    'web: orders',
  );
  return root;
}

describe.skipIf(browserMissing !== undefined)('the PR comment and the job summary in a browser', () => {
  let browser: Browser;
  let comment: string;
  let summary: string;

  beforeAll(async () => {
    const root = pullRequest();
    const env = { GITHUB_SERVER_URL: SERVER, GITHUB_REPOSITORY: REPOSITORY, GITHUB_SHA: undefined, GITHUB_OUTPUT: undefined };
    const cwd = join(root, 'app');
    comment = run(cwd, ['check', '--base', 'main', '--format', 'markdown'], { ...env, GITHUB_STEP_SUMMARY: undefined }).stdout;
    const dir = mkdtempSync(join(tmpdir(), 'cn-guard-summary-'));
    scratch.push(dir);
    const file = join(dir, 'summary.md');
    expect(run(cwd, ['check', '--base', 'main', '--format', 'github'], { ...env, GITHUB_STEP_SUMMARY: file }).code).toBe(1);
    summary = readFileSync(file, 'utf8');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** The markdown as GitHub would show it: its HTML, then each ```mermaid block drawn. */
  async function show(markdown: string): Promise<{ page: Page; seen: ReturnType<typeof watch>; tags: string[]; drawn: string[] }> {
    const page = await browser.context.newPage();
    const seen = watch(page);
    await page.setContent(
      `<!doctype html><html><head><meta charset="utf-8"><style>${STYLE}</style></head><body><article>${await marked.parse(markdown)}</article></body></html>`,
    );
    const tags = await page.evaluate(() =>
      [...new Set([...(globalThis as any).document.querySelectorAll('article *')].map((e: any) => e.localName as string))].sort(),
    );
    await page.addScriptTag({ path: MERMAID_JS });
    const drawn = await page.evaluate(async () => {
      const { document, mermaid } = globalThis as any;
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      const blocks = [...document.querySelectorAll('pre > code.language-mermaid')].map((code: any) => {
        const pre = document.createElement('pre');
        pre.className = 'mermaid';
        pre.textContent = code.textContent;
        code.parentElement.replaceWith(pre);
        return pre;
      });
      try {
        await mermaid.run({ nodes: blocks });
      } catch (error) {
        return [`failed: ${String((error as Error)?.message ?? error)}`];
      }
      return blocks.map((pre: any) => (pre.querySelector('svg') ? 'svg' : `not drawn: ${pre.innerHTML.slice(0, 200)}`));
    });
    return { page, seen, tags, drawn };
  }

  it('the comment: GitHub-safe HTML, the diagram drawn, the table of what the change introduced with its links, no error', async () => {
    const { page, seen, tags, drawn } = await show(comment);
    expect(tags.filter((tag) => !GITHUB_TAGS.includes(tag))).toEqual([]);
    expect(drawn).toEqual(['svg']);

    // The hidden marker stays hidden.
    const text = await page.locator('article').textContent();
    expect(text).not.toContain('cn-guard:app/orchestrator.toml');
    expect(await page.locator('h3').textContent()).toBe('❌ cn-guard: 1 error introduced');

    const introduced = page.locator('article > table').first();
    expect(await introduced.locator('th').allInnerTexts()).toEqual(['severity', 'rule', 'where', 'what']);
    const rows = introduced.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().locator('td').allInnerTexts()).toEqual([
      '❌ error',
      'forbidden-import',
      'app/src/web/orders.ts:2',
      expect.stringMatching(/^web may not import src\/db\/client\.ts \(forbidden by src\/db\/\*\*\)\n→ src\/db\/client\.ts belongs to domain db/),
    ]);
    const links = await rows
      .first()
      .locator('a')
      .evaluateAll((as: any[]) => as.map((a) => a.getAttribute('href') as string));
    expect(links[0]).toMatch(/^https:\/\/github\.com\/cn-guard\/cn-guard\/blob\/v\d+\.\d+\.\d+\/rules\/forbidden-import\.md$/);
    expect(links[1]).toMatch(/^https:\/\/github\.com\/acme\/shop\/blob\/[0-9a-f]{40}\/app\/src\/web\/orders\.ts#L2$/);

    // The diagram: web, db and shared; the violating edge red, the new one green.
    const svg = page.locator('pre.mermaid svg');
    const labels = await svg.locator('.node .nodeLabel').allInnerTexts();
    expect(labels.map((l) => l.split('\n')[0]).sort()).toEqual(['db', 'shared', 'web']);
    expect(await svg.locator('path[style*="#d1242f"]').count()).toBe(1);
    expect(await svg.locator('path[style*="#1a7f37"]').count()).toBe(1);
    // The pre-existing violation is folded away.
    expect(await page.locator('details > summary').textContent()).toBe('1 pre-existing finding');
    expect(await page.locator('details table tbody tr').isVisible()).toBe(false);

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const png = readFileSync(SCREENSHOT);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(seen.errors).toEqual([]);
    // setContent and the inlined script: the page asks the network for nothing.
    expect(seen.requests).toEqual([]);
    await page.close();
  });

  it('the job summary: the same body without the marker, the diagram drawn, every finding listed', async () => {
    expect(summary).toBe(comment.slice(comment.indexOf('\n') + 1));
    const { page, seen, tags, drawn } = await show(summary);
    expect(tags.filter((tag) => !GITHUB_TAGS.includes(tag))).toEqual([]);
    expect(drawn).toEqual(['svg']);
    await page.locator('details > summary').click();
    expect(await page.locator('details table tbody tr td').first().textContent()).toBe('pre-existing');
    expect(seen.errors).toEqual([]);
    await page.close();
  });

  it('the checks can fail: a broken diagram is reported, raw HTML is seen', async () => {
    const broken = await show('```mermaid\nflowchart LR\n  a["unclosed] --> b\n```\n\n<script>1</script>\n');
    expect(broken.drawn[0]).toMatch(/^(failed|not drawn)/);
    expect(broken.tags).toContain('script');
    await broken.page.close();
  });
});
