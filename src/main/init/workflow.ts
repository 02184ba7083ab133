import { TOOL } from '../version.js';

/**
 * `.github/workflows/cn-guard.yml`: the cn-guard GitHub Action on every pull request (and on pushes
 * to the default branch). The Action is one self-contained file that runs on the runner's own
 * Node, so the workflow installs nothing and the project's Node version does not matter; it reads
 * the pull request from the event, comments once and keeps the comment up to date, annotates the
 * changed lines and writes the job summary.
 */

/** `owner/name@vX.Y.Z` of the Action, at the version of the cn-guard that writes the workflow. */
function actionReference(): string {
  const repository = new URL(TOOL.repository).pathname.replace(/^\//, '');
  return `${repository}@v${TOOL.version}`;
}

export function renderWorkflow(): string {
  const lines = [
    '# cn-guard: boundary checks on every pull request (written by `cn-guard init`).',
    'name: cn-guard',
    'on:',
    '  pull_request:',
    '  push:',
    '    branches: [main]',
    'permissions:',
    '  contents: read',
    "  pull-requests: write # the sticky comment (a fork's read-only token gets annotations and the job summary instead)",
    'jobs:',
    '  boundaries:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '        with:',
    '          fetch-depth: 0 # a pull request is compared with its merge base: the history is needed',
    `      - uses: ${actionReference()}`,
  ];
  return `${lines.join('\n')}\n`;
}
