// `node bench/beads.js`: the two Beads scenarios of docs/beads.md, with their targets.
// 1. `cn-guard contracts` in a consumer project that depends on two others, 10,000 issues each in
//    their `.beads/issues.jsonl` (bd's export shape), with external references between them:
//    reading the three projects and reporting capabilities in under 1 s (median of 5 runs).
// 2. `cn-guard check --post beads` on the 10,000-file benchmark repository (440 violations, and a
//    `.beads/` of 1,000 issues): at most 10% over `cn-guard check` (median of 5 runs each,
//    alternated), once the tasks exist. The first run, which creates them, is reported too.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRepo } from './lib/generator.js';
import { measure } from './lib/measure.js';
import { cnGuard } from './lib/tools.js';

const WORK = fileURLToPath(new URL('./.work/beads', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const T = '2026-05-01T10:00:00Z';

cnGuard.preflight();
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });

/** One export line of bd's, as `bd export` writes it. */
function issue(id, { status = 'open', labels, deps } = {}) {
  return JSON.stringify({
    _type: 'issue',
    id,
    title: `Issue ${id} with a title of a usual length`,
    description: 'A description of a few sentences, as agents write them. '.repeat(3),
    status,
    priority: 2,
    issue_type: 'task',
    assignee: 'agent',
    created_at: T,
    updated_at: T,
    ...(status === 'closed' && { closed_at: T }),
    ...(labels && { labels }),
    ...(deps && { dependencies: deps.map((to) => ({ issue_id: id, depends_on_id: to, type: 'blocks', created_at: T, created_by: 'agent', metadata: '{}' })) }),
  });
}

/** A reference to a capability the other project exports; one in a hundred misspelt (a dangling reference with a suggestion). */
function external(other, i) {
  const k = (i * 7) % 1000;
  return `external:${other}:${i % 500 === 1 ? 'cpa' : 'cap'}-${k - (k % 10)}`;
}

/** A project of `count` issues: every 10th exports a capability (half of those shipped), every 5th waits on another project's (and on the issue before it). */
function project(name, others, count) {
  const lines = [];
  for (let i = 0; i < count; i++) {
    const id = `${name}-${i.toString(36)}`;
    const exported = i % 10 === 0;
    const shipped = exported && i % 20 === 0;
    const other = others[i % others.length];
    lines.push(
      issue(id, {
        status: shipped || i % 3 === 0 ? 'closed' : 'open',
        ...(exported && { labels: [`export:cap-${i}`, ...(shipped ? [`provides:cap-${i}`] : [])] }),
        ...(i % 5 === 1 && { deps: [external(other, i), ...(i > 1 ? [`${name}-${(i - 1).toString(36)}`] : [])] }),
      }),
    );
  }
  const dir = join(WORK, name);
  mkdirSync(join(dir, '.beads'), { recursive: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, '.beads/issues.jsonl'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'src/index.ts'), 'export const x = 1;\n');
  const externals = others.map((o) => `${o} = "../${o}"`).join('\n');
  writeFileSync(join(dir, 'orchestrator.toml'), `[project]\nname = "${name}"\n\n[external_projects]\n${externals}\n\n[domains.app]\nscope = "src/**"\n`);
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function run(cwd, args, tag) {
  const stdoutFile = join(WORK, `${tag}.out`);
  const m = await measure({ script: cnGuard.script, args, cwd, stdoutFile, rssFile: join(WORK, `${tag}.rss`) });
  if (m.exitCode !== 0 && m.exitCode !== 1) throw new Error(`cn-guard ${args.join(' ')} exited ${m.exitCode}: ${m.stderr}`);
  return { ...m, stdout: readFileSync(stdoutFile, 'utf8') };
}

// 1. Three projects of 10,000 issues.
const projects = ['web', 'auth', 'billing'];
for (const name of projects)
  project(
    name,
    projects.filter((p) => p !== name),
    10_000,
  );
const reads = [];
let report;
for (let i = 0; i < RUNS; i++) {
  const m = await run(join(WORK, 'web'), ['contracts', '--format', 'json'], 'read');
  reads.push(m.wallMs);
  report = JSON.parse(m.stdout);
}
const { capabilities } = report;
const read = median(reads);
const readTargets = [
  [
    `3 projects, ${capabilities.projects.reduce((n, p) => n + p.issues, 0)} issues read (${capabilities.provided.length} provided, ${capabilities.blocked.length} blocked, ${capabilities.unblocked.length} unblocked, ${report.findings.length} dangling)`,
    capabilities.projects.every((p) => p.issues === 10_000 && p.source === 'jsonl') &&
      capabilities.blocked.length > 0 &&
      capabilities.unblocked.length > 0 &&
      report.findings.length > 0 &&
      report.findings.every((f) => f.rule === 'dangling-external-ref' && f.hint?.startsWith('did you mean')),
  ],
  [`< 1 s wall, median of ${RUNS} (${(read / 1000).toFixed(2)} s; runs ${reads.map((ms) => (ms / 1000).toFixed(2)).join(', ')})`, read < 1000],
];
console.log('cn-guard contracts: capabilities across 3 projects of 10,000 issues each');
for (const [name, ok] of readTargets) console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${name}`);

// 2. --post beads on the 10,000-file repository.
const repo = join(WORK, 'repo');
generateRepo({ dir: repo, files: 10_000, domains: 20, seed: 1, force: true });
mkdirSync(join(repo, '.beads'), { recursive: true });
writeFileSync(join(repo, '.beads/issues.jsonl'), `${Array.from({ length: 1000 }, (_, i) => issue(`bench-${i.toString(36)}`)).join('\n')}\n`);
const first = await run(repo, ['check', '--format', 'json', '--post', 'beads'], 'first');
const inbox = readFileSync(join(repo, '.orchestrator/beads-inbox.jsonl'), 'utf8').trim().split('\n').length;
const plain = [];
const posting = [];
for (let i = 0; i < RUNS; i++) {
  plain.push((await run(repo, ['check', '--format', 'json'], 'plain')).wallMs);
  posting.push((await run(repo, ['check', '--format', 'json', '--post', 'beads'], 'post')).wallMs);
}
const violations = JSON.parse(readFileSync(join(WORK, 'post.out'), 'utf8')).summary.errors;
const [p, q] = [median(plain), median(posting)];
const overhead = (q - p) / p;
const postTargets = [
  [
    `${violations} violations, ${inbox} tasks in the inbox, none added by the later runs`,
    readFileSync(join(repo, '.orchestrator/beads-inbox.jsonl'), 'utf8').trim().split('\n').length === inbox,
  ],
  [
    `check --post beads at most 10% over check (${(q / 1000).toFixed(2)} s against ${(p / 1000).toFixed(2)} s: ${(overhead * 100).toFixed(1)}%; the first run, which creates the tasks: ${(first.wallMs / 1000).toFixed(2)} s)`,
    overhead <= 0.1,
  ],
];
console.log('cn-guard check --post beads: the 10,000-file benchmark repository');
for (const [name, ok] of postTargets) console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${name}`);

if (!process.argv.includes('--keep')) rmSync(WORK, { recursive: true, force: true });
process.exitCode = [...readTargets, ...postTargets].every(([, ok]) => ok) ? 0 : 1;
