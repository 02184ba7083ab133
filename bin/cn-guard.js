#!/usr/bin/env node
// The CLI is bundled into dist/ by `npm run build` (run on install by the `prepare` script).
try {
  await import('../dist/cli.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli.js')) throw error;
  process.stderr.write('cn-guard: dist/cli.js is missing; run `npm run build` first\n');
  process.exitCode = 3;
}
