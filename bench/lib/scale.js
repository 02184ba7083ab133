// Scale scenarios (`node bench/run.js --scale`): the whole check of a 50,000-file repository (or
// 200,000 with --files) in every output format, once as generated and once with most files
// unowned, so that formatting tens of thousands of findings is measured too.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cnGuard, cnGuardViolations } from './tools.js';

/** Runs per scenario: a shared machine's noise (±5% here) moves one run, not the median of three. */
const SCALE_RUNS = 3;

/** Every format `check` prints; each must stay within the same budget as json. */
export const CHECK_FORMATS = ['json', 'text', 'sarif', 'github', 'markdown'];

/** The scale targets (docs/guarantees.md): 50k files under 3 s and 400 MB, 200k under 15 s and 1 GB. */
export function scaleBudget(files) {
  return files <= 50_000 ? { seconds: 3, rssMb: 400 } : { seconds: 15, rssMb: 1024 };
}

/** Owns only the files at the top of each domain folder, and warns about the rest: tens of thousands of findings. */
function unownMostFiles(repoDir) {
  const path = join(repoDir, 'orchestrator.toml');
  const text = readFileSync(path, 'utf8')
    .replace('unowned = "allow"', 'unowned = "warn"')
    .replace(/^scope = \["([^"]+)\/\*\*"\]$/gm, 'scope = ["$1/*"]');
  writeFileSync(path, text);
}

function countFindings(text, format) {
  if (format === 'json') return JSON.parse(text).findings.length;
  if (format === 'sarif') {
    // Past GitHub's 25,000 results a run keeps the most severe and names the total in a notification.
    const [run] = JSON.parse(text).runs;
    const left = run.invocations[0].toolExecutionNotifications.map((n) => /of ([\d,]+) results are left out/.exec(n.message.text)).find(Boolean);
    return left ? Number(left[1].replace(/,/g, '')) : run.results.length;
  }
  // The comment counts what the change introduced: in a whole-repository check, every new finding.
  if (format === 'markdown') return Number(/\*\*([\d,]+)\*\* (?:introduced|new)/.exec(text)?.[1].replace(/,/g, '') ?? 0);
  const summary = /[✖!✔] (\d+) errors?, (\d+) warnings?/.exec(text);
  return summary ? Number(summary[1]) + Number(summary[2]) : 0;
}

/** @returns {import('./scenarios.js').Scenario[]} */
export function scaleScenarios(files) {
  const budget = scaleBudget(files);
  const scenario = (format, manyFindings) => ({
    name: `scale-${manyFindings ? 'unowned-' : ''}${format}`,
    title: `check --format ${format}, ${files} files${manyFindings ? ', most of them unowned (warnings)' : ''}, median of ${SCALE_RUNS} runs`,
    ...(manyFindings && format === CHECK_FORMATS[0] && { prepare: (ctx) => unownMostFiles(ctx.repoDir) }),
    runs: [
      {
        tool: cnGuard,
        args: ({ repoDir }) => ['check', '--format', format, '--cwd', repoDir],
        exitOk: (code) => code === 0 || code === 1,
        repeat: SCALE_RUNS,
        // The generated repository's violations, read from json; other formats are judged by their counts.
        ...(format === 'json' && !manyFindings && { violations: cnGuardViolations }),
        findings: (stdout) => countFindings(stdout, format),
      },
    ],
    targets: [
      ...(format === 'json' && !manyFindings
        ? [
            {
              name: 'finds the generated violations',
              evaluate: ({ byTool }) => judge(byTool, (cn) => verdict(cn.matchesExpected, `${cn.violations} violations`)),
            },
          ]
        : []),
      ...(manyFindings
        ? [
            {
              name: 'reports tens of thousands of findings',
              evaluate: ({ byTool }) => judge(byTool, (cn) => verdict(cn.findings >= files / 4, `${cn.findings} findings`)),
            },
          ]
        : []),
      {
        name: `< ${budget.seconds} s wall`,
        evaluate: ({ byTool }) => judge(byTool, (cn) => verdict(cn.wallMs < budget.seconds * 1000, `${(cn.wallMs / 1000).toFixed(2)} s`)),
      },
      {
        name: `< ${budget.rssMb} MB peak RSS`,
        evaluate: ({ byTool }) =>
          judge(byTool, (cn) =>
            cn.peakRssMb === null ? fail('peak RSS not reported') : verdict(cn.peakRssMb < budget.rssMb, `${cn.peakRssMb.toFixed(0)} MB`),
          ),
      },
    ],
  });
  return [...CHECK_FORMATS.map((format) => scenario(format, false)), ...CHECK_FORMATS.map((format) => scenario(format, true))];
}

function judge(byTool, evaluate) {
  const cn = byTool.get(cnGuard.name);
  if (!cn) return { status: 'SKIP', detail: 'cn-guard not run' };
  if (cn.error) return fail('cn-guard failed');
  return evaluate(cn);
}

const fail = (detail) => ({ status: 'FAIL', detail });
const verdict = (ok, detail) => ({ status: ok ? 'PASS' : 'FAIL', detail });
