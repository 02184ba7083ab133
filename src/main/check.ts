import { buildGraph, type ImportGraph } from '../graph/index.js';
import { isFailing, type Finding } from '../model/index.js';
import type { CheckReport } from '../report/index.js';
import { evaluate } from '../rules/index.js';
import { openRepository, type RepositoryOptions } from './repository.js';
import { TOOL } from './version.js';

export type FailOn = 'error' | 'warning' | 'never';

export interface CheckOptions extends RepositoryOptions {
  failOn?: FailOn;
  /** `YYYY-MM-DD`; defaults to today (UTC). Exceptions expire after this day. */
  today?: string;
}

export interface CheckResult {
  report: CheckReport;
  graph: ImportGraph;
}

export function summarize(findings: Finding[]) {
  let errors = 0;
  let warnings = 0;
  let suppressed = 0;
  for (const f of findings) {
    if (f.status === 'suppressed') suppressed++;
    else if (f.status === 'new' && f.severity === 'error') errors++;
    else if (f.status === 'new' && f.severity === 'warning') warnings++;
  }
  return { errors, warnings, suppressed };
}

/** Whole-repository check: configuration → import graph → findings (spec §3, `check --all`). */
export function runCheck(options: CheckOptions): CheckResult {
  const started = performance.now();
  const { config, view, sources, owners } = openRepository(options);
  const graph = buildGraph(view, sources, { tsconfig: config.settings.tsconfig });
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const findings = evaluate({ config, graph, owners, today });
  const failOn = options.failOn ?? 'error';
  const report: CheckReport = {
    tool: TOOL,
    configFile: config.displayFile,
    domains: config.domains.map((d) => ({ name: d.name, ...(d.agentName && { agentName: d.agentName }) })),
    findings,
    summary: {
      ...summarize(findings),
      files: graph.files.length,
      edges: graph.edges.length,
      durationMs: Math.round(performance.now() - started),
    },
    failed: findings.some((f) => isFailing(f, failOn)),
  };
  return { report, graph };
}
