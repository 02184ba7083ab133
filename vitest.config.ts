import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/support/global-setup.ts'],
    // One worker per core. vitest's default is one fewer, which on a two-core machine runs every
    // file one after another (measured there: 74 s against 43–45 s for the whole suite). Most
    // CLI tests wait on the git and node processes they start, yet a third worker on two cores
    // measured no faster, nor did threads instead of forks. isolate: false for test/unit saves
    // about 1.6 s of worker time (under a second of wall time): not worth its pitfalls (module
    // state shared between files, mocks leaking from one file into the next).
    pool: 'forks',
    maxWorkers: availableParallelism(),
    // The CLI tests spawn real processes against real git repositories.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
