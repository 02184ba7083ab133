// `node bench/contracts.js`: two contract scenarios with their targets.
// 1. `cn-guard contracts diff` on GitHub's own REST description (@octokit/openapi, 13 MB of JSON,
//    one of the largest API descriptions there is) against a copy with 20 scattered changes of
//    known kinds: under 5 s and 1 GB, every change found.
// 2. `cn-guard contracts` on the 10,000-file benchmark repository with 10 TypeScript artifacts,
//    one per domain, consumed across it: under 5 s.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRepo } from './lib/generator.js';
import { measure } from './lib/measure.js';
import { cnGuard } from './lib/tools.js';

const WORK = fileURLToPath(new URL('./.work/contracts', import.meta.url));
const source = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The copy, and what must be found: `id at-least-count` per kind of change. */
function changedCopy(document) {
  const api = structuredClone(document);
  const paths = Object.keys(api.paths);
  const operation = (i) => {
    const path = paths[i];
    const method = Object.keys(api.paths[path]).find((m) => METHODS.includes(m));
    return { path, method, op: api.paths[path][method] };
  };
  const expected = [];
  for (let i = 0; i < 5; i++) {
    const { path, method } = operation(i * 97 + 7);
    delete api.paths[path][method];
    expected.push(['operation-removed', `${method.toUpperCase()} ${path}`]);
  }
  for (let i = 0; i < 5; i++) {
    const { path, method, op } = operation(i * 97 + 31);
    op.parameters = [...(op.parameters ?? []), { name: `x-bench-${i}`, in: 'query', required: true, schema: { type: 'string' } }];
    expected.push(['new-required-parameter', `${method.toUpperCase()} ${path} query x-bench-${i}`]);
  }
  let removed = 0;
  for (let i = 0; removed < 5 && i < paths.length; i += 13) {
    const { path, method, op } = operation(i);
    const status = op && Object.keys(op.responses ?? {}).find((code) => !code.startsWith('2'));
    if (!status || expected.some(([, at]) => at.startsWith(`${method.toUpperCase()} ${path}`))) continue;
    delete op.responses[status];
    expected.push(['response-status-removed', `${method.toUpperCase()} ${path} ${status}`]);
    removed++;
  }
  const schemas = api.components.schemas;
  const edits = [
    ['simple-user', (s) => delete s.properties.gravatar_id, 'response-property-removed'],
    ['repository', (s) => delete s.properties.description, 'response-property-removed'],
    ['issue', (s) => (s.required = s.required.filter((name) => name !== 'title')), 'response-property-became-optional'],
    ['label', (s) => (s.properties.color = { ...s.properties.color, nullable: true }), 'response-type-widened'],
    ['milestone', (s) => (s.properties.state = { ...s.properties.state, enum: [...s.properties.state.enum, 'archived'] }), 'response-enum-value-added'],
  ];
  for (const [name, edit, id] of edits) {
    edit(schemas[name]);
    expected.push([id, '']);
  }
  return { api, expected };
}

mkdirSync(WORK, { recursive: true });
const document = JSON.parse(readFileSync(source, 'utf8'));
const { api, expected } = changedCopy(document);
writeFileSync(join(WORK, 'old.json'), readFileSync(source));
writeFileSync(join(WORK, 'new.json'), JSON.stringify(api, null, 2));

const stdoutFile = join(WORK, 'diff.json');
const m = await measure({
  script: cnGuard.script,
  args: ['contracts', 'diff', 'old.json', 'new.json', '--format', 'json'],
  cwd: WORK,
  stdoutFile,
  rssFile: join(WORK, 'rss'),
});
const diff = JSON.parse(readFileSync(stdoutFile, 'utf8'));
const found = expected.filter(([id, at]) => diff.changes.some((c) => c.id === id && (at === '' || c.location === at)));
const targets = [
  [`every change found (${found.length}/${expected.length})`, found.length === expected.length],
  [`< 5 s wall (${(m.wallMs / 1000).toFixed(2)} s)`, m.wallMs < 5000],
  [`< 1 GB peak RSS (${m.peakRssMb?.toFixed(0)} MB)`, m.peakRssMb !== null && m.peakRssMb < 1024],
  [`exit 1: something breaks (${m.exitCode})`, m.exitCode === 1],
];
console.log(
  `cn-guard contracts diff: GitHub's REST description (${(readFileSync(source).length / 1e6).toFixed(1)} MB) against a copy with ${expected.length} changes`,
);
console.log(
  `  ${diff.summary.breaking} breaking, ${diff.summary.warnings} warnings, ${diff.summary.info} info (${diff.changes.length} changes: a shared schema counts once per place it is used)`,
);
for (const [name, ok] of targets) console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${name}`);
for (const [id, at] of expected.filter((e) => !found.includes(e))) console.log(`  missing: ${id} ${at}`);

/** The benchmark repository, with a TypeScript artifact published by each of its first ten domains and imported by the next one. */
function repositoryWithArtifacts() {
  const dir = join(WORK, 'repo');
  generateRepo({ dir, files: 10_000, domains: 20, seed: 1, force: true });
  const configFile = join(dir, 'orchestrator.toml');
  let config = readFileSync(configFile, 'utf8');
  const domains = [...config.matchAll(/^\[domains\.([\w-]+)\]\nscope = \["src\/([\w-]+)\/\*\*"\]\n/gm)].slice(0, 11);
  const artifacts = [];
  for (const [header, name, folder] of domains.slice(0, 10)) {
    const type = name.replace(/(^|-)(\w)/g, (_, _dash, c) => c.toUpperCase());
    const declarations = Array.from(
      { length: 20 },
      (_, n) =>
        `export interface ${type}${n} { id: string; count?: number; tags: readonly string[] }\nexport declare function get${n}(id: string, options?: { deep: boolean }): Promise<${type}${n}>;\n`,
    );
    writeFileSync(join(dir, 'src', folder, 'contract.d.ts'), declarations.join(''));
    config = config.replace(header, `${header}exports = ["Api"]\n`);
    artifacts.push(`\n[domains.${name}.artifacts.Api]\npath = "src/${folder}/contract.d.ts"\nformat = "typescript"\n`);
  }
  // Each domain consumes the artifact of the one before it.
  domains.slice(1).forEach(([, consumer], i) => {
    config = config.replace(`[domains.${consumer}]\n`, `[domains.${consumer}]\nimports = { ${JSON.stringify(domains[i][1])} = ["Api"] }\n`);
  });
  writeFileSync(configFile, config + artifacts.join(''));
  return dir;
}

const repo = repositoryWithArtifacts();
const contracts = await measure({
  script: cnGuard.script,
  args: ['contracts', '--format', 'json'],
  cwd: repo,
  stdoutFile: join(WORK, 'contracts.json'),
  rssFile: join(WORK, 'rss2'),
});
const report = JSON.parse(readFileSync(join(WORK, 'contracts.json'), 'utf8'));
const checked = report.findings.filter((f) => f.rule === 'unlocked-contract').length;
const repoTargets = [
  [
    `10 artifacts validated and compared (${checked} unlocked, ${report.findings.length - checked} other findings)`,
    checked === 10 && report.findings.length === 10,
  ],
  [`< 5 s wall (${(contracts.wallMs / 1000).toFixed(2)} s)`, contracts.wallMs < 5000],
];
console.log('cn-guard contracts: the 10,000-file benchmark repository with 10 TypeScript artifacts');
for (const [name, ok] of repoTargets) console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${name}`);

if (!process.argv.includes('--keep')) rmSync(WORK, { recursive: true, force: true });
process.exitCode = [...targets, ...repoTargets].every(([, ok]) => ok) ? 0 : 1;
