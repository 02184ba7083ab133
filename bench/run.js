#!/usr/bin/env node
// Benchmarks cn-guard against dependency-cruiser on a generated repository:
// wall time, peak RSS and the violations each reports, checked against each
// other and against the generator's ground truth. See bench/README.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, parseCli, positiveInt } from './lib/args.js';
import { diff } from './lib/compare.js';
import { EXPECTED_FILE, generateRepo } from './lib/generator.js';
import { measure } from './lib/measure.js';
import { formatText } from './lib/report.js';
import { scaleScenarios } from './lib/scale.js';
import { scenarios } from './lib/scenarios.js';
import { cnGuard, dependencyCruiser, typescriptParse } from './lib/tools.js';

const USAGE = `usage: node bench/run.js [--files 10000] [--keep] [--skip-depcruise] [--skip-cn-guard] [--json]
       node bench/run.js --scale [--files 50000]

Generates bench/.work/repo-<files>, runs every scenario and prints wall time,
peak RSS and violations per tool, the comparison and the targets.
  --keep            keep the generated repository and the tools' reports
  --skip-depcruise  do not run dependency-cruiser (30-45 s at 10,000 files)
  --skip-cn-guard   do not run cn-guard (to measure dependency-cruiser alone)
  --json            print the summary as JSON
  --scale           cn-guard alone on a large repository (50,000 files unless --files),
                    every output format, as generated and with most files unowned
Exit code: 0 if every target is met, 1 if not (or a tool failed), 2 on usage errors.`;

// The generated repository's shape is fixed apart from its size, so results are comparable.
const DOMAINS = 20;
const SEED = 1;
const WORK_DIR = fileURLToPath(new URL('./.work/', import.meta.url));

const { values } = parseCli(
  process.argv.slice(2),
  {
    files: { type: 'string' },
    scale: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'skip-depcruise': { type: 'boolean', default: false },
    'skip-cn-guard': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
  USAGE,
);
const files = positiveInt(values.files ?? (values.scale ? '50000' : '10000'), 'files');
const skipped = new Set([
  ...(values['skip-depcruise'] || values.scale ? [dependencyCruiser.name, typescriptParse.name] : []),
  ...(values['skip-cn-guard'] ? [cnGuard.name] : []),
]);
// Progress goes to stderr so that --json output stays parseable.
const progress = (message) => process.stderr.write(`${message}\n`);

try {
  for (const tool of [cnGuard, dependencyCruiser, typescriptParse]) if (!skipped.has(tool.name)) tool.preflight();
} catch (error) {
  fail(error.message);
}

mkdirSync(WORK_DIR, { recursive: true });
const repoDir = join(WORK_DIR, `repo-${files}`);
progress(`generating ${files} files into ${repoDir} ...`);
let repository;
try {
  repository = { dir: repoDir, ...generateRepo({ dir: repoDir, files, domains: DOMAINS, seed: SEED, force: true }) };
} catch (error) {
  fail(`generate: ${error.message}`);
}
const expected = JSON.parse(readFileSync(join(repoDir, EXPECTED_FILE), 'utf8'));
settle(repoDir);

const reports = [];
const summary = { repository, scenarios: [], passed: true };
for (const scenario of values.scale ? scaleScenarios(files) : scenarios) {
  const result = await runScenario(scenario);
  summary.scenarios.push(result);
  if (result.results.some((r) => r.error) || result.targets.some((t) => t.status === 'FAIL')) summary.passed = false;
}

console.log(values.json ? JSON.stringify(summary, null, 2) : formatText(summary));
if (!values.keep) {
  rmSync(repoDir, { recursive: true, force: true });
  for (const file of reports) rmSync(file, { force: true });
}
process.exitCode = summary.passed ? 0 : 1;

async function runScenario(scenario) {
  const ctx = { repoDir, expectedFile: EXPECTED_FILE };
  scenario.prepare?.(ctx);
  const byTool = new Map();
  for (const run of scenario.runs.filter((r) => !skipped.has(r.tool.name))) {
    progress(`[${scenario.name}] running ${run.tool.name} ...`);
    byTool.set(run.tool.name, await measureRepeatedly(scenario, run, ctx));
  }

  const [left, right] = (scenario.compare ?? []).map((name) => byTool.get(name));
  const bothOk = left && right && !left.error && !right.error;
  const comparison = bothOk ? diff(left.violationList, right.violationList) : null;
  const outcome = { byTool, comparison };
  return {
    name: scenario.name,
    title: scenario.title,
    compare: scenario.compare ?? null,
    results: [...byTool.values()].map(({ violationList, ...rest }) => rest),
    speedRatio: bothOk ? right.wallMs / left.wallMs : null,
    comparison,
    targets: scenario.targets.map((t) => ({ name: t.name, ...t.evaluate(outcome) })),
  };
}

/** A run with `repeat: N` is measured N times: its wall time is the median, `worstMs` the slowest, its memory the highest peak. */
async function measureRepeatedly(scenario, run, ctx) {
  const results = [];
  for (let i = 0; i < (run.repeat ?? 1); i++) results.push(await measureRun(scenario, run, ctx));
  const walls = results.map((r) => r.wallMs).sort((a, b) => a - b);
  const peaks = results.map((r) => r.peakRssMb).filter((mb) => mb !== null);
  const failed = results.find((r) => r.error);
  return {
    ...(failed ?? results[0]),
    wallMs: walls[Math.floor((walls.length - 1) / 2)],
    worstMs: walls.at(-1),
    runs: walls.length,
    peakRssMb: peaks.length === results.length ? Math.max(...peaks) : null,
  };
}

async function measureRun(scenario, run, ctx) {
  const base = join(WORK_DIR, `${scenario.name}-${run.tool.name.replace(/\W+/g, '-')}-${files}`);
  const stdoutFile = `${base}.out`;
  const rssFile = `${base}.rss`;
  reports.push(stdoutFile, rssFile);
  const m = await measure({ script: run.tool.script, args: run.args(ctx), cwd: repoDir, stdoutFile, rssFile, env: run.env?.(ctx) ?? {} });

  let error = null;
  let violationList = [];
  if (m.signal || !run.exitOk(m.exitCode)) {
    error = m.signal ? `killed by ${m.signal}` : `exit code ${m.exitCode}`;
  } else if (run.violations) {
    try {
      violationList = run.violations(readFileSync(stdoutFile, 'utf8'));
    } catch (e) {
      error = `cannot read its report (${stdoutFile}): ${e.message}`;
    }
  }
  const vsExpected = diff(ctx.expected ?? expected, violationList);
  return {
    tool: run.tool.name,
    wallMs: m.wallMs,
    peakRssMb: m.peakRssMb,
    exitCode: m.exitCode,
    error,
    stderrTail: error ? m.stderr.slice(-2000) : '',
    otherProcesses: m.otherProcesses,
    violations: run.violations ? violationList.length : null,
    findings: run.findings && !error ? run.findings(readFileSync(stdoutFile, 'utf8')) : null,
    matchesExpected: run.violations ? !error && vsExpected.identical : null,
    missing: vsExpected.onlyLeft,
    unexpected: vsExpected.onlyRight,
    violationList,
  };
}

/**
 * Every tool is measured on a repository at rest: the generator's writes flushed to disk (the
 * kernel writing back hundreds of megabytes would slow whichever tool runs first), and every file
 * read once, so that each tool finds the file cache as on a developer's machine.
 */
function settle(dir) {
  progress('flushing the generated repository to disk and reading it once ...');
  execFileSync('sync');
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: dir, maxBuffer: 1 << 30 })
    .toString('utf8')
    .split('\0');
  for (const file of files) if (file) readFileSync(join(dir, file));
}
