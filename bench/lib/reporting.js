// Scenarios of GitHub reporting on the 10,000-file repository: `check --format sarif` and
// `--format markdown` against `--format json` (at most 10% more), and the GitHub Action's own
// overhead (its bundle's start-up, reading the event, writing the outputs) against the check
// itself (under 0.3 s more).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cnGuard } from './tools.js';

const RUNS = 5;
const MAX_FORMAT_OVERHEAD = 0.1;
const MAX_ACTION_OVERHEAD_MS = 300;

const formatTool = (format) => ({ ...cnGuard, name: `cn-guard --format ${format}` });
const formatRun = (format) => ({
  tool: formatTool(format),
  args: ({ repoDir }) => ['check', '--format', format, '--cwd', repoDir],
  exitOk: (code) => code === 0 || code === 1,
  repeat: RUNS,
});

const action = {
  name: 'cn-guard action',
  script: fileURLToPath(new URL('../../dist/action.js', import.meta.url)),
};

/** A runner's environment for a push: the Action checks the whole repository and posts nothing. */
function pushEnvironment({ repoDir }) {
  const dir = mkdtempSync(join(tmpdir(), 'cn-guard-bench-action-'));
  writeFileSync(join(dir, 'event.json'), JSON.stringify({ after: '0'.repeat(40) }));
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_REPOSITORY: 'bench/repository',
    GITHUB_SHA: '0'.repeat(40),
    GITHUB_WORKSPACE: repoDir,
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    GITHUB_OUTPUT: join(dir, 'output.txt'),
    INPUT_COMMENT: 'false',
    'INPUT_FAIL-ON': 'error',
  };
}

const median = (byTool, name) => byTool.get(name)?.wallMs;

function overhead(byTool, name, reference) {
  const [ms, base] = [median(byTool, name), median(byTool, reference)];
  if (ms === undefined || base === undefined) return { status: 'SKIP', detail: 'not run' };
  return { ms, base };
}

/** @returns {import('./scenarios.js').Scenario[]} */
export const reportingScenarios = [
  {
    name: 'formats',
    title: `check in the formats a pull request uses, median of ${RUNS} runs each`,
    runs: ['json', 'sarif', 'markdown'].map(formatRun),
    targets: ['sarif', 'markdown'].map((format) => ({
      name: `--format ${format} at most ${MAX_FORMAT_OVERHEAD * 100}% slower than --format json`,
      evaluate: ({ byTool }) => {
        const result = overhead(byTool, formatTool(format).name, formatTool('json').name);
        if (result.status) return result;
        const ratio = result.ms / result.base - 1;
        return {
          status: ratio <= MAX_FORMAT_OVERHEAD ? 'PASS' : 'FAIL',
          detail: `${(ratio * 100).toFixed(1)}% (${result.ms.toFixed(0)} ms vs ${result.base.toFixed(0)} ms)`,
        };
      },
    })),
  },
  {
    name: 'action',
    title: `the GitHub Action (dist/action.js) on a push, against the check it runs, median of ${RUNS} runs each`,
    runs: [formatRun('github'), { tool: action, args: () => [], env: pushEnvironment, exitOk: (code) => code === 0 || code === 1, repeat: RUNS }],
    targets: [
      {
        name: `the Action's own overhead under ${MAX_ACTION_OVERHEAD_MS} ms`,
        evaluate: ({ byTool }) => {
          const result = overhead(byTool, action.name, formatTool('github').name);
          if (result.status) return result;
          const extra = result.ms - result.base;
          return {
            status: extra < MAX_ACTION_OVERHEAD_MS ? 'PASS' : 'FAIL',
            detail: `${extra.toFixed(0)} ms (${result.ms.toFixed(0)} ms vs ${result.base.toFixed(0)} ms)`,
          };
        },
      },
    ],
  },
];
