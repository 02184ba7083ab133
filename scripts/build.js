// Bundles the CLI into one ESM file: one file loads faster than a module tree,
// which matters for the pre-commit path (spec §3.1), and the Action needs one entry anyway.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Prefer ESM builds: some packages' UMD builds hide their requires from the bundler.
  mainFields: ['module', 'main'],
  sourcemap: 'linked',
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __cnGuardRequire } from 'node:module'; const require = __cnGuardRequire(import.meta.url);" },
  // Required on demand from node_modules (src/graph/resolve/package-json.ts, src/diagram/formats/svg.ts).
  external: ['yaml', '@viz-js/viz'],
  logLevel: 'warning',
});
