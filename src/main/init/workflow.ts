import { createRequire } from 'node:module';

/**
 * `.github/workflows/cn-guard.yml`: the PR check. All of its text is made here, so that the
 * cn-guard GitHub Action can replace the steps in one place.
 */

/** The Node lines with long-term support; cn-guard itself needs 20.19 or later. */
const LTS_MAJORS = [20, 22, 24] as const;
const NEWEST_MAJOR = 24;
const NODE_VERSION_FILES = ['.nvmrc', '.node-version'];

export interface WorkflowFacts {
  files: ReadonlySet<string>;
  /** package.json's `engines.node`. */
  enginesNode?: string;
  /** package.json's `packageManager` (e.g. `pnpm@10.12.1`). */
  packageManager?: string;
}

export interface Workflow {
  text: string;
  /** What the user should know about the choices made (a Node version their engines refuse). */
  note?: string;
}

interface NodeChoice {
  with: string;
  note?: string;
}

/**
 * The project's own version file, else the lowest LTS line whose newest release (what
 * `node-version: 22` installs) engines.node admits: 22.999.0 stands for "the newest 22.x".
 */
function chooseNode({ files, enginesNode }: WorkflowFacts): NodeChoice {
  const versionFile = NODE_VERSION_FILES.find((file) => files.has(file));
  if (versionFile) return { with: `node-version-file: ${versionFile}` };
  if (enginesNode === undefined) return { with: `node-version: ${LTS_MAJORS[0]}` };
  // Loaded only here: the pre-commit path never needs it.
  const semver = createRequire(import.meta.url)('semver') as typeof import('semver');
  if (semver.validRange(enginesNode) === null) {
    return {
      with: `node-version: ${LTS_MAJORS[0]}`,
      note: `engines.node "${enginesNode}" is not a version range npm understands; the workflow uses Node ${LTS_MAJORS[0]}`,
    };
  }
  const major = LTS_MAJORS.find((m) => semver.satisfies(`${m}.999.0`, enginesNode));
  if (major !== undefined) return { with: `node-version: ${major}` };
  return {
    with: `node-version: ${NEWEST_MAJOR}`,
    note: `engines.node "${enginesNode}" admits none of Node ${LTS_MAJORS.join(', ')} (cn-guard needs 20.19 or later); the workflow uses Node ${NEWEST_MAJOR}`,
  };
}

/** The install steps of the project's package manager, told by its lockfile. */
function installSteps({ files, packageManager }: WorkflowFacts): string[] {
  if (files.has('package-lock.json') || files.has('npm-shrinkwrap.json')) return ['      - run: npm ci'];
  if (files.has('yarn.lock')) return ['      - run: yarn install --frozen-lockfile'];
  if (files.has('pnpm-lock.yaml')) {
    // pnpm/action-setup reads the version from packageManager; without one it needs to be told.
    const version = packageManager?.startsWith('pnpm@') ? [] : ['        with:', '          version: 10'];
    return ['      - uses: pnpm/action-setup@v4', ...version, '      - run: pnpm install --frozen-lockfile'];
  }
  return ['      - run: npm install'];
}

export function renderWorkflow(facts: WorkflowFacts): Workflow {
  const node = chooseNode(facts);
  const lines = [
    '# cn-guard: boundary checks on every pull request (written by `cn-guard init`).',
    'name: cn-guard',
    'on:',
    '  pull_request:',
    'permissions:',
    '  contents: read',
    'jobs:',
    '  boundaries:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '        with:',
    '          fetch-depth: 0 # PR mode compares with the merge base: it needs the history',
    '      - uses: actions/setup-node@v4',
    '        with:',
    `          ${node.with}`,
    ...installSteps(facts),
    '      - run: npx --no-install cn-guard check --base "origin/${{ github.base_ref }}"',
  ];
  return { text: `${lines.join('\n')}\n`, ...(node.note !== undefined && { note: node.note }) };
}
