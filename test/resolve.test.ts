import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createResolver, listFiles, workingTreeView, type Resolution, type ResolvedVia } from '../src/graph/index.js';
import { checkJson, makeRepo, summarizeFindings, writeTree, type RepoOptions, type Tree } from './support/repo.js';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const fileAt = (path: string, via: ResolvedVia = 'relative'): Resolution => ({ kind: 'file', path, via });
const external = (name: string): Resolution => ({ kind: 'external', name });

function resolverIn(root: string, tsconfig = 'tsconfig.json') {
  return createResolver(workingTreeView(root, listFiles(root)), { tsconfig });
}

/** Builds a real repository from `tree` and resolves one specifier in it. */
function resolveIn(tree: Tree, from: string, specifier: string, options: RepoOptions & { tsconfig?: string } = {}): Resolution {
  const { tsconfig, ...repoOptions } = options;
  return resolverIn(makeRepo(tree, repoOptions), tsconfig).resolve(from, specifier);
}

function expectUnresolved(resolution: Resolution, ...reasonParts: string[]): void {
  expect(resolution.kind).toBe('unresolved');
  const reason = resolution.kind === 'unresolved' ? resolution.reason : '';
  for (const part of reasonParts) expect(reason).toContain(part);
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** node_modules is never committed in a real repository; keep the fixtures honest. */
const IGNORE_NODE_MODULES = { '.gitignore': 'node_modules/\n' };

/** Two domains: app may not import db. A finding app → db proves resolution reached db. */
const APP_DB_CONFIG = `
[settings]
unowned = "allow"

[domains.app]
scope = ["src/app/**"]
forbidden_imports = ["src/db/**"]

[domains.db]
scope = "src/db/**"
`;

// ---------------------------------------------------------------------------------------------
// Resolver level
// ---------------------------------------------------------------------------------------------

describe('resolver: relative imports', () => {
  it('resolves an exact file name', () => {
    expect(resolveIn({ 'src/a.ts': '', 'src/b.ts': '' }, 'src/b.ts', './a.ts')).toEqual(fileAt('src/a.ts'));
  });

  it.each([
    ['a.ts', 'src/a.ts'],
    ['a.tsx', 'src/a.tsx'],
    ['a.d.ts', 'src/a.d.ts'],
    ['a.js', 'src/a.js'],
    ['a.jsx', 'src/a.jsx'],
    ['a.mts', 'src/a.mts'],
    ['a.cjs', 'src/a.cjs'],
  ])('resolves an extension-less specifier ./a to the only candidate %s', (name, expected) => {
    expect(resolveIn({ [`src/${name}`]: '', 'src/main.ts': '' }, 'src/main.ts', './a')).toEqual(fileAt(expected));
  });

  it('tries extensions in TypeScript order: .ts, then .tsx, then .d.ts, then .js', () => {
    const root = makeRepo({ 'src/a.ts': '', 'src/a.tsx': '', 'src/a.d.ts': '', 'src/a.js': '', 'src/b.tsx': '', 'src/b.d.ts': '', 'src/b.js': '', 'src/c.d.ts': '', 'src/c.js': '', 'src/main.ts': '' });
    const resolver = resolverIn(root);
    expect(resolver.resolve('src/main.ts', './a')).toEqual(fileAt('src/a.ts'));
    expect(resolver.resolve('src/main.ts', './b')).toEqual(fileAt('src/b.tsx'));
    expect(resolver.resolve('src/main.ts', './c')).toEqual(fileAt('src/c.d.ts'));
  });

  it('resolves a directory to its index file (index.ts, index.tsx, index.js)', () => {
    const root = makeRepo({ 'src/ts/index.ts': '', 'src/tsx/index.tsx': '', 'src/js/index.js': '', 'src/main.ts': '' });
    const resolver = resolverIn(root);
    expect(resolver.resolve('src/main.ts', './ts')).toEqual(fileAt('src/ts/index.ts'));
    expect(resolver.resolve('src/main.ts', './tsx')).toEqual(fileAt('src/tsx/index.tsx'));
    expect(resolver.resolve('src/main.ts', './js')).toEqual(fileAt('src/js/index.js'));
  });

  it('prefers a file over a directory of the same name', () => {
    expect(resolveIn({ 'src/util.ts': '', 'src/util/index.ts': '', 'src/main.ts': '' }, 'src/main.ts', './util')).toEqual(fileAt('src/util.ts'));
  });

  it('resolves "." and ".." to the index of the current and parent directory', () => {
    const root = makeRepo({ 'src/index.ts': '', 'src/feature/index.ts': '', 'src/feature/a.ts': '' });
    const resolver = resolverIn(root);
    expect(resolver.resolve('src/feature/a.ts', '.')).toEqual(fileAt('src/feature/index.ts'));
    expect(resolver.resolve('src/feature/a.ts', '..')).toEqual(fileAt('src/index.ts'));
  });

  it('walks up with ../ segments, several levels deep', () => {
    const root = makeRepo({ 'lib/shared/x.ts': '', 'src/a/b/c/deep.ts': '' });
    expect(resolverIn(root).resolve('src/a/b/c/deep.ts', '../../../../lib/shared/x')).toEqual(fileAt('lib/shared/x.ts'));
  });

  it('normalises ./ and ../ in the middle of a specifier', () => {
    expect(resolveIn({ 'src/a/x.ts': '', 'src/b/y.ts': '' }, 'src/b/y.ts', './../a/./x')).toEqual(fileAt('src/a/x.ts'));
  });

  // A trailing slash asks for the directory's index; the resolved path must still be the
  // canonical root-relative path, or it matches no `files` entry and no domain glob.
  it('resolves a trailing-slash directory specifier (../, ./dir/) to a canonical index path', () => {
    const root = makeRepo({ 'src/index.ts': '', 'src/feature/a.ts': '', 'src/feature/dir/index.ts': '' });
    const resolver = resolverIn(root);
    expect(resolver.resolve('src/feature/a.ts', '../')).toEqual(fileAt('src/index.ts'));
    expect(resolver.resolve('src/feature/a.ts', './dir/')).toEqual(fileAt('src/feature/dir/index.ts'));
  });

  describe('ESM TypeScript output-extension mapping', () => {
    it.each([
      ['./a.js', 'a.ts', 'src/a.ts'],
      ['./a.js', 'a.tsx', 'src/a.tsx'],
      ['./a.js', 'a.d.ts', 'src/a.d.ts'],
      ['./a.mjs', 'a.mts', 'src/a.mts'],
      ['./a.mjs', 'a.d.mts', 'src/a.d.mts'],
      ['./a.cjs', 'a.cts', 'src/a.cts'],
      ['./a.cjs', 'a.d.cts', 'src/a.d.cts'],
      ['./a.jsx', 'a.tsx', 'src/a.tsx'],
    ])('maps %s to the source %s', (specifier, source, expected) => {
      expect(resolveIn({ [`src/${source}`]: '', 'src/main.ts': '' }, 'src/main.ts', specifier)).toEqual(fileAt(expected));
    });

    it('prefers the .ts source over a .js file of the same name', () => {
      const root = makeRepo({ 'src/a.ts': '', 'src/a.js': '', 'src/main.ts': '' });
      const resolver = resolverIn(root);
      expect(resolver.resolve('src/main.ts', './a.js')).toEqual(fileAt('src/a.ts'));
      expect(resolver.resolve('src/main.ts', './a')).toEqual(fileAt('src/a.ts'));
    });

    it('maps ./a.js in TypeScript order: a.ts, then a.tsx, then a.d.ts', () => {
      const root = makeRepo({ 'src/a.ts': '', 'src/a.tsx': '', 'src/a.d.ts': '', 'src/b.tsx': '', 'src/b.d.ts': '', 'src/main.ts': '' });
      const resolver = resolverIn(root);
      expect(resolver.resolve('src/main.ts', './a.js')).toEqual(fileAt('src/a.ts'));
      expect(resolver.resolve('src/main.ts', './b.js')).toEqual(fileAt('src/b.tsx'));
    });

    it('falls back to the .js file itself when there is no source for it', () => {
      expect(resolveIn({ 'src/legacy.js': '', 'src/main.ts': '' }, 'src/main.ts', './legacy.js')).toEqual(fileAt('src/legacy.js'));
    });

    it('maps a directory-style .js import (./dir/index.js) to dir/index.ts', () => {
      expect(resolveIn({ 'src/dir/index.ts': '', 'src/main.ts': '' }, 'src/main.ts', './dir/index.js')).toEqual(fileAt('src/dir/index.ts'));
    });

    // Only the four output extensions map to sources; a look-alike must not crash the resolver.
    it('looks up an extension that only resembles .js (./legacy.cjsx) as written instead of throwing', () => {
      const root = makeRepo({ 'src/legacy.cjsx': '', 'src/main.js': '' });
      const resolver = resolverIn(root);
      expect(() => resolver.resolve('src/main.js', './legacy.cjsx')).not.toThrow();
      expect(resolver.resolve('src/main.js', './legacy.cjsx')).toEqual(fileAt('src/legacy.cjsx'));
    });
  });

  describe('non-source targets', () => {
    it('resolves a stylesheet and a JSON file by their exact names', () => {
      const root = makeRepo({ 'src/styles.css': 'a{}', 'src/data.json': '{}', 'src/main.ts': '' });
      const resolver = resolverIn(root);
      expect(resolver.resolve('src/main.ts', './styles.css')).toEqual(fileAt('src/styles.css'));
      expect(resolver.resolve('src/main.ts', './data.json')).toEqual(fileAt('src/data.json'));
    });

    it('resolves an extension-less specifier to a .json file when no source matches', () => {
      expect(resolveIn({ 'src/data.json': '{}', 'src/main.ts': '' }, 'src/main.ts', './data')).toEqual(fileAt('src/data.json'));
    });

    it('strips a bundler query suffix (./icon.svg?raw, ./worker.js?worker)', () => {
      const root = makeRepo({ 'src/icon.svg': '<svg/>', 'src/worker.ts': '', 'src/main.ts': '' });
      const resolver = resolverIn(root);
      expect(resolver.resolve('src/main.ts', './icon.svg?raw')).toEqual(fileAt('src/icon.svg'));
      expect(resolver.resolve('src/main.ts', './worker.js?worker')).toEqual(fileAt('src/worker.ts'));
    });
  });

  it('treats a relative import that escapes the root as external', () => {
    const root = makeRepo({ 'src/main.ts': '' });
    const resolver = resolverIn(root);
    expect(resolver.resolve('src/main.ts', '../../outside/x')).toEqual(external('../../outside/x'));
    expect(resolver.resolve('main.ts', '..')).toEqual(external('..'));
  });

  it('reports a missing relative import as unresolved, naming the path it looked for', () => {
    expect(resolveIn({ 'src/main.ts': '' }, 'src/main.ts', './missing')).toEqual({
      kind: 'unresolved',
      reason: 'no file src/missing, src/missing.ts, src/missing/index.ts or similar',
    });
  });

  it('reports ./a.js as unresolved when neither a.js nor any source for it exists', () => {
    expectUnresolved(resolveIn({ 'src/main.ts': '' }, 'src/main.ts', './gone.js'), 'src/gone.js');
  });
});

describe('resolver: tsconfig paths and baseUrl', () => {
  it('maps a wildcard paths key', () => {
    const tree = {
      'tsconfig.json': json({ compilerOptions: { baseUrl: '.', paths: { '@app/*': ['src/app/*'] } } }),
      'src/app/users/list.ts': '',
      'src/main.ts': '',
    };
    expect(resolveIn(tree, 'src/main.ts', '@app/users/list')).toEqual(fileAt('src/app/users/list.ts', 'tsconfig-paths'));
  });

  it('maps an exact paths key, and prefers it to a wildcard key listed before it', () => {
    const tree = {
      'tsconfig.json': json({ compilerOptions: { baseUrl: '.', paths: { '@con*': ['src/wild/*'], '@config': ['src/config/index.ts'] } } }),
      'src/config/index.ts': '',
      'src/wild/fig.ts': '',
      'src/main.ts': '',
    };
    expect(resolveIn(tree, 'src/main.ts', '@config')).toEqual(fileAt('src/config/index.ts', 'tsconfig-paths'));
  });

  it('lets the wildcard key with the longest prefix win, whatever the key order', () => {
    const tree = {
      'tsconfig.json': json({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'], '@/ui/*': ['packages/ui/src/*'] } } }),
      'src/ui/button.ts': '',
      'packages/ui/src/button.ts': '',
      'src/main.ts': '',
    };
    const resolver = resolverIn(makeRepo(tree));
    expect(resolver.resolve('src/main.ts', '@/ui/button')).toEqual(fileAt('packages/ui/src/button.ts', 'tsconfig-paths'));
    expect(resolver.resolve('src/main.ts', '@/main')).toEqual(fileAt('src/main.ts', 'tsconfig-paths'));
  });

  it('tries several substitutions in order and takes the first that exists', () => {
    const tree = {
      'tsconfig.json': json({ compilerOptions: { baseUrl: '.', paths: { '~/*': ['generated/*', 'src/*', 'vendor/*'] } } }),
      'src/x.ts': '',
      'vendor/x.ts': '',
      'vendor/y.ts': '',
      'src/main.ts': '',
    };
    const resolver = resolverIn(makeRepo(tree));
    expect(resolver.resolve('src/main.ts', '~/x')).toEqual(fileAt('src/x.ts', 'tsconfig-paths'));
    expect(resolver.resolve('src/main.ts', '~/y')).toEqual(fileAt('vendor/y.ts', 'tsconfig-paths'));
  });

  it('applies the ESM .js mapping and index lookup to alias targets', () => {
    const tree = {
      'tsconfig.json': json({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['lib/*'] } } }),
      'lib/math.ts': '',
      'lib/strings/index.ts': '',
      'src/main.ts': '',
    };
    const resolver = resolverIn(makeRepo(tree));
    expect(resolver.resolve('src/main.ts', '@lib/math.js')).toEqual(fileAt('lib/math.ts', 'tsconfig-paths'));
    expect(resolver.resolve('src/main.ts', '@lib/strings')).toEqual(fileAt('lib/strings/index.ts', 'tsconfig-paths'));
  });

  it('resolves a bare specifier against baseUrl alone (import "src/x")', () => {
    const tree = { 'tsconfig.json': json({ compilerOptions: { baseUrl: '.' } }), 'src/x.ts': '', 'src/app/main.ts': '' };
    expect(resolveIn(tree, 'src/app/main.ts', 'src/x')).toEqual(fileAt('src/x.ts', 'base-url'));
  });

  it('resolves baseUrl relative to the tsconfig that declares it', () => {
    const tree = { 'tsconfig.json': json({ compilerOptions: { baseUrl: './src' } }), 'src/models/user.ts': '', 'src/app/main.ts': '' };
    expect(resolveIn(tree, 'src/app/main.ts', 'models/user')).toEqual(fileAt('src/models/user.ts', 'base-url'));
  });

  // `domain/user` is not a built-in (only `domain` is; built-in subpaths such as `fs/promises`
  // are listed in builtinModules themselves), and TypeScript resolves it via baseUrl.
  it('resolves a baseUrl folder that shares its first segment with a Node built-in (domain/user, events/bus)', () => {
    const tree = {
      'tsconfig.json': json({ compilerOptions: { baseUrl: 'src' } }),
      'src/domain/user.ts': '',
      'src/events/bus.ts': '',
      'src/app/main.ts': '',
    };
    const resolver = resolverIn(makeRepo(tree));
    expect(resolver.resolve('src/app/main.ts', 'domain/user')).toEqual(fileAt('src/domain/user.ts', 'base-url'));
    expect(resolver.resolve('src/app/main.ts', 'events/bus')).toEqual(fileAt('src/events/bus.ts', 'base-url'));
  });

  it('resolves paths relative to the declaring tsconfig when there is no baseUrl', () => {
    const tree = {
      'tsconfig.json': json({ compilerOptions: { paths: { '@app/*': ['./src/app/*'] } } }),
      'src/app/a.ts': '',
      'tools/script.ts': '',
    };
    expect(resolveIn(tree, 'tools/script.ts', '@app/a')).toEqual(fileAt('src/app/a.ts', 'tsconfig-paths'));
  });

  it('does not resolve a bare specifier against the tsconfig directory when baseUrl is absent', () => {
    const tree = { 'tsconfig.json': json({ compilerOptions: { paths: { '@app/*': ['./src/app/*'] } } }), 'src/x.ts': '', 'src/main.ts': '' };
    expect(resolveIn(tree, 'src/main.ts', 'src/x')).toEqual(external('src'));
  });

  it('reports an alias whose target does not exist as unresolved, naming the alias and its target', () => {
    const tree = {
      'tsconfig.json': json({ compilerOptions: { baseUrl: '.', paths: { '@app/*': ['src/app/*'] } } }),
      'src/app/a.ts': '',
      'src/main.ts': '',
    };
    expect(resolveIn(tree, 'src/main.ts', '@app/missing')).toEqual({
      kind: 'unresolved',
      reason: 'tsconfig paths map @app/missing to src/app/missing, which does not exist',
    });
  });

  const catchAllTree = {
    ...IGNORE_NODE_MODULES,
    'tsconfig.json': json({ compilerOptions: { baseUrl: '.', paths: { '*': ['types/*'] } } }),
    'types/legacy-lib/index.d.ts': '',
    'node_modules/left-pad/package.json': json({ name: 'left-pad', main: 'index.js' }),
    'node_modules/left-pad/index.js': '',
    'src/main.ts': '',
  };

  it('maps a bare specifier through a catch-all "*" paths key', () => {
    expect(resolveIn(catchAllTree, 'src/main.ts', 'legacy-lib')).toEqual(fileAt('types/legacy-lib/index.d.ts', 'tsconfig-paths'));
  });

  // tsc falls back to node_modules when no `paths` substitution exists: with the common
  // `"*": ["types/*"]` (local typings), installed packages must stay external, not unresolved.
  it('lets an installed npm package through a catch-all "*" paths key as external', () => {
    expect(resolveIn(catchAllTree, 'src/main.ts', 'left-pad')).toEqual(external('left-pad'));
  });

  describe('extends', () => {
    it('inherits paths from a relative file named with .json, relative to that file', () => {
      const tree = {
        'tsconfig.json': json({ extends: './config/tsconfig.base.json' }),
        'config/tsconfig.base.json': json({ compilerOptions: { paths: { '@db/*': ['../src/db/*'] } } }),
        'src/db/client.ts': '',
        'src/app/main.ts': '',
      };
      expect(resolveIn(tree, 'src/app/main.ts', '@db/client')).toEqual(fileAt('src/db/client.ts', 'tsconfig-paths'));
    });

    it('inherits from a relative file named without .json', () => {
      const tree = {
        'tsconfig.json': json({ extends: './tsconfig.base' }),
        'tsconfig.base.json': json({ compilerOptions: { baseUrl: '.', paths: { '@db/*': ['src/db/*'] } } }),
        'src/db/client.ts': '',
        'src/app/main.ts': '',
      };
      expect(resolveIn(tree, 'src/app/main.ts', '@db/client')).toEqual(fileAt('src/db/client.ts', 'tsconfig-paths'));
    });

    it('inherits from a package in node_modules, re-basing its paths on the child baseUrl', () => {
      const tree = {
        ...IGNORE_NODE_MODULES,
        'tsconfig.json': json({ extends: '@acme/tsconfig', compilerOptions: { baseUrl: '.' } }),
        'node_modules/@acme/tsconfig/package.json': json({ name: '@acme/tsconfig', version: '1.0.0' }),
        'node_modules/@acme/tsconfig/tsconfig.json': json({ compilerOptions: { strict: true, paths: { '@/*': ['src/*'] } } }),
        'src/db/client.ts': '',
        'src/app/main.ts': '',
      };
      expect(resolveIn(tree, 'src/app/main.ts', '@/db/client')).toEqual(fileAt('src/db/client.ts', 'tsconfig-paths'));
    });

    it('inherits from a named file inside a package (@acme/tsconfig/base.json)', () => {
      const tree = {
        ...IGNORE_NODE_MODULES,
        'tsconfig.json': json({ extends: '@acme/tsconfig/base.json' }),
        'node_modules/@acme/tsconfig/package.json': json({ name: '@acme/tsconfig' }),
        'node_modules/@acme/tsconfig/base.json': json({ compilerOptions: { baseUrl: '../../../src' } }),
        'src/db/client.ts': '',
        'src/app/main.ts': '',
      };
      expect(resolveIn(tree, 'src/app/main.ts', 'db/client')).toEqual(fileAt('src/db/client.ts', 'base-url'));
    });

    it('merges an extends array, later entries overriding earlier ones', () => {
      const tree = {
        'tsconfig.json': json({ extends: ['./a.json', './b.json'] }),
        'a.json': json({ compilerOptions: { baseUrl: './from-a' } }),
        'b.json': json({ compilerOptions: { baseUrl: './from-b' } }),
        'from-a/x.ts': '',
        'from-b/x.ts': '',
        'from-b/only-b.ts': '',
        'src/main.ts': '',
      };
      const resolver = resolverIn(makeRepo(tree));
      expect(resolver.resolve('src/main.ts', 'x')).toEqual(fileAt('from-b/x.ts', 'base-url'));
      expect(resolver.resolve('src/main.ts', 'only-b')).toEqual(fileAt('from-b/only-b.ts', 'base-url'));
    });

    it('takes paths from an extends array entry even when a later entry only sets other options', () => {
      const tree = {
        'tsconfig.json': json({ extends: ['./paths.json', './strict.json'] }),
        'paths.json': json({ compilerOptions: { baseUrl: '.', paths: { '@db/*': ['src/db/*'] } } }),
        'strict.json': json({ compilerOptions: { strict: true } }),
        'src/db/client.ts': '',
        'src/main.ts': '',
      };
      expect(resolveIn(tree, 'src/main.ts', '@db/client')).toEqual(fileAt('src/db/client.ts', 'tsconfig-paths'));
    });

    // tsc resolves paths against the effective baseUrl when there is one, inherited or not
    // (getPathsBasePath: `options.baseUrl ?? options.pathsBasePath`); only without any baseUrl
    // are they relative to the tsconfig that declares them.
    it('resolves a child\'s paths relative to a baseUrl it inherits', () => {
      const tree = {
        'tsconfig.base.json': json({ compilerOptions: { baseUrl: '.' } }),
        'packages/web/tsconfig.json': json({ extends: '../../tsconfig.base.json', compilerOptions: { paths: { '@shared/*': ['shared/*'] } } }),
        'shared/format.ts': '',
        'packages/web/shared/format.ts': '',
        'packages/web/main.ts': '',
      };
      expect(resolveIn(tree, 'packages/web/main.ts', '@shared/format')).toEqual(fileAt('shared/format.ts', 'tsconfig-paths'));
    });

    it('survives an extends cycle and still uses the options it read', () => {
      const tree = {
        'tsconfig.json': json({ extends: './b.json', compilerOptions: { baseUrl: '.', paths: { '@db/*': ['src/db/*'] } } }),
        'b.json': json({ extends: './tsconfig.json' }),
        'src/db/client.ts': '',
        'src/main.ts': '',
      };
      expect(resolveIn(tree, 'src/main.ts', '@db/client')).toEqual(fileAt('src/db/client.ts', 'tsconfig-paths'));
    });
  });

  it('reads tsconfig.json with line and block comments and trailing commas', () => {
    const tree = {
      'tsconfig.json': [
        '// the project tsconfig',
        '{',
        '  /* resolution */',
        '  "compilerOptions": {',
        '    "baseUrl": ".", // root',
        '    "paths": {',
        '      "@db/*": ["src/db/*",],',
        '    },',
        '  },',
        '}',
      ].join('\n'),
      'src/db/client.ts': '',
      'src/main.ts': '',
    };
    expect(resolveIn(tree, 'src/main.ts', '@db/client')).toEqual(fileAt('src/db/client.ts', 'tsconfig-paths'));
  });

  it('uses a nested package tsconfig.json for the files below it, and the root one elsewhere', () => {
    const tree = {
      'tsconfig.json': json({ compilerOptions: { paths: { '@/*': ['./src/*'] } } }),
      'packages/web/tsconfig.json': json({ compilerOptions: { paths: { '@/*': ['./src/*'] } } }),
      'src/util.ts': '',
      'packages/web/src/util.ts': '',
      'packages/web/src/pages/home.ts': '',
      'src/main.ts': '',
    };
    const resolver = resolverIn(makeRepo(tree));
    expect(resolver.resolve('packages/web/src/pages/home.ts', '@/util')).toEqual(fileAt('packages/web/src/util.ts', 'tsconfig-paths'));
    expect(resolver.resolve('src/main.ts', '@/util')).toEqual(fileAt('src/util.ts', 'tsconfig-paths'));
  });

  it('does not leak the root aliases into a package whose own tsconfig declares none', () => {
    const tree = {
      'tsconfig.json': json({ compilerOptions: { baseUrl: '.', paths: { '@db/*': ['src/db/*'] } } }),
      'packages/tool/tsconfig.json': json({ compilerOptions: { strict: true } }),
      'src/db/client.ts': '',
      'packages/tool/main.ts': '',
    };
    expect(resolveIn(tree, 'packages/tool/main.ts', '@db/client')).toEqual(external('@db/client'));
  });

  it('uses the tsconfig named by settings.tsconfig for the root instead of tsconfig.json', () => {
    const tree = {
      'tsconfig.json': json({ compilerOptions: { baseUrl: '.', paths: { '@x/*': ['wrong/*'] } } }),
      'config/tsconfig.app.json': json({ compilerOptions: { paths: { '@x/*': ['../right/*'] } } }),
      'wrong/a.ts': '',
      'right/a.ts': '',
      'src/main.ts': '',
    };
    expect(resolveIn(tree, 'src/main.ts', '@x/a', { tsconfig: 'config/tsconfig.app.json' })).toEqual(fileAt('right/a.ts', 'tsconfig-paths'));
  });
});

describe('resolver: package.json imports (#subpaths)', () => {
  const manifest = json({
    name: 'app',
    imports: {
      '#internal/*': './src/internal/*.js',
      '#config': './src/config/index.ts',
      '#db': { types: './src/db/types.d.ts', node: './src/db/node.ts', default: './src/db/browser.ts' },
      '#dep': 'left-pad',
    },
  });

  it('maps a #internal/* pattern (with the .js → .ts mapping)', () => {
    const tree = { 'package.json': manifest, 'src/internal/secret.ts': '', 'src/app/main.ts': '' };
    expect(resolveIn(tree, 'src/app/main.ts', '#internal/secret')).toEqual(fileAt('src/internal/secret.ts', 'package-imports'));
  });

  it('maps an exact #config key', () => {
    const tree = { 'package.json': manifest, 'src/config/index.ts': '', 'src/app/main.ts': '' };
    expect(resolveIn(tree, 'src/app/main.ts', '#config')).toEqual(fileAt('src/config/index.ts', 'package-imports'));
  });

  it('takes the first existing target of a conditional map, in key order', () => {
    const both = makeRepo({ 'package.json': manifest, 'src/db/node.ts': '', 'src/db/browser.ts': '', 'src/app/main.ts': '' });
    expect(resolverIn(both).resolve('src/app/main.ts', '#db')).toEqual(fileAt('src/db/node.ts', 'package-imports'));
    const browserOnly = makeRepo({ 'package.json': manifest, 'src/db/browser.ts': '', 'src/app/main.ts': '' });
    expect(resolverIn(browserOnly).resolve('src/app/main.ts', '#db')).toEqual(fileAt('src/db/browser.ts', 'package-imports'));
  });

  it('treats a #key that maps to an uninstalled package as external', () => {
    const tree = { 'package.json': manifest, 'src/app/main.ts': '' };
    expect(resolveIn(tree, 'src/app/main.ts', '#dep')).toEqual(external('left-pad'));
  });

  it('uses the nearest package.json, not the root one', () => {
    const tree = {
      'package.json': manifest,
      'packages/lib/package.json': json({ name: 'lib', imports: { '#config': './cfg.ts' } }),
      'packages/lib/cfg.ts': '',
      'packages/lib/src/a.ts': '',
      'src/config/index.ts': '',
    };
    expect(resolveIn(tree, 'packages/lib/src/a.ts', '#config')).toEqual(fileAt('packages/lib/cfg.ts', 'package-imports'));
  });

  it('reports an unmapped #key as unresolved', () => {
    const tree = { 'package.json': manifest, 'src/app/main.ts': '' };
    expect(resolveIn(tree, 'src/app/main.ts', '#nope')).toEqual({ kind: 'unresolved', reason: 'no "imports" entry for #nope in the nearest package.json' });
  });

  it('reports a #key whose target does not exist as unresolved, naming the target', () => {
    const tree = { 'package.json': manifest, 'src/app/main.ts': '' };
    expect(resolveIn(tree, 'src/app/main.ts', '#config')).toEqual({
      kind: 'unresolved',
      reason: 'package.json imports map #config to ./src/config/index.ts, which does not exist',
    });
  });
});

describe('resolver: workspace packages', () => {
  const corePackage = (extra: Record<string, unknown> = {}) => json({ name: '@acme/core', version: '1.0.0', ...extra });

  it('resolves an npm workspace linked into node_modules, to the checked-out source', () => {
    const tree = {
      ...IGNORE_NODE_MODULES,
      'package.json': json({ name: 'root', private: true, workspaces: ['packages/*'] }),
      'packages/core/package.json': corePackage({ main: 'src/index.ts' }),
      'packages/core/src/index.ts': '',
      'apps/web/main.ts': '',
    };
    const resolution = resolveIn(tree, 'apps/web/main.ts', '@acme/core', { links: { 'node_modules/@acme/core': '../../packages/core' } });
    expect(resolution).toEqual(fileAt('packages/core/src/index.ts', 'workspace-package'));
  });

  it('reads the yarn object form of workspaces ({ packages: [...] })', () => {
    const tree = {
      'package.json': json({ private: true, workspaces: { packages: ['libs/*'], nohoist: ['**/react'] } }),
      'libs/core/package.json': corePackage({ main: 'index.ts' }),
      'libs/core/index.ts': '',
      'apps/web/main.ts': '',
    };
    expect(resolveIn(tree, 'apps/web/main.ts', '@acme/core')).toEqual(fileAt('libs/core/index.ts', 'workspace-package'));
  });

  it('reads pnpm-workspace.yaml with pnpm-style symlinks', () => {
    const tree = {
      ...IGNORE_NODE_MODULES,
      'package.json': json({ name: 'root', private: true }),
      'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n  - '!packages/ignored'\n",
      'packages/core/package.json': corePackage({ types: './src/index.ts' }),
      'packages/core/src/index.ts': '',
      'packages/ignored/package.json': json({ name: '@acme/ignored', main: 'index.ts' }),
      'packages/ignored/index.ts': '',
      'apps/web/package.json': json({ name: 'web' }),
      'apps/web/main.ts': '',
    };
    const root = makeRepo(tree, { links: { 'apps/web/node_modules/@acme/core': '../../../../packages/core' } });
    const resolver = resolverIn(root);
    expect(resolver.resolve('apps/web/main.ts', '@acme/core')).toEqual(fileAt('packages/core/src/index.ts', 'workspace-package'));
    // Excluded by the `!` glob and not linked: nothing says it is part of this workspace.
    expect(resolver.resolve('apps/web/main.ts', '@acme/ignored')).toEqual(external('@acme/ignored'));
  });

  it('resolves from the workspaces list alone in a fresh checkout without node_modules', () => {
    const tree = {
      'package.json': json({ private: true, workspaces: ['./packages/*/'] }),
      'packages/core/package.json': corePackage({ exports: { '.': './src/index.ts' } }),
      'packages/core/src/index.ts': '',
      'apps/web/main.ts': '',
    };
    expect(resolveIn(tree, 'apps/web/main.ts', '@acme/core')).toEqual(fileAt('packages/core/src/index.ts', 'workspace-package'));
  });

  it('resolves a package linked only through node_modules (not listed in workspaces)', () => {
    const tree = {
      ...IGNORE_NODE_MODULES,
      'package.json': json({ name: 'root' }),
      'vendor/patched/package.json': json({ name: 'patched', main: './lib/index.js' }),
      'vendor/patched/lib/index.ts': '',
      'src/main.ts': '',
    };
    const resolution = resolveIn(tree, 'src/main.ts', 'patched', { links: { 'node_modules/patched': '../vendor/patched' } });
    expect(resolution).toEqual(fileAt('vendor/patched/lib/index.ts', 'workspace-package'));
  });

  describe('exports', () => {
    const exportsTree = (exports: unknown, files: Tree): Tree => ({
      'package.json': json({ private: true, workspaces: ['packages/*'] }),
      'packages/core/package.json': corePackage({ exports }),
      'apps/web/main.ts': '',
      ...Object.fromEntries(Object.entries(files).map(([path, content]) => [`packages/core/${path}`, content])),
    });

    it('maps "." and explicit subpaths', () => {
      const root = makeRepo(exportsTree({ '.': './src/index.ts', './client': './src/client/index.ts' }, { 'src/index.ts': '', 'src/client/index.ts': '' }));
      const resolver = resolverIn(root);
      expect(resolver.resolve('apps/web/main.ts', '@acme/core')).toEqual(fileAt('packages/core/src/index.ts', 'workspace-package'));
      expect(resolver.resolve('apps/web/main.ts', '@acme/core/client')).toEqual(fileAt('packages/core/src/client/index.ts', 'workspace-package'));
    });

    it('maps "*" subpath patterns, the longest prefix winning', () => {
      const exports = { './*': './src/*.ts', './features/*': './src/features/*/index.ts' };
      const root = makeRepo(exportsTree(exports, { 'src/util.ts': '', 'src/features/auth/index.ts': '', 'src/features/auth.ts': '' }));
      const resolver = resolverIn(root);
      expect(resolver.resolve('apps/web/main.ts', '@acme/core/util')).toEqual(fileAt('packages/core/src/util.ts', 'workspace-package'));
      expect(resolver.resolve('apps/web/main.ts', '@acme/core/features/auth')).toEqual(fileAt('packages/core/src/features/auth/index.ts', 'workspace-package'));
    });

    it('walks nested conditions ({ types, import, default }) in key order to the first file that exists', () => {
      const exports = {
        '.': { types: './types/index.d.ts', import: './src/index.mts', default: './src/index.cts' },
        './server': { node: { import: './src/server.ts', require: './src/server.cts' }, default: './src/server-browser.ts' },
      };
      const root = makeRepo(exportsTree(exports, { 'src/index.mts': '', 'src/index.cts': '', 'src/server.ts': '', 'src/server-browser.ts': '' }));
      const resolver = resolverIn(root);
      expect(resolver.resolve('apps/web/main.ts', '@acme/core')).toEqual(fileAt('packages/core/src/index.mts', 'workspace-package'));
      expect(resolver.resolve('apps/web/main.ts', '@acme/core/server')).toEqual(fileAt('packages/core/src/server.ts', 'workspace-package'));
    });

    it('accepts the string sugar "exports": "./src/index.ts" and the top-level condition form', () => {
      const sugar = makeRepo(exportsTree('./src/index.ts', { 'src/index.ts': '' }));
      expect(resolverIn(sugar).resolve('apps/web/main.ts', '@acme/core')).toEqual(fileAt('packages/core/src/index.ts', 'workspace-package'));
      const conditions = makeRepo(exportsTree({ import: './src/esm.ts', require: './src/cjs.cts' }, { 'src/esm.ts': '', 'src/cjs.cts': '' }));
      expect(resolverIn(conditions).resolve('apps/web/main.ts', '@acme/core')).toEqual(fileAt('packages/core/src/esm.ts', 'workspace-package'));
    });

    it('reports a subpath that exports does not export as unresolved, with the reason', () => {
      const root = makeRepo(exportsTree({ '.': './src/index.ts' }, { 'src/index.ts': '', 'src/internal/secret.ts': '' }));
      expect(resolverIn(root).resolve('apps/web/main.ts', '@acme/core/src/internal/secret')).toEqual({
        kind: 'unresolved',
        reason: 'package @acme/core does not export "./src/internal/secret" (package.json exports)',
      });
    });

    const nullTargetTree = () => exportsTree({ './*': './src/*.ts', './internal/*': null }, { 'src/a.ts': '', 'src/internal/secret.ts': '' });

    it('keeps resolving other subpaths next to a null-target pattern, and does not resolve the excluded one', () => {
      const resolver = resolverIn(makeRepo(nullTargetTree()));
      expect(resolver.resolve('apps/web/main.ts', '@acme/core/a')).toEqual(fileAt('packages/core/src/a.ts', 'workspace-package'));
      expect(resolver.resolve('apps/web/main.ts', '@acme/core/internal/secret').kind).toBe('unresolved');
    });

    // In Node a null target marks a subpath as not exported (`"./internal/*": null`).
    it('says a subpath excluded with a null target is not exported', () => {
      const resolution = resolverIn(makeRepo(nullTargetTree())).resolve('apps/web/main.ts', '@acme/core/internal/secret');
      expect(resolution).toEqual({ kind: 'unresolved', reason: 'package @acme/core does not export "./internal/secret" (package.json exports)' });
    });

    it('maps exports into an unbuilt outDir back to rootDir sources (tsconfig outDir: dist, rootDir: src)', () => {
      const exports = { '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './utils/*': './dist/utils/*.js' };
      const root = makeRepo(exportsTree(exports, {
        'tsconfig.json': json({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
        'src/index.ts': '',
        'src/utils/date.ts': '',
      }));
      const resolver = resolverIn(root);
      expect(resolver.resolve('apps/web/main.ts', '@acme/core')).toEqual(fileAt('packages/core/src/index.ts', 'workspace-package'));
      expect(resolver.resolve('apps/web/main.ts', '@acme/core/utils/date')).toEqual(fileAt('packages/core/src/utils/date.ts', 'workspace-package'));
    });

    it('reports exports into a missing outDir as unresolved when no tsconfig maps it back', () => {
      const root = makeRepo(exportsTree({ '.': './dist/index.js' }, { 'lib/index.ts': '' }));
      expect(resolverIn(root).resolve('apps/web/main.ts', '@acme/core')).toEqual({
        kind: 'unresolved',
        reason: 'package.json exports of @acme/core map "." to ./dist/index.js, which does not exist (not built yet?)',
      });
    });
  });

  describe('main / types without exports', () => {
    it('prefers types over main', () => {
      const tree = {
        'package.json': json({ workspaces: ['packages/*'] }),
        'packages/core/package.json': corePackage({ main: './lib/index.js', types: './src/index.ts' }),
        'packages/core/lib/index.js': '',
        'packages/core/src/index.ts': '',
        'apps/web/main.ts': '',
      };
      expect(resolveIn(tree, 'apps/web/main.ts', '@acme/core')).toEqual(fileAt('packages/core/src/index.ts', 'workspace-package'));
    });

    it('falls back to main, then to index', () => {
      const withMain = makeRepo({
        'package.json': json({ workspaces: ['packages/*'] }),
        'packages/core/package.json': corePackage({ main: 'lib/main.js' }),
        'packages/core/lib/main.js': '',
        'packages/core/index.ts': '',
        'apps/web/main.ts': '',
      });
      expect(resolverIn(withMain).resolve('apps/web/main.ts', '@acme/core')).toEqual(fileAt('packages/core/lib/main.js', 'workspace-package'));
      const bare = makeRepo({
        'package.json': json({ workspaces: ['packages/*'] }),
        'packages/core/package.json': corePackage(),
        'packages/core/index.ts': '',
        'apps/web/main.ts': '',
      });
      expect(resolverIn(bare).resolve('apps/web/main.ts', '@acme/core')).toEqual(fileAt('packages/core/index.ts', 'workspace-package'));
    });

    it('resolves deep imports into a package without exports as plain paths', () => {
      const tree = {
        'package.json': json({ workspaces: ['packages/*'] }),
        'packages/core/package.json': corePackage({ main: 'index.ts' }),
        'packages/core/index.ts': '',
        'packages/core/src/internal/secret.ts': '',
        'apps/web/main.ts': '',
      };
      expect(resolveIn(tree, 'apps/web/main.ts', '@acme/core/src/internal/secret')).toEqual(fileAt('packages/core/src/internal/secret.ts', 'workspace-package'));
    });

    it('maps main into an unbuilt outDir back to the sources', () => {
      const tree = {
        'package.json': json({ workspaces: ['packages/*'] }),
        'packages/core/package.json': corePackage({ main: './dist/index.js', types: './dist/index.d.ts' }),
        'packages/core/tsconfig.json': json({ compilerOptions: { outDir: './dist', rootDir: './src' } }),
        'packages/core/src/index.ts': '',
        'apps/web/main.ts': '',
      };
      expect(resolveIn(tree, 'apps/web/main.ts', '@acme/core')).toEqual(fileAt('packages/core/src/index.ts', 'workspace-package'));
    });
  });
});

describe('resolver: external imports', () => {
  it.each(['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'path/posix', 'node:test'])('treats the Node built-in %s as external', (specifier) => {
    expect(resolveIn({ 'src/main.ts': '' }, 'src/main.ts', specifier)).toEqual(external(specifier));
  });

  it('treats an uninstalled npm package as external, by package name', () => {
    const resolver = resolverIn(makeRepo({ 'src/main.ts': '' }));
    expect(resolver.resolve('src/main.ts', 'react')).toEqual(external('react'));
    expect(resolver.resolve('src/main.ts', 'react-dom/client')).toEqual(external('react-dom'));
    expect(resolver.resolve('src/main.ts', '@scope/pkg/sub')).toEqual(external('@scope/pkg'));
  });

  it('treats a real package installed in node_modules (not a link into the repo) as external', () => {
    const tree = {
      ...IGNORE_NODE_MODULES,
      'node_modules/left-pad/package.json': json({ name: 'left-pad', main: 'index.js', exports: { '.': './index.js' } }),
      'node_modules/left-pad/index.js': '',
      'node_modules/@types/left-pad/index.d.ts': '',
      'src/main.ts': '',
    };
    const resolver = resolverIn(makeRepo(tree));
    expect(resolver.resolve('src/main.ts', 'left-pad')).toEqual(external('left-pad'));
    expect(resolver.resolve('src/main.ts', 'left-pad/lib/deep')).toEqual(external('left-pad'));
  });
});

describe('resolver: which files count as targets', () => {
  it('resolves to a gitignored file (generated code is a real import target)', () => {
    const tree = { '.gitignore': 'src/generated/\n', 'src/generated/api.ts': '', 'src/main.ts': '' };
    expect(resolveIn(tree, 'src/main.ts', './generated/api')).toEqual(fileAt('src/generated/api.ts'));
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
    const root = makeRepo({
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
    }, { git: false });
    expect([...listFiles(root).files].sort()).toEqual(['.gitignore', 'lib/out/kept.js', 'src/.gitignore', 'src/a.ts']);
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

// ---------------------------------------------------------------------------------------------
// End to end through the CLI
// ---------------------------------------------------------------------------------------------

describe('cli: resolution decides the findings', () => {
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
        rule: 'forbidden-import', severity: 'error', file: 'src/app/users.ts', line: 1, column: 1,
        domain: 'app', specifier: '../db/client.js', target: 'src/db/client.ts', targetDomain: 'db', pattern: 'src/db/**', typeOnly: false,
      }),
    ]);
    expect(report.summary).toMatchObject({ errors: 1, warnings: 0, files: 2, edges: 1 });
  });

  it('reports a missing relative import as an unresolved-import warning and exits 0', () => {
    const root = makeRepo({
      'orchestrator.toml': APP_DB_CONFIG,
      'src/app/users.ts': "import './gone';\n",
      'src/db/client.ts': '',
    });
    const report = checkJson(root);
    expect(report.code).toBe(0);
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'unresolved-import', severity: 'warning', status: 'new', file: 'src/app/users.ts', line: 1, domain: 'app', specifier: './gone',
        message: 'cannot resolve "./gone": no file src/app/gone, src/app/gone.ts, src/app/gone/index.ts or similar',
      }),
    ]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 1 });
  });

  it('reports a tsconfig alias (inherited through extends) as forbidden once it reaches the db file', () => {
    const root = makeRepo({
      'orchestrator.toml': APP_DB_CONFIG,
      'tsconfig.json': json({ extends: './tsconfig.base.json' }),
      'tsconfig.base.json': json({ compilerOptions: { baseUrl: '.', paths: { '@db/*': ['src/db/*'] } } }),
      'src/app/users.ts': "import { q } from '@db/client';\nimport { r } from '@db/nope';\n",
      'src/db/client.ts': '',
    });
    const report = checkJson(root);
    expect(summarizeFindings(report)).toEqual(['forbidden-import src/app/users.ts -> src/db/client.ts', 'unresolved-import src/app/users.ts']);
    expect(report.findings[1]).toMatchObject({ line: 2, specifier: '@db/nope', message: 'cannot resolve "@db/nope": tsconfig paths map @db/nope to src/db/nope, which does not exist' });
  });

  it('honours settings.tsconfig when resolving aliases', () => {
    const root = makeRepo({
      'orchestrator.toml': APP_DB_CONFIG.replace('unowned = "allow"', 'unowned = "allow"\ntsconfig = "tsconfig.app.json"'),
      'tsconfig.app.json': json({ compilerOptions: { paths: { '~db/*': ['./src/db/*'] } } }),
      'src/app/users.ts': "import '~db/client';\n",
      'src/db/client.ts': '',
    });
    expect(summarizeFindings(checkJson(root))).toEqual(['forbidden-import src/app/users.ts -> src/db/client.ts']);
  });

  it('follows a workspace package through exports and outDir back to the source file it names', () => {
    const root = makeRepo({
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
      'packages/db/package.json': json({ name: '@acme/db', exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './internal/*': './dist/internal/*.js' } }),
      'packages/db/tsconfig.json': json({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'packages/db/src/index.ts': '',
      'packages/db/src/internal/pool.ts': '',
      'apps/web/package.json': json({ name: 'web' }),
      'apps/web/main.ts': "import '@acme/db';\nimport '@acme/db/internal/pool';\nimport '@acme/db/private';\n",
    }, { links: { 'node_modules/@acme/db': '../../packages/db' } });
    const report = checkJson(root);
    expect(summarizeFindings(report)).toEqual(['forbidden-import apps/web/main.ts -> packages/db/src/internal/pool.ts', 'unresolved-import apps/web/main.ts']);
    expect(report.findings[1]).toMatchObject({ line: 3, specifier: '@acme/db/private' });
    expect(report.summary.edges).toBe(2);
  });

  it('resolves package.json #imports to the file they name', () => {
    const root = makeRepo({
      'orchestrator.toml': APP_DB_CONFIG,
      'package.json': json({ name: 'app', imports: { '#db/*': './src/db/*.js' } }),
      'src/app/users.ts': "const c = await import('#db/client');\n",
      'src/db/client.ts': '',
    });
    expect(summarizeFindings(checkJson(root))).toEqual(['forbidden-import src/app/users.ts -> src/db/client.ts']);
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

describe('cli: which files are scanned', () => {
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
    const root = makeRepo({
      'orchestrator.toml': APP_DB_CONFIG,
      '.gitignore': '*.tmp.ts\n',
      'src/app/.gitignore': 'scratch/\n',
      'src/app/scratch/try.ts': "import '../../db/client';\n",
      'src/app/notes.tmp.ts': "import '../db/client';\n",
      'src/app/users.ts': "import '../db/client';\n",
      'src/db/client.ts': '',
    }, { git: false });
    const report = checkJson(root);
    expect(summarizeFindings(report)).toEqual(['forbidden-import src/app/users.ts -> src/db/client.ts']);
    expect(report.summary.files).toBe(2);
  });

  it('does not scan files matched by settings.exclude, which still resolve as targets', () => {
    const root = makeRepo({
      'orchestrator.toml': APP_DB_CONFIG.replace('unowned = "allow"', 'unowned = "allow"\nexclude = ["src/app/legacy/**", "src/db/fixtures/**"]'),
      'src/app/legacy/old.ts': "import '../../db/client';\n",
      'src/app/users.ts': "import '../db/fixtures/seed';\n",
      'src/db/fixtures/seed.ts': '',
      'src/db/client.ts': '',
    });
    const report = checkJson(root);
    expect(summarizeFindings(report)).toEqual(['forbidden-import src/app/users.ts -> src/db/fixtures/seed.ts']);
    expect(report.summary.files).toBe(2);
  });

  it('scans only files matched by settings.include', () => {
    const root = makeRepo({
      'orchestrator.toml': APP_DB_CONFIG.replace('unowned = "allow"', 'unowned = "allow"\ninclude = ["src/**/*.ts"]'),
      'src/app/users.ts': "import '../db/client';\n",
      'src/app/legacy.js': "require('../db/client');\n",
      'src/db/client.ts': '',
    });
    const report = checkJson(root);
    expect(summarizeFindings(report)).toEqual(['forbidden-import src/app/users.ts -> src/db/client.ts']);
    expect(report.summary.files).toBe(2);
  });
});

describe('cli: type-only edges', () => {
  const tree = (settings: string, appExtra = '') => ({
    'orchestrator.toml': `
[settings]
unowned = "allow"
${settings}

[domains.app]
scope = ["src/app/**"]
forbidden_imports = ["src/db/**"]
${appExtra}

[domains.jobs]
scope = ["src/jobs/**"]
forbidden_imports = ["src/db/**"]

[domains.db]
scope = "src/db/**"
`,
    'src/app/users.ts': "import type { Row } from '../db/row';\nimport { type Pool } from '../db/pool';\n",
    'src/jobs/nightly.ts': "export type { Row } from '../db/row';\n",
    'src/db/row.ts': '',
    'src/db/pool.ts': '',
  });

  it('reports import type edges with typeOnly: true', () => {
    const report = checkJson(makeRepo(tree('')));
    expect(report.findings.map((f) => [f.rule, f.file, f.target, f.typeOnly])).toEqual([
      ['forbidden-import', 'src/app/users.ts', 'src/db/row.ts', true],
      ['forbidden-import', 'src/app/users.ts', 'src/db/pool.ts', true],
      ['forbidden-import', 'src/jobs/nightly.ts', 'src/db/row.ts', true],
    ]);
    expect(report.findings[0]!.message).toBe('app may not import src/db/row.ts (forbidden by src/db/**) (type-only import)');
  });

  it('skips type-only edges when [settings] type_imports = "ignore"', () => {
    const report = checkJson(makeRepo(tree('type_imports = "ignore"')));
    expect(report.findings).toEqual([]);
    expect(report.code).toBe(0);
    expect(report.summary.edges).toBe(3);
  });

  it('lets [domains.x] type_imports = "check" override a global "ignore"', () => {
    const report = checkJson(makeRepo(tree('type_imports = "ignore"', 'type_imports = "check"')));
    expect(summarizeFindings(report)).toEqual(['forbidden-import src/app/users.ts -> src/db/row.ts', 'forbidden-import src/app/users.ts -> src/db/pool.ts']);
  });

  it('lets [domains.x] type_imports = "ignore" override a global "check"', () => {
    const report = checkJson(makeRepo(tree('type_imports = "check"', 'type_imports = "ignore"')));
    expect(summarizeFindings(report)).toEqual(['forbidden-import src/jobs/nightly.ts -> src/db/row.ts']);
  });

  it('still checks value imports when type imports are ignored', () => {
    const repo = tree('type_imports = "ignore"');
    repo['src/app/users.ts'] += "import { connect } from '../db/pool';\n";
    const report = checkJson(makeRepo(repo));
    expect(report.findings.map((f) => [f.rule, f.file, f.line, f.target, f.typeOnly])).toEqual([
      ['forbidden-import', 'src/app/users.ts', 3, 'src/db/pool.ts', false],
    ]);
  });
});
