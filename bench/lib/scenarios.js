// Benchmark scenarios. Each one names the tool invocations to measure and the
// targets to judge them by; run.js does the measuring and reporting. New
// scenarios (a staged pre-commit check, `cn-guard graph`, ...) are added here:
// an optional prepare(ctx) can change the generated repository first.

import { graphOutput, judgeDiagram, removeGraphOutput } from './graph.js';
import { reportingScenarios } from './reporting.js';
import { STAGED_FILES, stageChangedImports } from './staged.js';
import { cnGuard, cnGuardViolations, dependencyCruiser, dependencyCruiserViolations, typescriptParse } from './tools.js';

// Targets from the cn-guard spec, defined for the 10,000-file repository.
const MIN_SPEEDUP = 20;
const MAX_WALL_SECONDS = 2;
const MAX_PEAK_RSS_MB = 500;
const STAGED_RUNS = 10;
const MAX_STAGED_MEDIAN_MS = 300;
const MAX_STAGED_WORST_MS = 500;
const MAX_GRAPH_WALL_SECONDS = 3;

/**
 * @typedef {{tool: {name: string, script: string}, args: (ctx: {repoDir: string}) => string[],
 *   exitOk: (code: number) => boolean, violations: (stdout: string) => string[]}} Run
 * @typedef {{name: string, title: string, prepare?: (ctx: {repoDir: string}) => void, runs: Run[],
 *   compare?: [string, string],
 *   targets: {name: string, evaluate: (outcome: Outcome) => {status: 'PASS'|'FAIL'|'SKIP', detail?: string}}[]}} Scenario
 * @typedef {{byTool: Map<string, {wallMs: number, peakRssMb: number|null, error: string|null}>,
 *   comparison: import('./compare.js').Diff|null}} Outcome  comparison: of the two `compare` tools' violations
 */

/** @type {Scenario[]} */
export const scenarios = [
  {
    name: 'check',
    title: 'full check of the committed repository',
    runs: [
      {
        tool: cnGuard,
        args: ({ repoDir }) => ['check', '--format', 'json', '--cwd', repoDir],
        // 1 = violations found, 0 = none; anything else is a failure.
        exitOk: (code) => code === 0 || code === 1,
        violations: cnGuardViolations,
      },
      {
        tool: dependencyCruiser,
        args: () => ['--config', '.dependency-cruiser.cjs', '--output-type', 'json', 'src', 'packages'],
        // The json reporter always exits 0; violations are in the report.
        exitOk: (code) => code === 0,
        violations: dependencyCruiserViolations,
      },
      {
        // Not a checker (no violations): the parse that a ts-morph-based extraction would pay for.
        tool: typescriptParse,
        args: ({ repoDir }) => [repoDir],
        exitOk: (code) => code === 0,
      },
    ],
    compare: [cnGuard.name, dependencyCruiser.name],
    targets: [
      {
        name: 'same violation set as dependency-cruiser',
        evaluate: ({ byTool, comparison }) => withBoth(byTool, () => (comparison.identical ? pass() : fail(differences(comparison)))),
      },
      {
        name: `cn-guard >= ${MIN_SPEEDUP}x faster than dependency-cruiser`,
        evaluate: ({ byTool }) =>
          withBoth(byTool, (cn, dc) => {
            const ratio = dc.wallMs / cn.wallMs;
            return verdict(ratio >= MIN_SPEEDUP, `${ratio.toFixed(1)}x`);
          }),
      },
      {
        name: `cn-guard < ${MAX_WALL_SECONDS} s wall`,
        evaluate: ({ byTool }) => withCnGuard(byTool, (cn) => verdict(cn.wallMs < MAX_WALL_SECONDS * 1000, `${(cn.wallMs / 1000).toFixed(2)} s`)),
      },
      {
        name: 'cn-guard check faster than TypeScript merely parsing the same files',
        evaluate: ({ byTool }) =>
          withCnGuard(byTool, (cn) => {
            const ts = byTool.get(typescriptParse.name);
            if (!ts || ts.error) return { status: 'SKIP', detail: 'typescript parse not run' };
            return verdict(cn.wallMs < ts.wallMs, `${(cn.wallMs / 1000).toFixed(2)} s vs ${(ts.wallMs / 1000).toFixed(2)} s`);
          }),
      },
      {
        name: `cn-guard < ${MAX_PEAK_RSS_MB} MB peak RSS`,
        evaluate: ({ byTool }) =>
          withCnGuard(byTool, (cn) =>
            cn.peakRssMb === null ? fail('peak RSS not reported') : verdict(cn.peakRssMb < MAX_PEAK_RSS_MB, `${cn.peakRssMb.toFixed(0)} MB`),
          ),
      },
    ],
  },
  // Before `staged`, which changes and stages files of the generated repository.
  graphScenario('graph', 'svg', 'domain diagram of the committed repository, rendered to SVG in-process (Graphviz WebAssembly)'),
  graphScenario('graph-mermaid', 'mermaid', 'domain diagram of the committed repository as Mermaid'),
  ...reportingScenarios,
  {
    name: 'staged',
    title: `pre-commit: check --staged with ${STAGED_FILES} staged files whose imports changed`,
    // Runs after `check`: it changes and stages files of the generated repository.
    prepare: (ctx) => {
      ctx.expected = stageChangedImports(ctx.repoDir, ctx.expectedFile);
    },
    runs: [
      {
        tool: cnGuard,
        args: ({ repoDir }) => ['check', '--staged', '--format', 'json', '--cwd', repoDir],
        exitOk: (code) => code === 0 || code === 1,
        violations: cnGuardViolations,
        repeat: STAGED_RUNS,
      },
    ],
    targets: [
      {
        name: 'finds exactly the violations of the staged files',
        evaluate: ({ byTool }) => withCnGuard(byTool, (cn) => verdict(cn.matchesExpected, `${cn.violations} violations`)),
      },
      {
        name: `median of ${STAGED_RUNS} runs < ${MAX_STAGED_MEDIAN_MS} ms (Node start-up included)`,
        evaluate: ({ byTool }) => withCnGuard(byTool, (cn) => verdict(cn.wallMs < MAX_STAGED_MEDIAN_MS, `${cn.wallMs.toFixed(0)} ms`)),
      },
      {
        name: `worst of ${STAGED_RUNS} runs < ${MAX_STAGED_WORST_MS} ms`,
        evaluate: ({ byTool }) => withCnGuard(byTool, (cn) => verdict(cn.worstMs < MAX_STAGED_WORST_MS, `${cn.worstMs.toFixed(0)} ms`)),
      },
    ],
  },
];

/**
 * `cn-guard graph --format FORMAT --output FILE` on the whole repository: the analysis of a full
 * check plus the diagram. Judged by its wall time and by what the written diagram shows.
 * @returns {Scenario}
 */
function graphScenario(name, format, title) {
  let ctxSeen;
  return {
    name,
    title,
    prepare: (ctx) => {
      ctxSeen = ctx;
      removeGraphOutput(ctx.repoDir, format);
    },
    runs: [
      {
        tool: cnGuard,
        args: ({ repoDir }) => ['graph', '--format', format, '--output', graphOutput(repoDir, format), '--cwd', repoDir],
        exitOk: (code) => code === 0,
      },
    ],
    targets: [
      {
        name: 'draws every domain and one violating edge per domain pair with expected violations',
        evaluate: ({ byTool }) => withCnGuard(byTool, () => judgeDiagram(ctxSeen.repoDir, ctxSeen.expectedFile, format)),
      },
      {
        name: `cn-guard graph --format ${format} < ${MAX_GRAPH_WALL_SECONDS} s wall`,
        evaluate: ({ byTool }) => withCnGuard(byTool, (cn) => verdict(cn.wallMs < MAX_GRAPH_WALL_SECONDS * 1000, `${(cn.wallMs / 1000).toFixed(2)} s`)),
      },
      {
        name: `cn-guard graph < ${MAX_PEAK_RSS_MB} MB peak RSS`,
        evaluate: ({ byTool }) =>
          withCnGuard(byTool, (cn) =>
            cn.peakRssMb === null ? fail('peak RSS not reported') : verdict(cn.peakRssMb < MAX_PEAK_RSS_MB, `${cn.peakRssMb.toFixed(0)} MB`),
          ),
      },
    ],
  };
}

// A target needs the tools it talks about to have run successfully.
function withCnGuard(byTool, judge) {
  const cn = byTool.get(cnGuard.name);
  if (!cn) return { status: 'SKIP', detail: 'cn-guard not run' };
  if (cn.error) return fail('cn-guard failed');
  return judge(cn);
}

function withBoth(byTool, judge) {
  const dc = byTool.get(dependencyCruiser.name);
  if (!dc) return { status: 'SKIP', detail: 'dependency-cruiser not run' };
  if (dc.error) return fail('dependency-cruiser failed');
  return withCnGuard(byTool, (cn) => judge(cn, dc));
}

function differences({ onlyLeft, onlyRight }) {
  return `${onlyLeft.length} only in cn-guard, ${onlyRight.length} only in dependency-cruiser`;
}

const pass = (detail) => ({ status: 'PASS', detail });
const fail = (detail) => ({ status: 'FAIL', detail });
const verdict = (ok, detail) => (ok ? pass(detail) : fail(detail));
