import { posix } from 'node:path';
import { validateContracts } from '../contracts/index.js';
import { ruleInfo } from '../model/index.js';
import { type CheckOptions, type CheckResult, reportOnly, runCheck, validateCheckOptions } from './check.js';
import type { Subject } from './modes.js';
import type { Runtime } from './threads.js';

/**
 * Whether a staged change touches what the contracts are made of: an artifact, a file in an
 * artifact's folder (where its `$ref`s and imports lie), or orchestrator.toml. Otherwise the
 * pre-commit check leaves them alone, and their engines (TypeScript above all) are never loaded.
 */
function touchesContracts(subject: Subject): boolean {
  const { config, configFile } = subject.snapshot;
  const folders = config.domains.flatMap((d) => (d.external ? [] : Object.values(d.artifacts).map((a) => posix.dirname(a.path))));
  if (folders.length === 0) return false;
  const touched = (path: string) => path === configFile || folders.some((folder) => folder === '.' || path.startsWith(`${folder}/`));
  return (subject.changes ?? []).some((change) => touched(change.path) || (change.from !== undefined && touched(change.from)));
}

/**
 * The published artifacts of each state a check judges, validated ahead of the (synchronous)
 * check: the whole repository, and a pull request's head and merge base (so that an artifact that
 * was already broken is pre-existing, not introduced); in staged mode only when the change touches them.
 */
export async function validateSubjectContracts(subject: Subject): Promise<void> {
  const staged = subject.changes !== undefined && subject.base === undefined;
  if (staged && !touchesContracts(subject)) {
    subject.snapshot.contracts = [];
    return;
  }
  for (const snapshot of [subject.snapshot, subject.base]) {
    if (snapshot) snapshot.contracts = await validateContracts(snapshot.config, snapshot.view, snapshot.view.root);
  }
}

/**
 * `cn-guard contracts`: the contract findings of a check, in any of its modes. The import graph is
 * still built: the configuration is judged whole (a tie stops the run), and later contract checks
 * read the graph to name a breaking change's consumers.
 */
export async function runContracts(options: CheckOptions, runtime: Runtime = {}): Promise<CheckResult> {
  const failOn = validateCheckOptions(options);
  const { report } = await runCheck(options, runtime);
  return { report: reportOnly(report, (finding) => ruleInfo(finding.rule).subject === 'contract', failOn) };
}
