// Bundles cn-guard into single ESM files. dist/cli.js is the command line: one file loads faster
// than a module tree, which matters for the pre-commit path. dist/action.js is the GitHub Action:
// GitHub installs no dependencies for a JavaScript action, so it carries every one it needs, and it
// is committed (CI checks that it matches a fresh build).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  // Prefer ESM builds: some packages' UMD builds hide their requires from the bundler.
  mainFields: ['module', 'main'],
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __cnGuardRequire } from 'node:module'; const require = __cnGuardRequire(import.meta.url);" },
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  target: 'node20',
  sourcemap: 'linked',
  // Required on demand from node_modules (src/graph/resolve/yaml.ts, src/diagram/formats/svg.ts),
  // Octokit imported on demand (only `--post github` uses it), and the contract engines (only
  // artifacts need them): the pre-commit path never parses them.
  external: ['yaml', '@viz-js/viz', '@octokit/*', '@apidevtools/swagger-parser', 'ajv', 'ajv/*', 'typescript'],
});

const source = fileURLToPath(new URL('../src/', import.meta.url));

/** The Action has no node_modules: the modules that load a dependency at run time get a bundled twin. */
const bundledTwins = {
  name: 'bundled-twins',
  setup(builder) {
    // cn-guard's own `./yaml.js` modules (src/graph/resolve, src/contracts), not a dependency's file of that name.
    builder.onResolve({ filter: /^\.\/yaml\.js$/ }, ({ importer }) =>
      importer.startsWith(source) ? { path: join(dirname(importer), 'yaml.bundled.ts') } : undefined,
    );
  },
};

await build({
  ...common,
  entryPoints: { action: 'src/action/main.ts' },
  outdir: 'dist',
  target: 'node24',
  plugins: [bundledTwins],
  // Rendering SVG is the `graph` command's, never the Action's: Graphviz (1.4 MB of WebAssembly) stays out.
  // The TypeScript compiler (9 MB) too: TypeScript artifacts are checked with the checked project's own.
  external: ['@viz-js/viz', 'typescript'],
  // Committed: stable bytes, no source map pointing into a checkout.
  legalComments: 'none',
});
