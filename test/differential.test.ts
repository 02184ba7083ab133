import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJson, makeRepo } from './support/repo.js';

const DEPCRUISE = resolve(import.meta.dirname, '../node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/**
 * The same forbidden rules, written once for each tool. cn-guard's own-scope rule is implicit;
 * for dependency-cruiser the `from` and `to` folders never overlap, so the sets must be equal.
 */
const RULES: { domain: string; scope: string; forbidden: string[] }[] = [
  { domain: 'web', scope: 'src/web', forbidden: ['src/db', 'packages/billing'] },
  { domain: 'api', scope: 'src/api', forbidden: ['src/web'] },
  { domain: 'db', scope: 'src/db', forbidden: ['src/api', 'src/web'] },
  { domain: 'billing', scope: 'packages/billing', forbidden: ['src/db'] },
];

const tree = {
  'package.json': JSON.stringify({ name: 'fixture', private: true, workspaces: ['packages/*'] }),
  'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@db/*': ['src/db/*'], '@api/*': ['src/api/*'] } } }),
  'packages/billing/package.json': JSON.stringify({ name: '@acme/billing', exports: { '.': './src/index.ts', './invoice': './src/invoice.ts' } }),
  'packages/billing/src/index.ts': "export { invoice } from './invoice.js';\n",
  'packages/billing/src/invoice.ts': "import { query } from '../../../src/db/query';\nexport const invoice = query;\n",
  'src/db/query.ts': "import type { Handler } from '@api/handler';\nexport const query = (h?: Handler) => h;\n",
  'src/db/index.ts': "export * from './query.js';\n",
  'src/api/handler.ts':
    "import { query } from '@db/query';\nimport { render } from '../web/render';\nexport type Handler = () => void;\nexport const handle = () => render(query());\n",
  'src/web/render.ts': 'export const render = (x: unknown) => String(x);\n',
  'src/web/page.tsx': [
    "import { query } from '@db/query';",
    "import { invoice } from '@acme/billing';",
    "import type { Handler } from '../api/handler.js';",
    "const lazy = () => import('../db/index.js');",
    'export const Page = () => <div title="it\'s">{String(query)}{String(invoice)}</div>;',
    '',
  ].join('\n'),
  'src/web/legacy.js': "const db = require('../db/query');\nmodule.exports = db;\n",
  'src/api/reexport.ts': "export { render } from '../web/render';\n",
};

function orchestratorToml(): string {
  return RULES.map((r) => `[domains.${r.domain}]\nscope = "${r.scope}/**"\nforbidden_imports = [${r.forbidden.map((f) => `"${f}/**"`).join(', ')}]\n`).join(
    '\n',
  );
}

function depcruiseConfig(): string {
  const forbidden = RULES.flatMap((r) =>
    r.forbidden.map((to) => ({
      name: `${r.domain}-not-${to.replaceAll('/', '-')}`,
      severity: 'error',
      from: { path: `^${r.scope}/` },
      to: { path: `^${to}/` },
    })),
  );
  const options = {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    preserveSymlinks: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.d.ts'],
    },
  };
  return `module.exports = ${JSON.stringify({ forbidden, options }, null, 2)};\n`;
}

describe('differential: dependency-cruiser and cn-guard with equivalent rules', () => {
  it('find the same violations', () => {
    const root = makeRepo(
      {
        ...tree,
        'orchestrator.toml': `[settings]\nunowned = "allow"\n\n${orchestratorToml()}`,
        '.dependency-cruiser.cjs': depcruiseConfig(),
        '.gitignore': 'node_modules/\n',
      },
      // No git: both tools read the working tree, and cn-guard's walk honours .gitignore as git would.
      { git: false, links: { 'node_modules/@acme/billing': '../../packages/billing' } },
    );
    const cruise = spawnSync(process.execPath, [DEPCRUISE, '--config', '.dependency-cruiser.cjs', '--output-type', 'json', 'src', 'packages'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(cruise.stderr).toBe('');
    const theirs = new Set<string>(JSON.parse(cruise.stdout).summary.violations.map((v: { from: string; to: string }) => `${v.from} -> ${v.to}`));
    const ours = new Set(
      checkJson(root)
        .findings.filter((f) => f.rule === 'forbidden-import')
        .map((f) => `${f.file} -> ${f.target}`),
    );
    expect([...ours].sort()).toEqual([...theirs].sort());
    // Guard against both tools agreeing on nothing: every import form above contributes.
    expect([...ours].sort()).toEqual([
      'packages/billing/src/invoice.ts -> src/db/query.ts',
      'src/api/handler.ts -> src/web/render.ts',
      'src/api/reexport.ts -> src/web/render.ts',
      'src/db/query.ts -> src/api/handler.ts',
      'src/web/legacy.js -> src/db/query.ts',
      'src/web/page.tsx -> packages/billing/src/index.ts',
      'src/web/page.tsx -> src/db/index.ts',
      'src/web/page.tsx -> src/db/query.ts',
    ]);
  });
});
