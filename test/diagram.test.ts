import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DomainEdge, type DomainGraph, diagramFormats, MERMAID_LIMIT, renderMermaid } from '../src/diagram/index.js';
import { commit, run } from './support/history.js';
import { type CliResult, git, makeRepo, type Tree } from './support/repo.js';

/**
 * `cn-guard graph` (spec §5): the domain-level diagram of a fixture repository, in every format,
 * against golden files under test/fixtures/diagram/expected/, compared byte for byte.
 *
 * The goldens are never rewritten by a normal run. After an intended change to the output:
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/diagram.test.ts
 *
 * and review the diff of test/fixtures/diagram/expected/ like any other change. (Graphviz's
 * SVG is deterministic for the same input and the same @viz-js/viz build, so svg and html are
 * compared exactly too; a @viz-js/viz upgrade changes them and needs the same review.)
 */

const REPO_ROOT = resolve(import.meta.dirname, '..');
const EXPECTED = join(import.meta.dirname, 'fixtures/diagram/expected');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cn-guard-diagram-'));
  scratch.push(dir);
  return dir;
}

/**
 * A shop in four domains, with one file no domain claims:
 * - web → api: two imports, and the artifact relation `imports = { api = ["ApiContract"] }`;
 * - web → db: forbidden by web's forbidden_imports (forbidden-import);
 * - api → db: the allow-list maps src/db/** to db; one import is public, one is a deep import
 *   into db's internals (private-import), one is type-only;
 * - api → shared: allowed by the allow-list and used;
 * - db → shared: allowed by db's allow-list, never used (a dashed, declared-only relation);
 * - (unowned) → shared: tools/seed.ts imports shared; src/shared/legacy/ is excluded from shared's
 *   scope, so that file is unowned too.
 */
const TOML = `[project]
name = "shop"

[settings]
unowned = "warn"

[domains.web]
scope = "src/web/**"
agent_name = "web-agent"
forbidden_imports = ["src/db/**"]
imports = { api = ["ApiContract"] }

[domains.api]
scope = "src/api/**"
agent_name = "api-agent"
allowed_imports = ["src/shared/**", "src/db/**"]
exports = ["ApiContract"]

[domains.api.artifacts.ApiContract]
path = "src/api/contract.yaml"
format = "openapi"

[domains.db]
scope = "src/db/**"
agent_name = "db-agent"
allowed_imports = ["src/shared/**"]
public = ["src/db/index.ts"]

[domains.shared]
scope = ["src/shared/**", "!src/shared/legacy/**"]
`;

const SHOP: Tree = {
  'orchestrator.toml': TOML,
  'src/web/page.ts': [
    "import { getUser } from '../api/users';",
    "import { listOrders } from '../api/orders';",
    "import { client } from '../db/index';",
    'export const page = [getUser, listOrders, client];',
    '',
  ].join('\n'),
  'src/web/widget.ts': 'export const widget = 1;\n',
  'src/api/users.ts': [
    "import { format } from '../shared/format';",
    "import { client } from '../db/index';",
    'export const getUser = () => format(client);',
    '',
  ].join('\n'),
  'src/api/orders.ts': [
    "import { format } from '../shared/format';",
    "import { pool } from '../db/internal/pool';",
    "import type { Client } from '../db/index';",
    'export const listOrders = (c?: Client) => format(c ?? pool);',
    '',
  ].join('\n'),
  'src/api/contract.yaml': 'openapi: 3.1.0\n',
  'src/db/index.ts': "import { pool } from './internal/pool';\nexport type Client = typeof pool;\nexport const client = pool;\n",
  'src/db/internal/pool.ts': 'export const pool = {};\n',
  'src/shared/format.ts': 'export const format = (x: unknown) => String(x);\n',
  'src/shared/legacy/old.ts': 'export const old = 1;\n',
  'tools/seed.ts': "import { format } from '../src/shared/format';\nimport { old } from '../src/shared/legacy/old';\nconsole.log(format(old));\n",
};

/** The feature branch of the --base tests: web starts importing shared and stops importing api. */
const FEATURE: Record<string, string> = {
  'src/web/page.ts': "import { client } from '../db/index';\nexport const page = [client];\n",
  'src/web/widget.ts': "import { format } from '../shared/format';\nexport const widget = format(1);\n",
};

interface GraphJson extends DomainGraph {
  version: number;
}

function graph(root: string, args: string[]): CliResult {
  const result = run(root, ['graph', ...args]);
  if (result.code !== 0) throw new Error(`cn-guard graph ${args.join(' ')} exited ${result.code}\n${result.stderr}${result.stdout}`);
  expect(result.stderr).toBe('');
  return result;
}

const graphJson = (root: string, args: string[] = []) => JSON.parse(graph(root, [...args, '--format', 'json']).stdout) as GraphJson;

/** `from -> to: imports/violations [rules] declared(kinds) change`, one per edge, for exact assertions. */
const edgeLines = (g: DomainGraph) =>
  g.edges.map(
    (e) =>
      `${e.from} -> ${e.to}: ${e.imports}/${e.violations}` +
      (e.rules.length ? ` [${e.rules.join(',')}]` : '') +
      (e.declared.length ? ` ${e.declared.join(',')}` : '') +
      (e.kinds.length ? `(${e.kinds.join(',')})` : '') +
      (e.change ? ` ${e.change}` : ''),
  );

/** Compares with the golden file byte for byte; with UPDATE_GOLDEN=1, (re)writes it instead. */
function expectGolden(name: string, actual: string): void {
  const path = join(EXPECTED, name);
  if (UPDATE) {
    mkdirSync(EXPECTED, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`no golden file ${path}: run UPDATE_GOLDEN=1 npx vitest run test/diagram.test.ts and review it`);
  const expected = readFileSync(path);
  const bytes = Buffer.from(actual, 'utf8');
  if (!bytes.equals(expected)) {
    // toBe shows the diff; the hint says how to accept an intended change.
    expect(actual, `${name} differs from the golden file (if the change is intended: UPDATE_GOLDEN=1 npx vitest run test/diagram.test.ts)`).toBe(
      expected.toString('utf8'),
    );
    expect.unreachable(`${name}: same text, different bytes`);
  }
}

let shop: string;
beforeAll(() => {
  shop = makeRepo(SHOP);
});

describe('golden outputs of the fixture repository', () => {
  const goldens = [
    ['mermaid', 'graph.mmd'],
    ['dot', 'graph.dot'],
    ['json', 'graph.json'],
    ['svg', 'graph.svg'],
    ['html', 'graph.html'],
  ] as const;

  it.each(goldens)('--format %s matches expected/%s', (format, file) => {
    expectGolden(file, graph(shop, ['--format', format]).stdout);
  });

  it('renders the same bytes twice (svg, html): Graphviz output is deterministic', () => {
    for (const format of ['svg', 'html']) {
      expect(graph(shop, ['--format', format]).stdout).toBe(graph(shop, ['--format', format]).stdout);
    }
  });

  it('defaults to mermaid', () => {
    const plain = graph(shop, []).stdout;
    expect(plain).toBe(graph(shop, ['--format', 'mermaid']).stdout);
    expect(plain.startsWith('flowchart LR\n')).toBe(true);
  });
});

describe('what the diagram shows', () => {
  it('one node per domain with its scope, agent and file count, and one for unowned files', () => {
    expect(graphJson(shop).nodes).toEqual([
      { name: 'web', scope: ['src/web/**'], agentName: 'web-agent', files: 2 },
      { name: 'api', scope: ['src/api/**'], agentName: 'api-agent', files: 2 },
      { name: 'db', scope: ['src/db/**'], agentName: 'db-agent', files: 2 },
      { name: 'shared', scope: ['src/shared/**', '!src/shared/legacy/**'], files: 1 },
      { name: '(unowned)', scope: [], files: 2, unowned: true },
    ]);
  });

  it('edges: actual imports with counts, violations with their rules, declared relations and artifact kinds', () => {
    const json = graphJson(shop);
    expect(json.version).toBe(1);
    expect(edgeLines(json)).toEqual([
      '(unowned) -> shared: 1/0',
      'api -> db: 3/1 [private-import] allowed',
      'api -> shared: 2/0 allowed',
      'db -> shared: 0/0 allowed',
      'web -> api: 2/0 artifact(ApiContract)',
      'web -> db: 1/1 [forbidden-import]',
    ]);
  });

  it('mermaid: labels, the dashed declared-only relation, violating edges in red', () => {
    const text = graph(shop, ['--format', 'mermaid']).stdout;
    const ids = Object.fromEntries([...text.matchAll(/^ {2}(d\d+)\["([^<"]+)/gm)].map((m) => [m[2], m[1]]));
    expect(Object.keys(ids)).toEqual(['web', 'api', 'db', 'shared', '(unowned)']);
    expect(text).toContain(`${ids.web}["web<br/>src/web/**<br/>web-agent · 2 files"]`);
    expect(text).toContain(`${ids.shared}["shared<br/>src/shared/**, !src/shared/legacy/**<br/>1 file"]`);
    expect(text).toContain(`${ids['(unowned)']}["(unowned)<br/>2 source files outside every scope"]:::unowned`);
    const edges = text.split('\n').filter((l) => /^ {2}d\d+ [-=.]+>/.test(l));
    const line = (from: string, to: string) => edges.find((l) => l.startsWith(`  ${ids[from]} `) && l.endsWith(` ${ids[to]}`));
    expect(line('db', 'shared')).toBe(`  ${ids.db} -.->|"allowed"| ${ids.shared}`);
    expect(line('web', 'api')).toBe(`  ${ids.web} -->|"2 imports · ApiContract"| ${ids.api}`);
    expect(line('web', 'db')).toBe(`  ${ids.web} -->|"1 import · ✖ 1 forbidden-import"| ${ids.db}`);
    expect(line('api', 'db')).toBe(`  ${ids.api} -->|"3 imports · ✖ 1 private-import"| ${ids.db}`);
    const red = [...text.matchAll(/^ {2}linkStyle (\d+) stroke:#d1242f/gm)].map((m) => edges[Number(m[1])]);
    expect(red).toEqual([line('api', 'db'), line('web', 'db')]);
  });

  it('dot and svg: the declared-only relation dashed, violating edges red, every domain a node', async () => {
    const dot = graph(shop, ['--format', 'dot']).stdout;
    expect(dot).toMatch(/^ {2}"db" -> "shared" \[.*label="allowed".*style=dashed.*class="relation declared"\];$/m);
    expect(dot).toMatch(/^ {2}"web" -> "db" \[.*color="#d1242f".*class="relation violation"\];$/m);
    expect(dot).toMatch(/^ {2}"web" -> "api" \[.*label="2 imports · ApiContract".*class="relation"\];$/m);
    const svg = graph(shop, ['--format', 'svg']).stdout;
    expect(svg).toMatch(/^<\?xml [^>]+>\n<!DOCTYPE svg /);
    expect([...svg.matchAll(/<g id="domain&#45;([^"]+)" class="node domain">/g)].map((m) => m[1])).toEqual(['web', 'api', 'db', 'shared', '_unowned_']);
    expect([...svg.matchAll(/<g id="edge&#45;([^"]+)" class="edge relation violation">/g)].map((m) => m[1]).sort()).toEqual([
      'api&#45;&#45;db',
      'web&#45;&#45;db',
    ]);
    expect(svg).toContain('<g id="edge&#45;db&#45;&#45;shared" class="edge relation declared">');
  });

  // Graphviz keeps the last of repeated attributes: one penwidth, or the emphasis is lost.
  it('dot: a violating edge is drawn at least 2.5 pt wide, with a single penwidth', () => {
    const dot = graph(shop, ['--format', 'dot']).stdout;
    const attributes = /^ {2}"web" -> "db" \[(.*)\];$/m.exec(dot)![1]!;
    const widths = [...attributes.matchAll(/penwidth=([\d.]+)/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(1);
    expect(widths[0]).toBeGreaterThanOrEqual(2.5);
  });

  it('html: one self-contained page with the SVG inline and the graph as data', () => {
    const html = graph(shop, ['--format', 'html']).stdout;
    expect(html.startsWith('<!DOCTYPE html>\n')).toBe(true);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    expect(html).toMatch(/<div id="diagram">(<!--[\s\S]*?-->\n)*<svg /);
    const data = /<script type="application\/json" id="[^"]+">(.*)<\/script>/.exec(html)?.[1];
    expect(JSON.parse(data!)).toEqual((({ version: _, ...g }) => g)(graphJson(shop)));
  });

  it("html: the page's script is src/diagram/formats/page/script.js inlined as it is, by the bundle as in process", async () => {
    const html = graph(shop, ['--format', 'html']).stdout;
    const { version: _, ...data } = graphJson(shop);
    expect(await diagramFormats.get('html')!(data)).toBe(html);
    const script = readFileSync(join(REPO_ROOT, 'src/diagram/formats/page/script.js'), 'utf8');
    expect(html).toContain(`<script type="module">${script}</script>`);
    // Inlined, it may not end its element early.
    expect(script).not.toMatch(/<\/script/i);
  });
});

describe('--focus DOMAIN', () => {
  it('keeps the domain, its neighbours and the edges that touch it', () => {
    const json = graphJson(shop, ['--focus', 'web']);
    expect(json.nodes.map((n) => n.name)).toEqual(['web', 'api', 'db']);
    expect(edgeLines(json)).toEqual(['web -> api: 2/0 artifact(ApiContract)', 'web -> db: 1/1 [forbidden-import]']);
  });

  it('counts importers as neighbours too', () => {
    const json = graphJson(shop, ['--focus', 'shared']);
    expect(json.nodes.map((n) => n.name)).toEqual(['api', 'db', 'shared', '(unowned)']);
    expect(edgeLines(json)).toEqual(['(unowned) -> shared: 1/0', 'api -> shared: 2/0 allowed', 'db -> shared: 0/0 allowed']);
  });

  it('is drawn in the other formats too', () => {
    const text = graph(shop, ['--focus', 'web']).stdout;
    expect(text.match(/^ {2}d\d+\[/gm)).toHaveLength(3);
    expect(text).not.toContain('shared');
  });

  it('an unknown domain is a usage error (exit 2) with "did you mean"', () => {
    const result = run(shop, ['graph', '--focus', 'wbe']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('cn-guard: --focus wbe: no such domain; did you mean "web"?\n');
  });
});

describe('--from D --to E', () => {
  it('lists the file-level imports behind the pair, with the rule of the violating ones (text)', () => {
    // No --format: the pair is listed as text, not drawn.
    expect(graph(shop, ['--from', 'api', '--to', 'db']).stdout).toBe(
      [
        'api → db: 3 imports',
        'src/api/orders.ts:2  → src/db/internal/pool.ts  "../db/internal/pool"  private-import',
        'src/api/orders.ts:3  → src/db/index.ts  "../db/index" (type)',
        'src/api/users.ts:2  → src/db/index.ts  "../db/index"',
        '',
      ].join('\n'),
    );
    expect(graph(shop, ['--from', 'web', '--to', 'db']).stdout).toBe(
      'web → db: 1 import\nsrc/web/page.ts:3  → src/db/index.ts  "../db/index"  forbidden-import\n',
    );
  });

  it('--format json', () => {
    const json = JSON.parse(graph(shop, ['--from', 'api', '--to', 'db', '--format', 'json']).stdout) as {
      version: number;
      from: string;
      to: string;
      imports: { from: string; to: string; line: number; specifier: string; typeOnly: boolean; rule?: string }[];
    };
    expect({ ...json, imports: json.imports.map(({ from, to, line, specifier, typeOnly, rule }) => ({ from, to, line, specifier, typeOnly, rule })) }).toEqual({
      version: 1,
      from: 'api',
      to: 'db',
      imports: [
        { from: 'src/api/orders.ts', to: 'src/db/internal/pool.ts', line: 2, specifier: '../db/internal/pool', typeOnly: false, rule: 'private-import' },
        { from: 'src/api/orders.ts', to: 'src/db/index.ts', line: 3, specifier: '../db/index', typeOnly: true, rule: undefined },
        { from: 'src/api/users.ts', to: 'src/db/index.ts', line: 2, specifier: '../db/index', typeOnly: false, rule: undefined },
      ],
    });
    expect(json.imports.filter((i) => 'rule' in i)).toHaveLength(1);
  });

  it('is a list, not a picture: a diagram format is a usage error (exit 2)', () => {
    const result = run(shop, ['graph', '--from', 'web', '--to', 'db', '--format', 'svg']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('cn-guard: --from/--to list imports: use --format text or json\n');
  });

  it('a pair with no imports lists none; unowned files are a side like any other', () => {
    expect(graph(shop, ['--from', 'db', '--to', 'shared']).stdout).toBe('db → shared: 0 imports\n');
    expect(graph(shop, ['--from', '(unowned)', '--to', 'shared']).stdout).toBe(
      '(unowned) → shared: 1 import\ntools/seed.ts:1  → src/shared/format.ts  "../src/shared/format"\n',
    );
  });
});

describe('--base REF: the domain edges a change adds or removes', () => {
  let branch: string;
  beforeAll(() => {
    branch = makeRepo(SHOP);
    git(branch, 'checkout', '-q', '-b', 'feature');
    commit(branch, FEATURE, 'web: format through shared, stop calling api');
  });

  it('marks a pair with new imports "added" and a pair whose imports are all gone "removed" (json)', () => {
    expect(edgeLines(graphJson(branch, ['--base', 'main']))).toEqual([
      '(unowned) -> shared: 1/0',
      'api -> db: 3/1 [private-import] allowed',
      'api -> shared: 2/0 allowed',
      'db -> shared: 0/0 allowed',
      'web -> api: 0/0 artifact(ApiContract) removed',
      'web -> db: 1/1 [forbidden-import]',
      'web -> shared: 1/0 added',
    ]);
    // Without --base, the same head has no changes, and web -> api is only the declared relation.
    expect(edgeLines(graphJson(branch)).filter((l) => l.startsWith('web'))).toEqual([
      'web -> api: 0/0 artifact(ApiContract)',
      'web -> db: 1/1 [forbidden-import]',
      'web -> shared: 1/0',
    ]);
  });

  it('draws them: mermaid ==> in green for the added pair, a dashed "removed" edge for the other', () => {
    const text = graph(branch, ['--base', 'main']).stdout;
    expectGolden('graph-base.mmd', text);
    const ids = Object.fromEntries([...text.matchAll(/^ {2}(d\d+)\["([^<"]+)/gm)].map((m) => [m[2], m[1]]));
    const edges = text.split('\n').filter((l) => /^ {2}d\d+ [-=.]+>/.test(l));
    const added = edges.indexOf(`  ${ids.web} ==>|"new · 1 import"| ${ids.shared}`);
    expect(added).toBeGreaterThanOrEqual(0);
    expect(text).toContain(`  linkStyle ${added} stroke:#1a7f37,color:#1a7f37\n`);
    expect(edges).toContain(`  ${ids.web} -.->|"removed · ApiContract"| ${ids.api}`);
    expect(edges.filter((l) => l.includes('==>'))).toHaveLength(1);
    const dot = graph(branch, ['--base', 'main', '--format', 'dot']).stdout;
    expect(dot).toMatch(/^ {2}"web" -> "shared" \[.*color="#1a7f37".*class="relation added"\];$/m);
    expect(dot).toMatch(/^ {2}"web" -> "api" \[.*style=dashed.*class="relation removed"\];$/m);
  });

  it('a removed pair with nothing declared about it stays on the diagram as "removed"', () => {
    const root = makeRepo(SHOP);
    git(root, 'checkout', '-q', '-b', 'cleanup');
    commit(root, { 'tools/seed.ts': "import { old } from '../src/shared/legacy/old';\nconsole.log(old);\n" }, 'seed without shared');
    const lines = edgeLines(graphJson(root, ['--base', 'main']));
    expect(lines).toContain('(unowned) -> shared: 0/0 removed');
    expect(lines.filter((l) => / (added|removed)$/.test(l))).toEqual(['(unowned) -> shared: 0/0 removed']);
    // In the same order as every other edge list: by importing domain, then imported domain.
    expect(lines).toEqual([...lines].sort());
  });
});

describe('--output FILE', () => {
  it('writes the diagram to the file (creating folders) and prints nothing', () => {
    const dir = scratchDir();
    for (const [format, file] of [
      ['svg', 'out/graph.svg'],
      ['mermaid', 'graph.mmd'],
    ] as const) {
      const path = join(dir, file);
      const result = run(shop, ['graph', '--format', format, '--output', path]);
      expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(readFileSync(path, 'utf8')).toBe(graph(shop, ['--format', format]).stdout);
    }
  });

  it('a relative FILE is relative to --cwd', () => {
    const result = run(REPO_ROOT, ['graph', '--cwd', shop, '--output', 'diagram.mmd']);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(shop, 'diagram.mmd'), 'utf8')).toBe(graph(shop, []).stdout);
    rmSync(join(shop, 'diagram.mmd'));
  });
});

describe('Mermaid size limit (what GitHub renders)', () => {
  /** 40 domains in a chain with `i + 1` imports on edge i, one violating edge, one declared-only relation. */
  function big(): DomainGraph {
    const names = Array.from({ length: 40 }, (_, i) => `domain-with-a-long-name-${String(i).padStart(2, '0')}`);
    const edge = (from: string, to: string, extra: Partial<DomainEdge> = {}): DomainEdge => ({
      from,
      to,
      imports: 0,
      violations: 0,
      rules: [],
      declared: [],
      kinds: [],
      ...extra,
    });
    return {
      nodes: names.map((name) => ({ name, scope: [`src/${name}/**`], agentName: `${name}-agent`, files: 10 })),
      edges: [
        ...names.slice(1).map((to, i) => edge(names[i]!, to, { imports: i + 1 })),
        edge(names[5]!, names[0]!, { imports: 1, violations: 1, rules: ['forbidden-import'] }),
        edge(names[7]!, names[0]!, { declared: ['allowed'] }),
      ],
    };
  }

  it("stays under GitHub's limits by default", () => {
    expect(MERMAID_LIMIT).toBeLessThanOrEqual(50_000);
    const text = renderMermaid(big());
    expect(text).not.toContain('left out');
    expect(text.match(/^ {2}d\d+ [-=.]+>/gm)).toHaveLength(41);
  });

  it('past the limit, leaves out the smallest plain import edges first and says so; violating and declared edges stay', () => {
    const text = renderMermaid(big(), 6_000);
    expect(text.length).toBeLessThanOrEqual(6_000);
    const note = /omitted\["(\d+) import edges of up to (\d+) imports each left out \(([^)]*)\)"\]:::note/.exec(text);
    expect(note).not.toBeNull();
    const [left, upTo] = [Number(note![1]), Number(note![2])];
    expect(left).toBeGreaterThan(0);
    expect(note![3]).toContain('6,000 characters');
    // The plain edges kept are exactly the larger ones.
    const kept = [...text.matchAll(/-->\|"(\d+) imports?"\|/g)].map((m) => Number(m[1]));
    expect(kept.every((n) => n > upTo)).toBe(true);
    expect(kept).toHaveLength(39 - left);
    expect(text).toMatch(/d5 -->\|"1 import · ✖ 1 forbidden-import"\| d0/);
    expect(text).toMatch(/d7 -.->\|"allowed"\| d0/);
    // Every node is still drawn.
    expect(text.match(/^ {2}d\d+\["/gm)).toHaveLength(40);
  });
});

describe('docs/architecture.svg (the README picture of cn-guard itself)', () => {
  it('is what `npm run diagram` renders today', () => {
    const fresh = join(scratchDir(), 'architecture.svg');
    const result = run(REPO_ROOT, ['graph', '--format', 'svg', '--output', fresh]);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    const committed = join(REPO_ROOT, 'docs/architecture.svg');
    const current = existsSync(committed) ? readFileSync(committed, 'utf8') : '(missing)';
    expect(current === readFileSync(fresh, 'utf8'), 'docs/architecture.svg is out of date: run `npm run diagram` and commit the result').toBe(true);
  });
});
