#!/usr/bin/env node
// Writes a deterministic synthetic TypeScript monorepo for benchmarking
// cn-guard against dependency-cruiser. See bench/README.md.
import { fail, parseCli, positiveInt } from './lib/args.js';
import { generateRepo } from './lib/generator.js';

const USAGE = `usage: node bench/generate.js DIR [--files 10000] [--domains 20] [--seed 1] [--force]

Writes a synthetic TypeScript repository (git-committed) into DIR, with
orchestrator.toml, an equivalent .dependency-cruiser.cjs and the expected
violations in DIR/.bench-expected.json. DIR must be empty or absent unless
--force is given, which deletes DIR first.`;

const { values, positionals } = parseCli(
  process.argv.slice(2),
  {
    files: { type: 'string', default: '10000' },
    domains: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    force: { type: 'boolean', default: false },
  },
  USAGE,
);
if (positionals.length !== 1) fail(USAGE);

try {
  const started = performance.now();
  const stats = generateRepo({
    dir: positionals[0],
    files: positiveInt(values.files, 'files'),
    domains: positiveInt(values.domains, 'domains'),
    seed: positiveInt(values.seed, 'seed'),
    force: values.force,
  });
  console.log(`generated ${positionals[0]} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const [key, value] of Object.entries(stats)) console.log(`  ${key.padEnd(17)} ${value}`);
} catch (error) {
  fail(`generate: ${error.message}`);
}
