// Renders docs/architecture.svg, the picture of cn-guard's own domains in README.md:
// `cn-guard graph --format svg` run on this repository against its own orchestrator.toml.
// The CLI is built first, so the picture comes from the current sources. test/diagram.test.ts
// fails when the committed file differs from what this script renders: run `npm run diagram`.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (...args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });

run('scripts/build.js');
run('bin/cn-guard.js', 'graph', '--format', 'svg', '--output', 'docs/architecture.svg');
process.stdout.write('wrote docs/architecture.svg\n');
