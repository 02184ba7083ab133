import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createResolver, listFiles, listFilesInParallel, type Resolution, workingTreeView } from '../src/graph/index.js';
import { APP_DB_CONFIG } from './support/fixtures.js';
import { checkJson, makeRepo, summarizeFindings, writeTree } from './support/repo.js';

/**
 * What resolution owes to git and the disk, and end-to-end runs of the CLI. The resolver's
 * cases (relative paths, tsconfig, #imports, workspaces, externals) run in-process over
 * in-memory repositories in test/unit/resolve.test.ts.
 */

const fileAt = (path: string): Resolution => ({ kind: 'file', path, via: 'relative' });
const resolverIn = (root: string) => createResolver(workingTreeView(root, listFiles(root)), { tsconfig: 'tsconfig.json' });

function expectUnresolved(resolution: Resolution, ...reasonParts: string[]): void {
  expect(resolution.kind).toBe('unresolved');
  const reason = resolution.kind === 'unresolved' ? resolution.reason : '';
  for (const part of reasonParts) expect(reason).toContain(part);
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** node_modules is never committed in a real repository; keep the fixtures honest. */
const IGNORE_NODE_MODULES = { '.gitignore': 'node_modules/\n' };

describe('resolver: which files count as targets (the working tree, as git lists it)', () => {
  it('resolves to a gitignored file (generated code is a real import target)', () => {
    const root = makeRepo({ '.gitignore': 'src/generated/\n', 'src/generated/api.ts': '', 'src/main.ts': '' });
    expect(resolverIn(root).resolve('src/main.ts', './generated/api')).toEqual(fileAt('src/generated/api.ts'));
  });

  it('resolves to an untracked file that is not ignored', () => {
    const root = makeRepo({ 'src/main.ts': '' });
    writeTree(root, { 'src/new.ts': '' });
    expect(resolverIn(root).resolve('src/main.ts', './new')).toEqual(fileAt('src/new.ts'));
  });

  // `git ls-files --cached` alone still lists a tracked file deleted from the working tree.
  it('does not resolve to a tracked file that was deleted from the working tree', () => {
    const root = makeRepo({ 'src/main.ts': '', 'src/old.ts': '' });
    rmSync(join(root, 'src/old.ts'));
    expect([...listFiles(root).files]).not.toContain('src/old.ts');
    expectUnresolved(resolverIn(root).resolve('src/main.ts', './old'), 'src/old');
  });
});

describe('listFiles', () => {
  it('lists tracked and untracked files and leaves out gitignored ones', () => {
    const root = makeRepo({ '.gitignore': 'build/\n*.log\n', 'src/a.ts': '', 'build/out.js': '', 'debug.log': '' });
    writeTree(root, { 'src/untracked.ts': '', 'build/new.js': '' });
    expect([...listFiles(root).files].sort()).toEqual(['.gitignore', 'src/a.ts', 'src/untracked.ts']);
  });

  it('walks a directory that is not a git repository, honouring nested .gitignore files', () => {
    const root = makeRepo(
      {
        '.gitignore': '*.log\n/out/\n',
        'src/a.ts': '',
        'src/debug.log': '',
        'src/.gitignore': 'generated/\nlocal.ts\n',
        'src/generated/x.ts': '',
        'src/local.ts': '',
        'src/sub/local.ts': '',
        'out/bundle.js': '',
        'lib/out/kept.js': '',
        'node_modules/dep/index.js': '',
      },
      { git: false },
    );
    expect([...listFiles(root).files].sort()).toEqual(['.gitignore', 'lib/out/kept.js', 'src/.gitignore', 'src/a.ts']);
  });

  it('lists the same in three git processes at once (large trees) as in one after another', async () => {
    const root = makeRepo(
      { '.gitignore': 'build/\n', 'src/a.ts': '', 'src/gone.ts': '', 'src/tab\tand\nnewline.ts': '', 'src/é.ts': '', 'build/out.js': '' },
      { links: { 'src/link.ts': 'a.ts' } },
    );
    rmSync(join(root, 'src/gone.ts'));
    writeTree(root, { 'src/untracked one.ts': '', 'build/new.js': '' });
    symlinkSync('a.ts', join(root, 'src/new-link.ts'));
    const expected = {
      files: ['.gitignore', 'src/a.ts', 'src/link.ts', 'src/new-link.ts', 'src/tab\tand\nnewline.ts', 'src/untracked one.ts', 'src/é.ts'],
      links: ['src/link.ts', 'src/new-link.ts'],
    };
    for (const listing of [listFiles(root), await listFilesInParallel(root)]) {
      expect({ files: [...listing.files].sort(), links: [...listing.links].sort() }).toEqual(expected);
    }
    // Outside git, both walk the directory.
    const plain = makeRepo({ 'src/a.ts': '' }, { git: false });
    expect([...(await listFilesInParallel(plain)).files]).toEqual(['src/a.ts']);
  });

  const reincludeTree = { '.gitignore': '*.gen.ts\n', 'src/.gitignore': '!keep.gen.ts\n', 'src/keep.gen.ts': '', 'src/drop.gen.ts': '', 'src/a.ts': '' };

  it('in a git repository, lets a nested .gitignore re-include (!pattern) what a parent ignores', () => {
    expect([...listFiles(makeRepo(reincludeTree)).files].sort()).toEqual(['.gitignore', 'src/.gitignore', 'src/a.ts', 'src/keep.gen.ts']);
  });

  // git lets the deepest .gitignore with a matching rule decide, so `!keep.gen.ts` re-includes the file.
  it('outside git, lets a nested .gitignore re-include (!pattern) what a parent ignores, as git does', () => {
    expect([...listFiles(makeRepo(reincludeTree, { git: false })).files].sort()).toEqual(['.gitignore', 'src/.gitignore', 'src/a.ts', 'src/keep.gen.ts']);
  });
});

describe('cli: end to end, resolution decides the findings', () => {
  it('reports a forbidden relative import with the resolved target, specifier and position', () => {
    const root = makeRepo({
      'orchestrator.toml': APP_DB_CONFIG,
      'src/app/users.ts': "import { q } from '../db/client.js';\n",
      'src/db/client.ts': 'export const q = 1;\n',
    });
    const report = checkJson(root);
    expect(report.code).toBe(1);
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'forbidden-import',
        severity: 'error',
        file: 'src/app/users.ts',
        line: 1,
        column: 1,
        domain: 'app',
        specifier: '../db/client.js',
        target: 'src/db/client.ts',
        targetDomain: 'db',
        pattern: 'src/db/**',
        typeOnly: false,
      }),
    ]);
    expect(report.summary).toMatchObject({ errors: 1, warnings: 0, files: 2, edges: 1 });
  });

  it('follows a workspace package through exports and outDir back to the source file it names', () => {
    const root = makeRepo(
      {
        ...IGNORE_NODE_MODULES,
        'orchestrator.toml': `
[settings]
unowned = "allow"

[domains.web]
scope = "apps/web/**"
forbidden_imports = ["packages/db/src/internal/**"]

[domains.db]
scope = "packages/db/**"
`,
        'package.json': json({ private: true, workspaces: ['packages/*', 'apps/*'] }),
        'packages/db/package.json': json({
          name: '@acme/db',
          exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './internal/*': './dist/internal/*.js' },
        }),
        'packages/db/tsconfig.json': json({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
        'packages/db/src/index.ts': '',
        'packages/db/src/internal/pool.ts': '',
        'apps/web/package.json': json({ name: 'web' }),
        'apps/web/main.ts': "import '@acme/db';\nimport '@acme/db/internal/pool';\nimport '@acme/db/private';\n",
      },
      { links: { 'node_modules/@acme/db': '../../packages/db' } },
    );
    const report = checkJson(root);
    expect(summarizeFindings(report)).toEqual(['forbidden-import apps/web/main.ts -> packages/db/src/internal/pool.ts', 'unresolved-import apps/web/main.ts']);
    expect(report.findings[1]).toMatchObject({ line: 3, specifier: '@acme/db/private' });
    expect(report.summary.edges).toBe(2);
  });

  it('ignores Node built-ins and npm packages, installed or not: no findings, no edges', () => {
    const root = makeRepo({
      ...IGNORE_NODE_MODULES,
      'orchestrator.toml': APP_DB_CONFIG.replace('forbidden_imports = ["src/db/**"]', 'forbidden_imports = ["src/db/**", "node_modules/**"]'),
      'node_modules/left-pad/package.json': json({ name: 'left-pad', main: 'index.js' }),
      'node_modules/left-pad/index.js': '',
      'src/app/users.ts': [
        "import fs from 'node:fs';",
        "import { readFile } from 'fs/promises';",
        "import React from 'react';",
        "import sub from '@scope/pkg/sub';",
        "import pad from 'left-pad';",
      ].join('\n'),
      'src/db/client.ts': '',
    });
    const report = checkJson(root);
    expect(report.code).toBe(0);
    // Imports never reach node_modules as files, so a pattern for it guards nothing: said, but not failing.
    expect(summarizeFindings(report)).toEqual(['unmatched-pattern orchestrator.toml']);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 1, files: 2, edges: 0 });
  });
});

describe("cli: which files are scanned (git's listing, or the walk outside git)", () => {
  it('does not scan a gitignored source file, but still resolves imports of it', () => {
    const root = makeRepo({
      '.gitignore': 'src/app/generated/\n',
      'orchestrator.toml': APP_DB_CONFIG,
      // Scanned, its import would be forbidden; resolved, the import of it is one clean edge.
      'src/app/generated/api.ts': "import '../../db/client';\n",
      'src/app/users.ts': "import './generated/api';\n",
      'src/db/client.ts': '',
    });
    const report = checkJson(root);
    expect(summarizeFindings(report)).toEqual([]);
    expect(report.summary).toMatchObject({ files: 2, edges: 1 });
  });

  it('reports an import of a gitignored file forbidden to the importer', () => {
    const root = makeRepo({
      '.gitignore': 'src/db/generated/\n',
      'orchestrator.toml': APP_DB_CONFIG,
      'src/db/generated/schema.ts': "import '../../app/users';\n",
      'src/db/client.ts': '',
      'src/app/users.ts': "import '../db/generated/schema';\n",
    });
    const report = checkJson(root);
    expect(summarizeFindings(report)).toEqual(['forbidden-import src/app/users.ts -> src/db/generated/schema.ts']);
    expect(report.summary.files).toBe(2);
  });

  it('scans untracked files that are not ignored', () => {
    const root = makeRepo({ 'orchestrator.toml': APP_DB_CONFIG, 'src/app/users.ts': '', 'src/db/client.ts': '' });
    writeTree(root, { 'src/app/draft.ts': "import '../db/client';\n" });
    expect(summarizeFindings(checkJson(root))).toEqual(['forbidden-import src/app/draft.ts -> src/db/client.ts']);
  });

  it('walks a directory that is not a git repository, honouring nested .gitignore files', () => {
    const root = makeRepo(
      {
        'orchestrator.toml': APP_DB_CONFIG,
        '.gitignore': '*.tmp.ts\n',
        'src/app/.gitignore': 'scratch/\n',
        'src/app/scratch/try.ts': "import '../../db/client';\n",
        'src/app/notes.tmp.ts': "import '../db/client';\n",
        'src/app/users.ts': "import '../db/client';\n",
        'src/db/client.ts': '',
      },
      { git: false },
    );
    const report = checkJson(root);
    expect(summarizeFindings(report)).toEqual(['forbidden-import src/app/users.ts -> src/db/client.ts']);
    expect(report.summary.files).toBe(2);
  });
});
