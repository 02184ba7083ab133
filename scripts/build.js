// Bundles cn-guard into single ESM files. dist/cli.js is the command line: one file loads faster
// than a module tree, which matters for the pre-commit path. dist/action.js is the GitHub Action:
// GitHub installs no dependencies for a JavaScript action, so it carries every one it needs, and it
// is committed (CI checks that it matches a fresh build).
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
  // and Octokit imported on demand (only `--post github` uses it): the pre-commit path never parses them.
  external: ['yaml', '@viz-js/viz', '@octokit/*'],
});

/** The Action has no node_modules: the modules that load a dependency at run time get a bundled twin. */
const bundledTwins = {
  name: 'bundled-twins',
  setup(builder) {
    builder.onResolve({ filter: /\/yaml\.js$/ }, () => ({ path: fileURLToPath(new URL('../src/graph/resolve/yaml.bundled.ts', import.meta.url)) }));
  },
};

await build({
  ...common,
  entryPoints: { action: 'src/action/main.ts' },
  outdir: 'dist',
  target: 'node24',
  plugins: [bundledTwins],
  // Rendering SVG is the `graph` command's, never the Action's: Graphviz (1.4 MB of WebAssembly) stays out.
  external: ['@viz-js/viz'],
  // Committed: stable bytes, no source map pointing into a checkout.
  legalComments: 'none',
});
