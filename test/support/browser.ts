import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/**
 * Headless Chromium for the browser suite: the system's Debian build (never a downloaded one),
 * with a fresh profile and the background networking switched off, since the network is closed.
 */
export const CHROMIUM = process.env.CN_GUARD_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser suite cannot run here, or undefined when it can. */
export const browserMissing: string | undefined = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} is missing: the browser tests (HTML page, Mermaid parsing) are skipped; install it with \`apt-get install -y chromium\``;

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** The window every page opens in: a common laptop screen. */
export const VIEWPORT = { width: 1280, height: 800 };

export interface Browser {
  context: BrowserContext;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  // Playwright takes the profile directory as an argument (it refuses `--user-data-dir` in args).
  const profile = mkdtempSync(join(tmpdir(), 'cn-guard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: VIEWPORT,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Every request a page makes, and the errors its scripts throw. */
export function watch(page: Page): { requests: string[]; errors: string[] } {
  const seen = { requests: [] as string[], errors: [] as string[] };
  page.on('request', (request) => seen.requests.push(request.url()));
  page.on('pageerror', (error) => seen.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text());
  });
  return seen;
}

export const MERMAID_JS = resolve(import.meta.dirname, '../../node_modules/mermaid/dist/mermaid.min.js');

export type MermaidVerdict = { ok: true; type: string; vertices: string[]; edges: number } | { ok: false; error: string };

/**
 * Mermaid's own parser, in a blank page: `parse` checks the text, and the flowchart's database
 * then says how many nodes and links Mermaid understood.
 */
export class MermaidParser {
  private constructor(private readonly page: Page) {}

  static async open(context: BrowserContext): Promise<MermaidParser> {
    const page = await context.newPage();
    await page.goto('about:blank');
    await page.addScriptTag({ path: MERMAID_JS });
    await page.evaluate(() => (globalThis as any).mermaid.initialize({ startOnLoad: false }));
    return new MermaidParser(page);
  }

  async parse(text: string): Promise<MermaidVerdict> {
    return this.page.evaluate(async (source) => {
      const mermaid = (globalThis as any).mermaid;
      try {
        const result = await mermaid.parse(source);
        const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
        const db = diagram.db;
        return {
          ok: true as const,
          type: result.diagramType as string,
          vertices: [...db.getVertices().keys()] as string[],
          edges: db.getEdges().length as number,
        };
      } catch (error) {
        return { ok: false as const, error: String((error as Error)?.message ?? error) };
      }
    }, text);
  }

  close(): Promise<void> {
    return this.page.close();
  }
}
