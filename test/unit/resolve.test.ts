import { describe, expect, it } from 'vitest';
import { createResolver, listFiles, memoryView, type RepoView, type Resolution, type ResolvedVia, workingTreeView } from '../../src/graph/index.js';
import { APP_DB_CONFIG } from '../support/fixtures.js';
import { checkTree } from '../support/memory.js';
import { seededRandom } from '../support/random.js';
import { makeRepo, summarizeFindings, type Tree } from '../support/repo.js';

/**
 * Import resolution, in-process: relative paths, tsconfig paths and baseUrl, package.json
 * #imports, workspace packages and externals, over repositories held in memory. node_modules is
 * read from disk by design, so the cases about installed or linked packages use a real directory
 * (no git needed). test/resolve.test.ts keeps what depends on git and the CLI.
 */

const fileAt = (path: string, via: ResolvedVia = 'relative'): Resolution => ({ kind: 'file', path, via });
const external = (name: string): Resolution => ({ kind: 'external', name });
const unresolved = (reason: string): Resolution => ({ kind: 'unresolved', reason });
const unresolvedForAnyReason: Resolution = { kind: 'unresolved', reason: expect.any(String) as string };
/** Unresolved, with a reason that names `part`. */
const unresolvedNaming = (part: string): Resolution => ({ kind: 'unresolved', reason: expect.stringContaining(part) as string });
const json = (value: unknown) => JSON.stringify(value, null, 2);

interface ResolutionCase {
  tree: Tree;
  /** The importing file (default src/main.ts; it need not exist). */
  from?: string;
  /** specifier → how it resolves from `from`. */
  resolves: Record<string, Resolution>;
  /** settings.tsconfig (default tsconfig.json). */
  tsconfig?: string;
}

/** Where an in-memory repository pretends to live: no node_modules there. */
const MEMORY_ROOT = '/nonexistent/cn-guard-resolve';

/** Resolves every specifier of the case in `view`, from the case's importing file. */
function expectResolutions(view: RepoView, { from = 'src/main.ts', resolves, tsconfig = 'tsconfig.json' }: ResolutionCase): void {
  const resolver = createResolver(view, { tsconfig });
  const actual = Object.fromEntries(Object.keys(resolves).map((specifier) => [specifier, resolver.resolve(from, specifier)]));
  expect(actual).toEqual(resolves);
}

/** The case in a repository held in memory. */
const inMemory = (c: ResolutionCase) => expectResolutions(memoryView(MEMORY_ROOT, c.tree), c);

/** The case in a real directory (for node_modules, which is read from disk), without git. */
function onDisk(c: ResolutionCase & { links?: Record<string, string> }): void {
  const root = makeRepo(c.tree, { git: false, ...(c.links && { links: c.links }) });
  expectResolutions(workingTreeView(root, listFiles(root)), c);
}

describe('resolver: relative imports', () => {
  it.each([
    ['a.ts', 'src/a.ts'],
    ['a.tsx', 'src/a.tsx'],
    ['a.d.ts', 'src/a.d.ts'],
    ['a.js', 'src/a.js'],
    ['a.jsx', 'src/a.jsx'],
    ['a.mts', 'src/a.mts'],
    ['a.cjs', 'src/a.cjs'],
  ])('resolves an extension-less specifier ./a to the only candidate %s', (name, expected) => {
    inMemory({ tree: { [`src/${name}`]: '', 'src/main.ts': '' }, resolves: { './a': fileAt(expected) } });
  });

  it.each<[string, ResolutionCase]>([
    ['resolves an exact file name', { tree: { 'src/a.ts': '', 'src/b.ts': '' }, from: 'src/b.ts', resolves: { './a.ts': fileAt('src/a.ts') } }],
    [
      'tries extensions in TypeScript order: .ts, then .tsx, then .d.ts, then .js',
      {
        tree: {
          'src/a.ts': '',
          'src/a.tsx': '',
          'src/a.d.ts': '',
          'src/a.js': '',
          'src/b.tsx': '',
          'src/b.d.ts': '',
          'src/b.js': '',
          'src/c.d.ts': '',
          'src/c.js': '',
          'src/main.ts': '',
        },
        resolves: { './a': fileAt('src/a.ts'), './b': fileAt('src/b.tsx'), './c': fileAt('src/c.d.ts') },
      },
    ],
    [
      'resolves a directory to its index file (index.ts, index.tsx, index.js)',
      {
        tree: { 'src/ts/index.ts': '', 'src/tsx/index.tsx': '', 'src/js/index.js': '', 'src/main.ts': '' },
        resolves: { './ts': fileAt('src/ts/index.ts'), './tsx': fileAt('src/tsx/index.tsx'), './js': fileAt('src/js/index.js') },
      },
    ],
    [
      'prefers a file over a directory of the same name',
      { tree: { 'src/util.ts': '', 'src/util/index.ts': '', 'src/main.ts': '' }, resolves: { './util': fileAt('src/util.ts') } },
    ],
    [
      'resolves "." and ".." to the index of the current and parent directory',
      {
        tree: { 'src/index.ts': '', 'src/feature/index.ts': '', 'src/feature/a.ts': '' },
        from: 'src/feature/a.ts',
        resolves: { '.': fileAt('src/feature/index.ts'), '..': fileAt('src/index.ts') },
      },
    ],
    [
      'walks up with ../ segments, several levels deep',
      {
        tree: { 'lib/shared/x.ts': '', 'src/a/b/c/deep.ts': '' },
        from: 'src/a/b/c/deep.ts',
        resolves: { '../../../../lib/shared/x': fileAt('lib/shared/x.ts') },
      },
    ],
    [
      'normalises ./ and ../ in the middle of a specifier',
      { tree: { 'src/a/x.ts': '', 'src/b/y.ts': '' }, from: 'src/b/y.ts', resolves: { './../a/./x': fileAt('src/a/x.ts') } },
    ],
    // A trailing slash asks for the directory's index; the resolved path must still be the
    // canonical root-relative path, or it matches no `files` entry and no domain glob.
    [
      'resolves a trailing-slash directory specifier (../, ./dir/) to a canonical index path',
      {
        tree: { 'src/index.ts': '', 'src/feature/a.ts': '', 'src/feature/dir/index.ts': '' },
        from: 'src/feature/a.ts',
        resolves: { '../': fileAt('src/index.ts'), './dir/': fileAt('src/feature/dir/index.ts') },
      },
    ],
    [
      'treats a relative import that escapes the root as external (../../outside/x)',
      { tree: { 'src/main.ts': '' }, resolves: { '../../outside/x': external('../../outside/x') } },
    ],
    [
      'treats a relative import that escapes the root as external (".." from the root)',
      { tree: { 'src/main.ts': '' }, from: 'main.ts', resolves: { '..': external('..') } },
    ],
    [
      'reports a missing relative import as unresolved, naming the path it looked for',
      { tree: { 'src/main.ts': '' }, resolves: { './missing': unresolved('no file src/missing, src/missing.ts, src/missing/index.ts or similar') } },
    ],
    [
      'reports ./a.js as unresolved when neither a.js nor any source for it exists',
      { tree: { 'src/main.ts': '' }, resolves: { './gone.js': unresolvedNaming('src/gone.js') } },
    ],
  ])('%s', (_name, c) => inMemory(c));

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
      inMemory({ tree: { [`src/${source}`]: '', 'src/main.ts': '' }, resolves: { [specifier]: fileAt(expected) } });
    });

    it.each<[string, ResolutionCase]>([
      [
        'prefers the .ts source over a .js file of the same name',
        { tree: { 'src/a.ts': '', 'src/a.js': '', 'src/main.ts': '' }, resolves: { './a.js': fileAt('src/a.ts'), './a': fileAt('src/a.ts') } },
      ],
      [
        'maps ./a.js in TypeScript order: a.ts, then a.tsx, then a.d.ts',
        {
          tree: { 'src/a.ts': '', 'src/a.tsx': '', 'src/a.d.ts': '', 'src/b.tsx': '', 'src/b.d.ts': '', 'src/main.ts': '' },
          resolves: { './a.js': fileAt('src/a.ts'), './b.js': fileAt('src/b.tsx') },
        },
      ],
      [
        'falls back to the .js file itself when there is no source for it',
        { tree: { 'src/legacy.js': '', 'src/main.ts': '' }, resolves: { './legacy.js': fileAt('src/legacy.js') } },
      ],
      [
        'maps a directory-style .js import (./dir/index.js) to dir/index.ts',
        { tree: { 'src/dir/index.ts': '', 'src/main.ts': '' }, resolves: { './dir/index.js': fileAt('src/dir/index.ts') } },
      ],
      // Only the four output extensions map to sources; a look-alike must not crash the resolver.
      [
        'looks up an extension that only resembles .js (./legacy.cjsx) as written instead of throwing',
        { tree: { 'src/legacy.cjsx': '', 'src/main.js': '' }, from: 'src/main.js', resolves: { './legacy.cjsx': fileAt('src/legacy.cjsx') } },
      ],
    ])('%s', (_name, c) => inMemory(c));
  });

  describe('non-source targets', () => {
    it.each<[string, ResolutionCase]>([
      [
        'resolves a stylesheet and a JSON file by their exact names',
        {
          tree: { 'src/styles.css': 'a{}', 'src/data.json': '{}', 'src/main.ts': '' },
          resolves: { './styles.css': fileAt('src/styles.css'), './data.json': fileAt('src/data.json') },
        },
      ],
      [
        'resolves an extension-less specifier to a .json file when no source matches',
        { tree: { 'src/data.json': '{}', 'src/main.ts': '' }, resolves: { './data': fileAt('src/data.json') } },
      ],
      [
        'strips a bundler query suffix (./icon.svg?raw, ./worker.js?worker)',
        {
          tree: { 'src/icon.svg': '<svg/>', 'src/worker.ts': '', 'src/main.ts': '' },
          resolves: { './icon.svg?raw': fileAt('src/icon.svg'), './worker.js?worker': fileAt('src/worker.ts') },
        },
      ],
    ])('%s', (_name, c) => inMemory(c));
  });
});

describe('resolver: tsconfig paths and baseUrl', () => {
  const paths = (tsconfig: unknown) => ({ 'tsconfig.json': json(tsconfig) });
  /** The same alias in the root tsconfig.json and in packages/web's own. */
  const NESTED_TSCONFIGS: Tree = {
    ...paths({ compilerOptions: { paths: { '@/*': ['./src/*'] } } }),
    'packages/web/tsconfig.json': json({ compilerOptions: { paths: { '@/*': ['./src/*'] } } }),
    'src/util.ts': '',
    'packages/web/src/util.ts': '',
    'packages/web/src/pages/home.ts': '',
    'src/main.ts': '',
  };

  it.each<[string, ResolutionCase]>([
    [
      'maps a wildcard paths key',
      {
        tree: { ...paths({ compilerOptions: { baseUrl: '.', paths: { '@app/*': ['src/app/*'] } } }), 'src/app/users/list.ts': '', 'src/main.ts': '' },
        resolves: { '@app/users/list': fileAt('src/app/users/list.ts', 'tsconfig-paths') },
      },
    ],
    [
      'maps an exact paths key, and prefers it to a wildcard key listed before it',
      {
        tree: {
          ...paths({ compilerOptions: { baseUrl: '.', paths: { '@con*': ['src/wild/*'], '@config': ['src/config/index.ts'] } } }),
          'src/config/index.ts': '',
          'src/wild/fig.ts': '',
          'src/main.ts': '',
        },
        resolves: { '@config': fileAt('src/config/index.ts', 'tsconfig-paths') },
      },
    ],
    [
      'lets the wildcard key with the longest prefix win, whatever the key order',
      {
        tree: {
          ...paths({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'], '@/ui/*': ['packages/ui/src/*'] } } }),
          'src/ui/button.ts': '',
          'packages/ui/src/button.ts': '',
          'src/main.ts': '',
        },
        resolves: { '@/ui/button': fileAt('packages/ui/src/button.ts', 'tsconfig-paths'), '@/main': fileAt('src/main.ts', 'tsconfig-paths') },
      },
    ],
    [
      'tries several substitutions in order and takes the first that exists',
      {
        tree: {
          ...paths({ compilerOptions: { baseUrl: '.', paths: { '~/*': ['generated/*', 'src/*', 'vendor/*'] } } }),
          'src/x.ts': '',
          'vendor/x.ts': '',
          'vendor/y.ts': '',
          'src/main.ts': '',
        },
        resolves: { '~/x': fileAt('src/x.ts', 'tsconfig-paths'), '~/y': fileAt('vendor/y.ts', 'tsconfig-paths') },
      },
    ],
    [
      'applies the ESM .js mapping and index lookup to alias targets',
      {
        tree: {
          ...paths({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['lib/*'] } } }),
          'lib/math.ts': '',
          'lib/strings/index.ts': '',
          'src/main.ts': '',
        },
        resolves: { '@lib/math.js': fileAt('lib/math.ts', 'tsconfig-paths'), '@lib/strings': fileAt('lib/strings/index.ts', 'tsconfig-paths') },
      },
    ],
    [
      'resolves a bare specifier against baseUrl alone (import "src/x")',
      {
        tree: { ...paths({ compilerOptions: { baseUrl: '.' } }), 'src/x.ts': '', 'src/app/main.ts': '' },
        from: 'src/app/main.ts',
        resolves: { 'src/x': fileAt('src/x.ts', 'base-url') },
      },
    ],
    [
      'resolves baseUrl relative to the tsconfig that declares it',
      {
        tree: { ...paths({ compilerOptions: { baseUrl: './src' } }), 'src/models/user.ts': '', 'src/app/main.ts': '' },
        from: 'src/app/main.ts',
        resolves: { 'models/user': fileAt('src/models/user.ts', 'base-url') },
      },
    ],
    // `domain/user` is not a built-in (only `domain` is; built-in subpaths such as `fs/promises`
    // are listed in builtinModules themselves), and TypeScript resolves it via baseUrl.
    [
      'resolves a baseUrl folder that shares its first segment with a Node built-in (domain/user, events/bus)',
      {
        tree: { ...paths({ compilerOptions: { baseUrl: 'src' } }), 'src/domain/user.ts': '', 'src/events/bus.ts': '', 'src/app/main.ts': '' },
        from: 'src/app/main.ts',
        resolves: { 'domain/user': fileAt('src/domain/user.ts', 'base-url'), 'events/bus': fileAt('src/events/bus.ts', 'base-url') },
      },
    ],
    [
      'resolves paths relative to the declaring tsconfig when there is no baseUrl',
      {
        tree: { ...paths({ compilerOptions: { paths: { '@app/*': ['./src/app/*'] } } }), 'src/app/a.ts': '', 'tools/script.ts': '' },
        from: 'tools/script.ts',
        resolves: { '@app/a': fileAt('src/app/a.ts', 'tsconfig-paths') },
      },
    ],
    [
      'does not resolve a bare specifier against the tsconfig directory when baseUrl is absent',
      {
        tree: { ...paths({ compilerOptions: { paths: { '@app/*': ['./src/app/*'] } } }), 'src/x.ts': '', 'src/main.ts': '' },
        resolves: { 'src/x': external('src') },
      },
    ],
    [
      'reports an alias whose target does not exist as unresolved, naming the alias and its target',
      {
        tree: { ...paths({ compilerOptions: { baseUrl: '.', paths: { '@app/*': ['src/app/*'] } } }), 'src/app/a.ts': '', 'src/main.ts': '' },
        resolves: { '@app/missing': unresolved('tsconfig paths map @app/missing to src/app/missing, which does not exist') },
      },
    ],
    [
      'maps a bare specifier through a catch-all "*" paths key',
      {
        tree: { ...paths({ compilerOptions: { baseUrl: '.', paths: { '*': ['types/*'] } } }), 'types/legacy-lib/index.d.ts': '', 'src/main.ts': '' },
        resolves: { 'legacy-lib': fileAt('types/legacy-lib/index.d.ts', 'tsconfig-paths') },
      },
    ],
    [
      'reads tsconfig.json with line and block comments and trailing commas',
      {
        tree: {
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
        },
        resolves: { '@db/client': fileAt('src/db/client.ts', 'tsconfig-paths') },
      },
    ],
    [
      'uses a nested package tsconfig.json for the files below it',
      { tree: NESTED_TSCONFIGS, from: 'packages/web/src/pages/home.ts', resolves: { '@/util': fileAt('packages/web/src/util.ts', 'tsconfig-paths') } },
    ],
    [
      'uses the root tsconfig.json for the files outside a package that has its own',
      { tree: NESTED_TSCONFIGS, resolves: { '@/util': fileAt('src/util.ts', 'tsconfig-paths') } },
    ],
    [
      'does not leak the root aliases into a package whose own tsconfig declares none',
      {
        tree: {
          ...paths({ compilerOptions: { baseUrl: '.', paths: { '@db/*': ['src/db/*'] } } }),
          'packages/tool/tsconfig.json': json({ compilerOptions: { strict: true } }),
          'src/db/client.ts': '',
          'packages/tool/main.ts': '',
        },
        from: 'packages/tool/main.ts',
        resolves: { '@db/client': external('@db/client') },
      },
    ],
    [
      'uses the tsconfig named by settings.tsconfig for the root instead of tsconfig.json',
      {
        tree: {
          ...paths({ compilerOptions: { baseUrl: '.', paths: { '@x/*': ['wrong/*'] } } }),
          'config/tsconfig.app.json': json({ compilerOptions: { paths: { '@x/*': ['../right/*'] } } }),
          'wrong/a.ts': '',
          'right/a.ts': '',
          'src/main.ts': '',
        },
        tsconfig: 'config/tsconfig.app.json',
        resolves: { '@x/a': fileAt('right/a.ts', 'tsconfig-paths') },
      },
    ],
  ])('%s', (_name, c) => inMemory(c));

  // tsc falls back to node_modules when no `paths` substitution exists: with the common
  // `"*": ["types/*"]` (local typings), installed packages must stay external, not unresolved.
  it('lets an installed npm package through a catch-all "*" paths key as external', () => {
    onDisk({
      tree: {
        ...paths({ compilerOptions: { baseUrl: '.', paths: { '*': ['types/*'] } } }),
        'types/legacy-lib/index.d.ts': '',
        'node_modules/left-pad/package.json': json({ name: 'left-pad', main: 'index.js' }),
        'node_modules/left-pad/index.js': '',
        'src/main.ts': '',
      },
      resolves: { 'left-pad': external('left-pad') },
    });
  });

  describe('extends', () => {
    it.each<[string, ResolutionCase]>([
      [
        'inherits paths from a relative file named with .json, relative to that file',
        {
          tree: {
            ...paths({ extends: './config/tsconfig.base.json' }),
            'config/tsconfig.base.json': json({ compilerOptions: { paths: { '@db/*': ['../src/db/*'] } } }),
            'src/db/client.ts': '',
            'src/app/main.ts': '',
          },
          from: 'src/app/main.ts',
          resolves: { '@db/client': fileAt('src/db/client.ts', 'tsconfig-paths') },
        },
      ],
      [
        'inherits from a relative file named without .json',
        {
          tree: {
            ...paths({ extends: './tsconfig.base' }),
            'tsconfig.base.json': json({ compilerOptions: { baseUrl: '.', paths: { '@db/*': ['src/db/*'] } } }),
            'src/db/client.ts': '',
            'src/app/main.ts': '',
          },
          from: 'src/app/main.ts',
          resolves: { '@db/client': fileAt('src/db/client.ts', 'tsconfig-paths') },
        },
      ],
      [
        'merges an extends array, later entries overriding earlier ones',
        {
          tree: {
            ...paths({ extends: ['./a.json', './b.json'] }),
            'a.json': json({ compilerOptions: { baseUrl: './from-a' } }),
            'b.json': json({ compilerOptions: { baseUrl: './from-b' } }),
            'from-a/x.ts': '',
            'from-b/x.ts': '',
            'from-b/only-b.ts': '',
            'src/main.ts': '',
          },
          resolves: { x: fileAt('from-b/x.ts', 'base-url'), 'only-b': fileAt('from-b/only-b.ts', 'base-url') },
        },
      ],
      [
        'takes paths from an extends array entry even when a later entry only sets other options',
        {
          tree: {
            ...paths({ extends: ['./paths.json', './strict.json'] }),
            'paths.json': json({ compilerOptions: { baseUrl: '.', paths: { '@db/*': ['src/db/*'] } } }),
            'strict.json': json({ compilerOptions: { strict: true } }),
            'src/db/client.ts': '',
            'src/main.ts': '',
          },
          resolves: { '@db/client': fileAt('src/db/client.ts', 'tsconfig-paths') },
        },
      ],
      // tsc resolves paths against the effective baseUrl when there is one, inherited or not
      // (getPathsBasePath: `options.baseUrl ?? options.pathsBasePath`); only without any baseUrl
      // are they relative to the tsconfig that declares them.
      [
        "resolves a child's paths relative to a baseUrl it inherits",
        {
          tree: {
            'tsconfig.base.json': json({ compilerOptions: { baseUrl: '.' } }),
            'packages/web/tsconfig.json': json({ extends: '../../tsconfig.base.json', compilerOptions: { paths: { '@shared/*': ['shared/*'] } } }),
            'shared/format.ts': '',
            'packages/web/shared/format.ts': '',
            'packages/web/main.ts': '',
          },
          from: 'packages/web/main.ts',
          resolves: { '@shared/format': fileAt('shared/format.ts', 'tsconfig-paths') },
        },
      ],
      [
        'survives an extends cycle and still uses the options it read',
        {
          tree: {
            ...paths({ extends: './b.json', compilerOptions: { baseUrl: '.', paths: { '@db/*': ['src/db/*'] } } }),
            'b.json': json({ extends: './tsconfig.json' }),
            'src/db/client.ts': '',
            'src/main.ts': '',
          },
          resolves: { '@db/client': fileAt('src/db/client.ts', 'tsconfig-paths') },
        },
      ],
    ])('%s', (_name, c) => inMemory(c));

    it.each<[string, ResolutionCase]>([
      [
        'inherits from a package in node_modules, re-basing its paths on the child baseUrl',
        {
          tree: {
            ...paths({ extends: '@acme/tsconfig', compilerOptions: { baseUrl: '.' } }),
            'node_modules/@acme/tsconfig/package.json': json({ name: '@acme/tsconfig', version: '1.0.0' }),
            'node_modules/@acme/tsconfig/tsconfig.json': json({ compilerOptions: { strict: true, paths: { '@/*': ['src/*'] } } }),
            'src/db/client.ts': '',
            'src/app/main.ts': '',
          },
          from: 'src/app/main.ts',
          resolves: { '@/db/client': fileAt('src/db/client.ts', 'tsconfig-paths') },
        },
      ],
      [
        'inherits from a named file inside a package (@acme/tsconfig/base.json)',
        {
          tree: {
            ...paths({ extends: '@acme/tsconfig/base.json' }),
            'node_modules/@acme/tsconfig/package.json': json({ name: '@acme/tsconfig' }),
            'node_modules/@acme/tsconfig/base.json': json({ compilerOptions: { baseUrl: '../../../src' } }),
            'src/db/client.ts': '',
            'src/app/main.ts': '',
          },
          from: 'src/app/main.ts',
          resolves: { 'db/client': fileAt('src/db/client.ts', 'base-url') },
        },
      ],
    ])('%s', (_name, c) => onDisk(c));
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
  const from = 'src/app/main.ts';

  it.each<[string, ResolutionCase]>([
    [
      'maps a #internal/* pattern (with the .js → .ts mapping)',
      {
        tree: { 'package.json': manifest, 'src/internal/secret.ts': '', [from]: '' },
        from,
        resolves: { '#internal/secret': fileAt('src/internal/secret.ts', 'package-imports') },
      },
    ],
    [
      'maps an exact #config key',
      {
        tree: { 'package.json': manifest, 'src/config/index.ts': '', [from]: '' },
        from,
        resolves: { '#config': fileAt('src/config/index.ts', 'package-imports') },
      },
    ],
    [
      'takes the first existing target of a conditional map, in key order (node before default)',
      {
        tree: { 'package.json': manifest, 'src/db/node.ts': '', 'src/db/browser.ts': '', [from]: '' },
        from,
        resolves: { '#db': fileAt('src/db/node.ts', 'package-imports') },
      },
    ],
    [
      'takes the first existing target of a conditional map, in key order (default when node is missing)',
      { tree: { 'package.json': manifest, 'src/db/browser.ts': '', [from]: '' }, from, resolves: { '#db': fileAt('src/db/browser.ts', 'package-imports') } },
    ],
    [
      'treats a #key that maps to an uninstalled package as external',
      { tree: { 'package.json': manifest, [from]: '' }, from, resolves: { '#dep': external('left-pad') } },
    ],
    [
      'uses the nearest package.json, not the root one',
      {
        tree: {
          'package.json': manifest,
          'packages/lib/package.json': json({ name: 'lib', imports: { '#config': './cfg.ts' } }),
          'packages/lib/cfg.ts': '',
          'packages/lib/src/a.ts': '',
          'src/config/index.ts': '',
        },
        from: 'packages/lib/src/a.ts',
        resolves: { '#config': fileAt('packages/lib/cfg.ts', 'package-imports') },
      },
    ],
    [
      'reports an unmapped #key as unresolved',
      { tree: { 'package.json': manifest, [from]: '' }, from, resolves: { '#nope': unresolved('no "imports" entry for #nope in the nearest package.json') } },
    ],
    [
      'reports a #key whose target does not exist as unresolved, naming the target',
      {
        tree: { 'package.json': manifest, [from]: '' },
        from,
        resolves: { '#config': unresolved('package.json imports map #config to ./src/config/index.ts, which does not exist') },
      },
    ],
  ])('%s', (_name, c) => inMemory(c));
});

describe('resolver: workspace packages', () => {
  const corePackage = (extra: Record<string, unknown> = {}) => json({ name: '@acme/core', version: '1.0.0', ...extra });
  const from = 'apps/web/main.ts';
  const viaWorkspace = (path: string) => fileAt(path, 'workspace-package');
  /** A workspaces root with packages/core (its package.json taking `exports`) and `files` inside packages/core. */
  const exportsTree = (exports: unknown, files: Tree): Tree => ({
    'package.json': json({ private: true, workspaces: ['packages/*'] }),
    'packages/core/package.json': corePackage({ exports }),
    [from]: '',
    ...Object.fromEntries(Object.entries(files).map(([path, content]) => [`packages/core/${path}`, content])),
  });
  /** A workspaces root whose packages/core has this package.json and these files. */
  const mainTree = (manifest: string, files: Tree): Tree => ({
    'package.json': json({ workspaces: ['packages/*'] }),
    'packages/core/package.json': manifest,
    [from]: '',
    ...Object.fromEntries(Object.entries(files).map(([path, content]) => [`packages/core/${path}`, content])),
  });

  it.each<[string, ResolutionCase]>([
    [
      'reads the yarn object form of workspaces ({ packages: [...] })',
      {
        tree: {
          'package.json': json({ private: true, workspaces: { packages: ['libs/*'], nohoist: ['**/react'] } }),
          'libs/core/package.json': corePackage({ main: 'index.ts' }),
          'libs/core/index.ts': '',
          [from]: '',
        },
        from,
        resolves: { '@acme/core': viaWorkspace('libs/core/index.ts') },
      },
    ],
    [
      'resolves from the workspaces list alone in a fresh checkout without node_modules',
      {
        tree: {
          'package.json': json({ private: true, workspaces: ['./packages/*/'] }),
          'packages/core/package.json': corePackage({ exports: { '.': './src/index.ts' } }),
          'packages/core/src/index.ts': '',
          [from]: '',
        },
        from,
        resolves: { '@acme/core': viaWorkspace('packages/core/src/index.ts') },
      },
    ],
  ])('%s', (_name, c) => inMemory(c));

  describe('exports', () => {
    /** `"./internal/*": null` next to a pattern that exports everything else. */
    const NULL_TARGET = exportsTree({ './*': './src/*.ts', './internal/*': null }, { 'src/a.ts': '', 'src/internal/secret.ts': '' });

    it.each<[string, ResolutionCase]>([
      [
        'maps "." and explicit subpaths',
        {
          tree: exportsTree({ '.': './src/index.ts', './client': './src/client/index.ts' }, { 'src/index.ts': '', 'src/client/index.ts': '' }),
          from,
          resolves: { '@acme/core': viaWorkspace('packages/core/src/index.ts'), '@acme/core/client': viaWorkspace('packages/core/src/client/index.ts') },
        },
      ],
      [
        'maps "*" subpath patterns, the longest prefix winning',
        {
          tree: exportsTree(
            { './*': './src/*.ts', './features/*': './src/features/*/index.ts' },
            { 'src/util.ts': '', 'src/features/auth/index.ts': '', 'src/features/auth.ts': '' },
          ),
          from,
          resolves: {
            '@acme/core/util': viaWorkspace('packages/core/src/util.ts'),
            '@acme/core/features/auth': viaWorkspace('packages/core/src/features/auth/index.ts'),
          },
        },
      ],
      [
        'walks nested conditions ({ types, import, default }) in key order to the first file that exists',
        {
          tree: exportsTree(
            {
              '.': { types: './types/index.d.ts', import: './src/index.mts', default: './src/index.cts' },
              './server': { node: { import: './src/server.ts', require: './src/server.cts' }, default: './src/server-browser.ts' },
            },
            { 'src/index.mts': '', 'src/index.cts': '', 'src/server.ts': '', 'src/server-browser.ts': '' },
          ),
          from,
          resolves: { '@acme/core': viaWorkspace('packages/core/src/index.mts'), '@acme/core/server': viaWorkspace('packages/core/src/server.ts') },
        },
      ],
      [
        'accepts the string sugar "exports": "./src/index.ts"',
        { tree: exportsTree('./src/index.ts', { 'src/index.ts': '' }), from, resolves: { '@acme/core': viaWorkspace('packages/core/src/index.ts') } },
      ],
      [
        'accepts the top-level condition form ("exports": { import, require })',
        {
          tree: exportsTree({ import: './src/esm.ts', require: './src/cjs.cts' }, { 'src/esm.ts': '', 'src/cjs.cts': '' }),
          from,
          resolves: { '@acme/core': viaWorkspace('packages/core/src/esm.ts') },
        },
      ],
      [
        'reports a subpath that exports does not export as unresolved, with the reason',
        {
          tree: exportsTree({ '.': './src/index.ts' }, { 'src/index.ts': '', 'src/internal/secret.ts': '' }),
          from,
          resolves: { '@acme/core/src/internal/secret': unresolved('package @acme/core does not export "./src/internal/secret" (package.json exports)') },
        },
      ],
      [
        'keeps resolving other subpaths next to a null-target pattern, and does not resolve the excluded one',
        {
          tree: NULL_TARGET,
          from,
          resolves: { '@acme/core/a': viaWorkspace('packages/core/src/a.ts'), '@acme/core/internal/secret': unresolvedForAnyReason },
        },
      ],
      // In Node a null target marks a subpath as not exported (`"./internal/*": null`).
      [
        'says a subpath excluded with a null target is not exported',
        {
          tree: NULL_TARGET,
          from,
          resolves: { '@acme/core/internal/secret': unresolved('package @acme/core does not export "./internal/secret" (package.json exports)') },
        },
      ],
      [
        'maps exports into an unbuilt outDir back to rootDir sources (tsconfig outDir: dist, rootDir: src)',
        {
          tree: exportsTree(
            { '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './utils/*': './dist/utils/*.js' },
            { 'tsconfig.json': json({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }), 'src/index.ts': '', 'src/utils/date.ts': '' },
          ),
          from,
          resolves: { '@acme/core': viaWorkspace('packages/core/src/index.ts'), '@acme/core/utils/date': viaWorkspace('packages/core/src/utils/date.ts') },
        },
      ],
      [
        'reports exports into a missing outDir as unresolved when no tsconfig maps it back',
        {
          tree: exportsTree({ '.': './dist/index.js' }, { 'lib/index.ts': '' }),
          from,
          resolves: { '@acme/core': unresolved('package.json exports of @acme/core map "." to ./dist/index.js, which does not exist (not built yet?)') },
        },
      ],
    ])('%s', (_name, c) => inMemory(c));
  });

  describe('main / types without exports', () => {
    it.each<[string, ResolutionCase]>([
      [
        'prefers types over main',
        {
          tree: mainTree(corePackage({ main: './lib/index.js', types: './src/index.ts' }), { 'lib/index.js': '', 'src/index.ts': '' }),
          from,
          resolves: { '@acme/core': viaWorkspace('packages/core/src/index.ts') },
        },
      ],
      [
        'falls back to main',
        {
          tree: mainTree(corePackage({ main: 'lib/main.js' }), { 'lib/main.js': '', 'index.ts': '' }),
          from,
          resolves: { '@acme/core': viaWorkspace('packages/core/lib/main.js') },
        },
      ],
      [
        'falls back to index without main',
        { tree: mainTree(corePackage(), { 'index.ts': '' }), from, resolves: { '@acme/core': viaWorkspace('packages/core/index.ts') } },
      ],
      [
        'resolves deep imports into a package without exports as plain paths',
        {
          tree: mainTree(corePackage({ main: 'index.ts' }), { 'index.ts': '', 'src/internal/secret.ts': '' }),
          from,
          resolves: { '@acme/core/src/internal/secret': viaWorkspace('packages/core/src/internal/secret.ts') },
        },
      ],
      [
        'maps main into an unbuilt outDir back to the sources',
        {
          tree: mainTree(corePackage({ main: './dist/index.js', types: './dist/index.d.ts' }), {
            'tsconfig.json': json({ compilerOptions: { outDir: './dist', rootDir: './src' } }),
            'src/index.ts': '',
          }),
          from,
          resolves: { '@acme/core': viaWorkspace('packages/core/src/index.ts') },
        },
      ],
    ])('%s', (_name, c) => inMemory(c));
  });

  describe('linked through node_modules (read from disk)', () => {
    it('resolves an npm workspace linked into node_modules, to the checked-out source', () => {
      onDisk({
        tree: {
          'package.json': json({ name: 'root', private: true, workspaces: ['packages/*'] }),
          'packages/core/package.json': corePackage({ main: 'src/index.ts' }),
          'packages/core/src/index.ts': '',
          [from]: '',
        },
        links: { 'node_modules/@acme/core': '../../packages/core' },
        from,
        resolves: { '@acme/core': viaWorkspace('packages/core/src/index.ts') },
      });
    });

    it('reads pnpm-workspace.yaml with pnpm-style symlinks', () => {
      onDisk({
        tree: {
          'package.json': json({ name: 'root', private: true }),
          'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n  - '!packages/ignored'\n",
          'packages/core/package.json': corePackage({ types: './src/index.ts' }),
          'packages/core/src/index.ts': '',
          'packages/ignored/package.json': json({ name: '@acme/ignored', main: 'index.ts' }),
          'packages/ignored/index.ts': '',
          'apps/web/package.json': json({ name: 'web' }),
          [from]: '',
        },
        links: { 'apps/web/node_modules/@acme/core': '../../../../packages/core' },
        from,
        resolves: {
          '@acme/core': viaWorkspace('packages/core/src/index.ts'),
          // Excluded by the `!` glob and not linked: nothing says it is part of this workspace.
          '@acme/ignored': external('@acme/ignored'),
        },
      });
    });

    it('finds from each folder the nearest node_modules, with one resolver asked from many folders', () => {
      const root = makeRepo(
        {
          'package.json': json({ name: 'root' }),
          'vendor/one/package.json': json({ name: 'pkg', main: './index.ts' }),
          'vendor/one/index.ts': '',
          'vendor/two/package.json': json({ name: 'pkg', main: './index.ts' }),
          'vendor/two/index.ts': '',
        },
        { git: false, links: { 'a/node_modules/pkg': '../../vendor/one', 'node_modules/pkg': '../vendor/two' } },
      );
      const resolver = createResolver(workingTreeView(root, listFiles(root)), { tsconfig: 'tsconfig.json' });
      const resolved = Object.fromEntries(
        ['d/e/x.ts', 'a/b/c/x.ts', 'a/x.ts', 'x.ts', 'a/b/y.ts', 'd/y.ts'].map((from) => [from, resolver.resolve(from, 'pkg')]),
      );
      const one = viaWorkspace('vendor/one/index.ts');
      const two = viaWorkspace('vendor/two/index.ts');
      expect(resolved).toEqual({ 'd/e/x.ts': two, 'a/b/c/x.ts': one, 'a/x.ts': one, 'x.ts': two, 'a/b/y.ts': one, 'd/y.ts': two });
    });

    it('resolves a package linked only through node_modules (not listed in workspaces)', () => {
      onDisk({
        tree: {
          'package.json': json({ name: 'root' }),
          'vendor/patched/package.json': json({ name: 'patched', main: './lib/index.js' }),
          'vendor/patched/lib/index.ts': '',
          'src/main.ts': '',
        },
        links: { 'node_modules/patched': '../vendor/patched' },
        resolves: { patched: viaWorkspace('vendor/patched/lib/index.ts') },
      });
    });
  });
});

describe('resolver: external imports', () => {
  it.each(['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'path/posix', 'node:test'])('treats the Node built-in %s as external', (specifier) => {
    inMemory({ tree: { 'src/main.ts': '' }, resolves: { [specifier]: external(specifier) } });
  });

  it('treats an uninstalled npm package as external, by package name', () => {
    inMemory({
      tree: { 'src/main.ts': '' },
      resolves: { react: external('react'), 'react-dom/client': external('react-dom'), '@scope/pkg/sub': external('@scope/pkg') },
    });
  });

  it('treats a real package installed in node_modules (not a link into the repo) as external', () => {
    onDisk({
      tree: {
        'node_modules/left-pad/package.json': json({ name: 'left-pad', main: 'index.js', exports: { '.': './index.js' } }),
        'node_modules/left-pad/index.js': '',
        'node_modules/@types/left-pad/index.d.ts': '',
        'src/main.ts': '',
      },
      resolves: { 'left-pad': external('left-pad'), 'left-pad/lib/deep': external('left-pad') },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The whole check: resolution decides the findings
// ---------------------------------------------------------------------------------------------

const withSettings = (line: string) => APP_DB_CONFIG.replace('unowned = "allow"', `unowned = "allow"\n${line}`);

describe('check: resolution decides the findings', () => {
  it('reports a missing relative import as an unresolved-import warning and exits 0', () => {
    const report = checkTree({ 'orchestrator.toml': APP_DB_CONFIG, 'src/app/users.ts': "import './gone';\n", 'src/db/client.ts': '' });
    expect(report.code).toBe(0);
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'unresolved-import',
        severity: 'warning',
        status: 'new',
        file: 'src/app/users.ts',
        line: 1,
        domain: 'app',
        specifier: './gone',
        message: 'cannot resolve "./gone": no file src/app/gone, src/app/gone.ts, src/app/gone/index.ts or similar',
      }),
    ]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 1 });
  });

  it('reports a tsconfig alias (inherited through extends) as forbidden once it reaches the db file', () => {
    const report = checkTree({
      'orchestrator.toml': APP_DB_CONFIG,
      'tsconfig.json': json({ extends: './tsconfig.base.json' }),
      'tsconfig.base.json': json({ compilerOptions: { baseUrl: '.', paths: { '@db/*': ['src/db/*'] } } }),
      'src/app/users.ts': "import { q } from '@db/client';\nimport { r } from '@db/nope';\n",
      'src/db/client.ts': '',
    });
    expect(summarizeFindings(report)).toEqual(['forbidden-import src/app/users.ts -> src/db/client.ts', 'unresolved-import src/app/users.ts']);
    expect(report.findings[1]).toMatchObject({
      line: 2,
      specifier: '@db/nope',
      message: 'cannot resolve "@db/nope": tsconfig paths map @db/nope to src/db/nope, which does not exist',
    });
  });

  it.each<[string, Tree]>([
    [
      'honours settings.tsconfig when resolving aliases',
      {
        'orchestrator.toml': withSettings('tsconfig = "tsconfig.app.json"'),
        'tsconfig.app.json': json({ compilerOptions: { paths: { '~db/*': ['./src/db/*'] } } }),
        'src/app/users.ts': "import '~db/client';\n",
        'src/db/client.ts': '',
      },
    ],
    [
      'resolves package.json #imports to the file they name',
      {
        'orchestrator.toml': APP_DB_CONFIG,
        'package.json': json({ name: 'app', imports: { '#db/*': './src/db/*.js' } }),
        'src/app/users.ts': "const c = await import('#db/client');\n",
        'src/db/client.ts': '',
      },
    ],
  ])('%s', (_name, tree) => {
    expect(summarizeFindings(checkTree(tree))).toEqual(['forbidden-import src/app/users.ts -> src/db/client.ts']);
  });
});

describe('check: which files are scanned (settings.include and settings.exclude)', () => {
  it.each<[string, string, Tree, string]>([
    [
      'does not scan files matched by settings.exclude, which still resolve as targets',
      'exclude = ["src/app/legacy/**", "src/db/fixtures/**"]',
      {
        'src/app/legacy/old.ts': "import '../../db/client';\n",
        'src/app/users.ts': "import '../db/fixtures/seed';\n",
        'src/db/fixtures/seed.ts': '',
        'src/db/client.ts': '',
      },
      'forbidden-import src/app/users.ts -> src/db/fixtures/seed.ts',
    ],
    [
      'scans only files matched by settings.include',
      'include = ["src/**/*.ts"]',
      { 'src/app/users.ts': "import '../db/client';\n", 'src/app/legacy.js': "require('../db/client');\n", 'src/db/client.ts': '' },
      'forbidden-import src/app/users.ts -> src/db/client.ts',
    ],
  ])('%s', (_name, setting, files, expected) => {
    const report = checkTree({ 'orchestrator.toml': withSettings(setting), ...files });
    expect(summarizeFindings(report)).toEqual([expected]);
    expect(report.summary.files).toBe(2);
  });
});

describe('check: type-only edges', () => {
  const tree = (settings: string, appExtra = '', users = ''): Tree => ({
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
    'src/app/users.ts': `import type { Row } from '../db/row';\nimport { type Pool } from '../db/pool';\n${users}`,
    'src/jobs/nightly.ts': "export type { Row } from '../db/row';\n",
    'src/db/row.ts': '',
    'src/db/pool.ts': '',
  });

  it('reports import type edges with typeOnly: true', () => {
    const report = checkTree(tree(''));
    expect(report.findings.map((f) => [f.rule, f.file, f.target, f.typeOnly])).toEqual([
      ['forbidden-import', 'src/app/users.ts', 'src/db/row.ts', true],
      ['forbidden-import', 'src/app/users.ts', 'src/db/pool.ts', true],
      ['forbidden-import', 'src/jobs/nightly.ts', 'src/db/row.ts', true],
    ]);
    expect(report.findings[0]!.message).toBe('app may not import src/db/row.ts (forbidden by src/db/**) (type-only import)');
  });

  it('skips type-only edges when [settings] type_imports = "ignore"', () => {
    const report = checkTree(tree('type_imports = "ignore"'));
    expect(report.findings).toEqual([]);
    expect(report.code).toBe(0);
    expect(report.summary.edges).toBe(3);
  });

  it.each([
    [
      'lets [domains.x] type_imports = "check" override a global "ignore"',
      'type_imports = "ignore"',
      'type_imports = "check"',
      ['forbidden-import src/app/users.ts -> src/db/row.ts', 'forbidden-import src/app/users.ts -> src/db/pool.ts'],
    ],
    [
      'lets [domains.x] type_imports = "ignore" override a global "check"',
      'type_imports = "check"',
      'type_imports = "ignore"',
      ['forbidden-import src/jobs/nightly.ts -> src/db/row.ts'],
    ],
  ])('%s', (_name, settings, domain, expected) => {
    expect(summarizeFindings(checkTree(tree(settings, domain)))).toEqual(expected);
  });

  it('still checks value imports when type imports are ignored', () => {
    const report = checkTree(tree('type_imports = "ignore"', '', "import { connect } from '../db/pool';\n"));
    expect(report.findings.map((f) => [f.rule, f.file, f.line, f.target, f.typeOnly])).toEqual([
      ['forbidden-import', 'src/app/users.ts', 3, 'src/db/pool.ts', false],
    ]);
  });
});

describe('resolver: relative imports found by walking the listed folders', () => {
  const FOLDERS = ['', 'a', 'a/b', 'a/b/c', 'x', 'x/a', 'm'];
  const FILES = ['m.ts', 'm.tsx', 'm.d.ts', 'm.js', 'n.mjs', 'n.d.mts', 'index.ts', 'index.js', 'data.json', 'c.ts', 'b.js', 'm', 'style.css', '..ts', '...ts'];
  const PREFIXES = ['./', '../', '../../', '../../../', '../../../../', '.', '..', './../', '.././'];
  const MIDDLES = ['', 'a/', 'b/', 'a/b/', 'x/', 'c/', './', 'a//', 'a/../', 'm/'];
  const NAMES = ['m', 'm.js', 'm.ts', 'm.jsx', 'index', 'n', 'n.mjs', 'data', 'c', 'b', 'b.js', 'style.css', 'missing', '', '.', '..', 'linked'];
  const SUFFIXES = ['', '', '', '/', '?raw'];
  const TREES = 60;
  const SPECIFIERS = 150;

  // The same tree with this many more files (in a folder no specifier names) is never walked within the specifiers of a case.
  const UNWALKED = Object.fromEntries(Array.from({ length: 2 * SPECIFIERS }, (_, i) => [`zz/f${i}.ts`, '']));

  it(`agrees with the resolver that builds whole paths, over ${TREES} random trees of ${SPECIFIERS} specifiers each`, () => {
    const random = seededRandom(20261201);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    let files = 0;
    for (let t = 0; t < TREES; t++) {
      const tree: Record<string, string> = {};
      for (let i = 0; i < 25; i++) tree[`${pick(FOLDERS)}/${pick(FILES)}`.replace(/^\//, '')] = '';
      // A link is never answered by the walk: it resolves through its target, as before.
      const links = random() < 0.5 ? { [`${pick(FOLDERS)}/linked.ts`.replace(/^\//, '')]: 'a/m.ts' } : {};
      const walking = createResolver(memoryView(MEMORY_ROOT, tree, links), { tsconfig: 'tsconfig.json' });
      const general = createResolver(memoryView(MEMORY_ROOT, { ...tree, ...UNWALKED }, links), { tsconfig: 'tsconfig.json' });
      const sources = Object.keys(tree);
      for (let s = 0; s < SPECIFIERS; s++) {
        const from = pick(sources);
        const prefix = pick(PREFIXES);
        // `.` and `..` stand alone; followed by a name they would be package names.
        const specifier = prefix.endsWith('/') ? prefix + pick(MIDDLES) + pick(NAMES) + pick(SUFFIXES) : prefix;
        const expected = general.resolve(from, specifier);
        expect(walking.resolve(from, specifier), `${from} imports ${specifier}`).toEqual(expected);
        if (expected.kind === 'file') files++;
      }
    }
    // Many specifiers name a file: the comparison is not vacuous.
    expect(files).toBeGreaterThan((TREES * SPECIFIERS) / 8);
  });
});
