import { describe, expect, it } from 'vitest';
import { type Finding, finding } from '../../src/model/index.js';
import { type CheckReport, formatsFor, render } from '../../src/report/index.js';

/** A report with `n` unowned files in 100 folders: one group in text output, as a large repository gives. */
function report(n: number): CheckReport {
  const findings: Finding[] = Array.from({ length: n }, (_, i) =>
    finding({
      rule: 'unowned-file',
      severity: 'warning',
      message: `src/d${i % 100}/f${i}.ts belongs to no domain`,
      file: `src/d${i % 100}/f${i}.ts`,
    }),
  );
  return {
    tool: { name: 'cn-guard', version: '0.0.0', repository: 'https://github.com/cn-guard/cn-guard' },
    configFile: 'orchestrator.toml',
    mode: 'repository',
    project: { dir: '', config: 'orchestrator.toml', baseline: '.orchestrator/cn-guard-baseline.json' },
    domains: Array.from({ length: 100 }, (_, d) => ({ name: `d${d}`, agentName: `agent-${d}`, line: d + 1 })),
    findings,
    summary: { errors: 0, warnings: n, suppressed: 0, known: 0, preexisting: 0, files: n, edges: 0, durationMs: 0 },
    failed: false,
    notes: [],
  };
}

/** The fastest of a few runs: a pause of the collector or of a busy machine inflates one run, not all. */
const fastest = (runs: number, work: () => void) =>
  Math.min(
    ...Array.from({ length: runs }, () => {
      const started = performance.now();
      work();
      return performance.now() - started;
    }),
  );

describe('output is linear in the findings, in every format', () => {
  // The text format once copied a group's array for every finding: 172,000 findings took 15 s.
  it.each(formatsFor('check'))('%s', (format) => {
    const options = { color: false, quiet: false, rulesDir: 'rules' };
    const small = report(2_500);
    const large = report(40_000);
    const t1 = fastest(3, () => render(format, { kind: 'check', report: small }, options));
    const t16 = fastest(2, () => render(format, { kind: 'check', report: large }, options));
    // Sixteen times the findings: about sixteen times the time for linear work, 256 for quadratic.
    expect(t16 / Math.max(t1, 1)).toBeLessThan(64);
    expect(t16).toBeLessThan(5000);
  });
});
