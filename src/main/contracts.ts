import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { POST_LOCK } from '../beads/index.js';
import { locateConfig } from '../config/index.js';
import { LOCK_FILE, type Lock, renderLock, validateContracts } from '../contracts/index.js';
import { withFileLock, writeFileAtomically } from '../io/index.js';
import { ConfigError, type Finding, ruleInfo, UsageError } from '../model/index.js';
import { type CheckOptions, type CheckResult, reportOnly, runCheck, validateCheckOptions } from './check.js';
import { lockIn, lockPath } from './checks/contracts.js';
import type { Subject } from './modes.js';
import type { Runtime } from './threads.js';

/**
 * Whether a staged change touches what the contracts are made of: an artifact, a file in an
 * artifact's folder (where its `$ref`s and imports lie), the contract lock, or orchestrator.toml. Otherwise the
 * pre-commit check leaves them alone, and their engines (TypeScript above all) are never loaded.
 */
function touchesContracts(subject: Subject): boolean {
  const { config, configFile } = subject.snapshot;
  const lock = lockPath(subject.snapshot);
  const folders = config.domains.flatMap((d) => (d.external ? [] : Object.values(d.artifacts).map((a) => posix.dirname(a.path))));
  if (folders.length === 0) return false;
  const touched = (path: string) => path === configFile || path === lock || folders.some((folder) => folder === '.' || path.startsWith(`${folder}/`));
  return (subject.changes ?? []).some((change) => touched(change.path) || (change.from !== undefined && touched(change.from)));
}

/**
 * The published artifacts of each state a check judges, validated ahead of the (synchronous)
 * check: the whole repository, and a pull request's head and merge base (so that an artifact that
 * was already broken is pre-existing, not introduced); in staged mode only when the change touches
 * them, with HEAD's versions to compare an unlocked artifact with.
 */
export async function validateSubjectContracts(subject: Subject): Promise<void> {
  const staged = subject.changes !== undefined && subject.base === undefined;
  if (staged && !touchesContracts(subject)) {
    subject.snapshot.contracts = [];
    return;
  }
  const { snapshot, base, before } = subject;
  for (const state of [snapshot, base]) {
    if (state) state.contracts = await validateContracts(state.config, state.view, state.view.root);
  }
  // What the change started from, for artifacts no lock holds: a PR's merge base, or HEAD before a commit.
  if (base) snapshot.previousContracts = base.contracts;
  else if (staged && before) {
    const files = { readText: (path: string) => before.readText(path), isFile: (path: string) => before.readText(path) !== undefined };
    snapshot.previousContracts = await validateContracts(snapshot.config, files, snapshot.view.root);
  }
}

/** The lock on disk, when there is one; a malformed one is a configuration error at its line and column. */
export function readLockFile(root: string): Lock | undefined {
  let text: string;
  try {
    text = readFileSync(join(root, LOCK_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return lockIn(text, LOCK_FILE);
}

export interface ContractsOptions extends CheckOptions {
  /** Record the surfaces of the artifacts, reviewed, in the contract lock (whole repository only). */
  update?: boolean;
}

/** What `cn-guard contracts` reports: the artifacts' contracts, and the capabilities between projects. */
export const isContractFinding = (finding: Pick<Finding, 'rule'>) => ['contract', 'capability'].includes(ruleInfo(finding.rule).subject);

/** What the lock says of the artifacts: settled once the lock is written (a break included: recording it is accepting it). */
const LOCK_RULES = new Set<string>(['unlocked-contract', 'contract-changed', 'breaking-contract-change']);

/**
 * `cn-guard contracts`: the contract findings of a check, in any of its modes. The import graph is
 * still built: the configuration is judged whole (a tie stops the run), and later contract checks
 * read the graph to name a breaking change's consumers. With `update`, the lock is written — only
 * when every artifact is valid, so that the lock never records a broken contract.
 */
export async function runContracts(options: ContractsOptions, runtime: Runtime = {}): Promise<CheckResult> {
  const failOn = validateCheckOptions(options);
  if (options.update && (options.staged || options.base !== undefined)) {
    throw new UsageError('--update records the working tree: it cannot be combined with --staged or --base');
  }
  const { report, contracts = [], config } = await runCheck(options, runtime);
  const checked = reportOnly(report, isContractFinding, failOn);
  if (!options.update) return { report: checked, ...(config && { config }) };
  const broken = contracts.filter((verdict) => verdict.status !== 'valid');
  if (broken.length > 0) {
    const note = `the contract lock was not written: ${broken.length} artifact${broken.length === 1 ? ' is' : 's are'} missing or invalid`;
    return { report: { ...checked, notes: [...checked.notes, note], failed: true }, ...(config && { config }) };
  }
  const root = dirname(locateConfig(options).file);
  const notes: string[] = [];
  // Under the lock `ship` takes: the shipments it records stay, they are history, not a review.
  await withFileLock(root, POST_LOCK, async () => {
    let shipments: Lock['shipments'];
    try {
      shipments = readLockFile(root)?.shipments;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      notes.push(`the old ${LOCK_FILE} was not a contract lock (${error.problems[0]?.message}): it was replaced, and no shipment of it kept`);
    }
    writeFileAtomically(root, LOCK_FILE, renderLock(contracts, shipments));
  });
  // The lock now holds what was checked: what it said of the lock is settled.
  const settled = (finding: Finding) => !LOCK_RULES.has(finding.rule);
  const written = reportOnly(checked, settled, failOn);
  const note = `wrote ${LOCK_FILE}: ${contracts.length} artifact${contracts.length === 1 ? '' : 's'}`;
  return { report: { ...written, notes: [...written.notes, note, ...notes] }, contracts, ...(config && { config }) };
}
