import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { buildGraph, findWorkspacePackages, listFiles, selectSources, workingTreeView, type Listing } from '../graph/index.js';
import { byCodePoint } from '../model/index.js';
import type { InitReport, InitStep } from '../report/index.js';

export interface InitOptions {
  cwd: string;
  force?: boolean;
}


interface InferredDomain {
  name: string;
  /** Root-relative folder. */
  dir: string;
}

const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';

/** Workspace packages, else the folders under src/, else the top-level folders that hold sources. */
function inferDomains(root: string, listing: Listing, sources: string[]): InferredDomain[] {
  const view = workingTreeView(root, listing);
  const packages = [...findWorkspacePackages(view).entries()].map(([name, dir]) => ({ name: name.replace(/^@[^/]+\//, ''), dir }));
  if (packages.length > 0) return uniqueNames(packages.sort((a, b) => byCodePoint(a.dir, b.dir)));
  const underSrc = new Set(sources.filter((s) => s.startsWith('src/') && s.split('/').length > 2).map((s) => s.split('/')[1]!));
  const folders = underSrc.size > 0 ? [...underSrc].map((f) => `src/${f}`) : [...new Set(sources.filter((s) => s.includes('/')).map((s) => s.split('/')[0]!))];
  return uniqueNames(folders.sort().map((dir) => ({ name: posix.basename(dir), dir })));
}

function uniqueNames(domains: InferredDomain[]): InferredDomain[] {
  const seen = new Map<string, number>();
  return domains.map((d) => {
    const name = d.name.replace(/[^A-Za-z0-9_-]/g, '-');
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return { ...d, name: n === 1 ? name : `${name}-${n}` };
  });
}

/** For each domain, the other domains it does not import today: candidates for `forbidden_imports`. */
function unusedNeighbours(root: string, listing: Listing, sources: string[], domains: InferredDomain[]): Map<string, InferredDomain[]> {
  const owner = (path: string) => domains.find((d) => path.startsWith(`${d.dir}/`));
  const graph = buildGraph(workingTreeView(root, listing), sources, { tsconfig: 'tsconfig.json' });
  const used = new Set<string>();
  for (const edge of graph.edges) {
    const from = owner(edge.from);
    const to = owner(edge.to);
    if (from && to && from !== to) used.add(`${from.name}\0${to.name}`);
  }
  return new Map(domains.map((d) => [d.name, domains.filter((e) => e !== d && !used.has(`${d.name}\0${e.name}`))]));
}

function renderConfig(domains: InferredDomain[], unused: Map<string, InferredDomain[]>): string {
  const lines = [
    '# Domains of this repository, inferred by `cn-guard init`: review the names, scopes and rules.',
    '# How a file is owned and an import decided: the cn-guard README, and `cn-guard explain FILE IMPORT`.',
    '',
    '[settings]',
    'unowned = "warn"',
  ];
  for (const domain of domains) {
    lines.push('', `[domains.${domain.name}]`, `scope = ["${domain.dir}/**"]`, `# agent_name = "${domain.name}-agent"`);
    const candidates = unused.get(domain.name) ?? [];
    if (candidates.length > 0) {
      lines.push(`# ${domain.name} imports none of these today; uncomment to keep it that way:`);
      lines.push(`# forbidden_imports = [${candidates.map((c) => `"${c.dir}/**"`).join(', ')}]`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const WORKFLOW = `# cn-guard: boundary checks on every pull request (written by \`cn-guard init\`).
name: cn-guard
on:
  pull_request:
permissions:
  contents: read
jobs:
  boundaries:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # PR mode compares with the merge base: it needs the history
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - run: npx --no-install cn-guard check --base "origin/\${{ github.base_ref }}"
`;

const HOOK_LINE = 'npx --no-install cn-guard check --staged';

function writeNew(root: string, path: string, content: string, force: boolean, steps: InitStep[]): void {
  const absolute = join(root, path);
  const current = existsSync(absolute) ? readFileSync(absolute, 'utf8') : undefined;
  if (current === content) return void steps.push({ path, action: 'unchanged' });
  if (current !== undefined && !force) return void steps.push({ path, action: 'skipped', note: 'exists; --force replaces it' });
  mkdirSync(dirname(absolute), { recursive: true });
  writeFileSync(absolute, content);
  steps.push({ path, action: current === undefined ? 'created' : 'updated' });
}

/** husky: the `prepare` script installs the hooks; `.husky/pre-commit` gains the staged check. */
function setUpHusky(root: string, steps: InitStep[]): void {
  const manifestPath = join(root, 'package.json');
  if (!existsSync(manifestPath)) return void steps.push({ path: 'package.json', action: 'skipped', note: 'no package.json: use hooks/pre-commit from the cn-guard package instead of husky' });
  const text = readFileSync(manifestPath, 'utf8');
  const manifest = JSON.parse(text) as { scripts?: Record<string, string>; devDependencies?: Record<string, string> };
  const prepare = manifest.scripts?.prepare;
  const needsPrepare = prepare === undefined || !prepare.includes('husky');
  const needsHusky = !manifest.devDependencies?.husky;
  if (!needsPrepare && !needsHusky) {
    steps.push({ path: 'package.json', action: 'unchanged' });
  } else {
    if (needsPrepare) manifest.scripts = { ...manifest.scripts, prepare: prepare === undefined ? 'husky' : `${prepare} && husky` };
    if (needsHusky) manifest.devDependencies = { ...manifest.devDependencies, husky: '^9.1.7' };
    // Keep the file's own style: its indentation and its line endings.
    const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, indent).replace(/\n/g, eol)}${eol}`);
    steps.push({ path: 'package.json', action: 'updated', note: 'prepare script and husky; run npm install to set the hooks up' });
  }
  const hook = join(root, '.husky/pre-commit');
  const existing = existsSync(hook) ? readFileSync(hook, 'utf8') : undefined;
  if (existing?.includes('cn-guard check --staged')) return void steps.push({ path: '.husky/pre-commit', action: 'unchanged' });
  mkdirSync(dirname(hook), { recursive: true });
  // Appending keeps whatever the hook already runs.
  writeFileSync(hook, existing === undefined ? `${HOOK_LINE}\n` : `${existing.replace(/\n?$/, '\n')}${HOOK_LINE}\n`, { mode: 0o755 });
  steps.push({ path: '.husky/pre-commit', action: existing === undefined ? 'created' : 'updated' });
}

/**
 * `cn-guard init`: a starter orchestrator.toml inferred from the layout, the husky pre-commit
 * hook, and a workflow. Never overwrites a file without --force; a second run changes nothing.
 */
export function runInit(options: InitOptions): InitReport {
  const root = options.cwd;
  const steps: InitStep[] = [];
  const listing = listFiles(root);
  const sources = selectSources(listing.files, [SOURCE_GLOB], []);
  const domains = inferDomains(root, listing, sources);
  if (domains.length === 0) {
    steps.push({ path: 'orchestrator.toml', action: 'skipped', note: 'no workspace packages and no source folders to make domains of' });
  } else {
    writeNew(root, 'orchestrator.toml', renderConfig(domains, unusedNeighbours(root, listing, sources, domains)), options.force === true, steps);
  }
  setUpHusky(root, steps);
  writeNew(root, '.github/workflows/cn-guard.yml', WORKFLOW, options.force === true, steps);
  return { steps, unowned: [], next: [] };
}
