// The two tools under comparison: where their entry points are and how to
// read the violations out of their JSON reports. Violations are compared as
// "from -> to" strings with paths relative to the scanned repository.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const cnGuard = {
  name: 'cn-guard',
  script: join(REPO_ROOT, 'bin/cn-guard.js'),
  preflight() {
    // bin/cn-guard.js only imports the esbuild bundle.
    if (!existsSync(join(REPO_ROOT, 'dist/cli.js'))) {
      throw new Error('cn-guard is not built (dist/cli.js is missing): run npm run build first');
    }
  },
};

export const dependencyCruiser = {
  name: 'dependency-cruiser',
  get script() {
    const dir = join(REPO_ROOT, 'node_modules/dependency-cruiser');
    const { bin } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return join(dir, bin['dependency-cruise']);
  },
  preflight() {
    if (!existsSync(join(REPO_ROOT, 'node_modules/dependency-cruiser/package.json'))) {
      throw new Error('dependency-cruiser is not installed: run npm install first');
    }
  },
};

export const typescriptParse = {
  name: 'typescript parse only',
  script: join(REPO_ROOT, 'bench/lib/typescript-imports.js'),
  preflight() {
    if (!existsSync(join(REPO_ROOT, 'node_modules/typescript/package.json'))) {
      throw new Error('typescript is not installed: run npm install first');
    }
  },
};

/** `cn-guard check --format json`: findings of rule forbidden-import, as file -> target. */
export function cnGuardViolations(text) {
  const report = JSON.parse(text);
  if (!Array.isArray(report?.findings)) throw new Error('report has no "findings" array');
  return unique(report.findings.filter((f) => f.rule === 'forbidden-import').map((f) => `${f.file} -> ${f.target}`));
}

/** `depcruise --output-type json`: summary.violations, as from -> to (one per dependency). */
export function dependencyCruiserViolations(text) {
  const report = JSON.parse(text);
  if (!Array.isArray(report?.summary?.violations)) throw new Error('report has no "summary.violations" array');
  return unique(report.summary.violations.map((v) => `${v.from} -> ${v.to}`));
}

function unique(items) {
  return [...new Set(items)].sort();
}
