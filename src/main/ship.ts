import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  addLabelToLine,
  analyzeCapabilities,
  BdError,
  type BeadsIssue,
  beadsTime,
  capabilityProblem,
  EXPORT,
  editIssueLine,
  externalRef,
  ISSUES_JSONL,
  isClosed,
  POST_LOCK,
  PROVIDES,
  type ProjectIssues,
  runBd,
  unblockedBy,
} from '../beads/index.js';
import { type Config, locateConfig } from '../config/index.js';
import { type ContractVerdict, LOCK_FILE, type Lock, lockKey, parseLock, standing, validateContracts, writeLock } from '../contracts/index.js';
import { resolveCommit } from '../git/index.js';
import { withFileLock, writeFileAtomically } from '../io/index.js';
import { UsageError } from '../model/index.js';
import type { ShipOutcome } from '../report/index.js';
import { bdOf, readBeads } from './beads.js';
import { workingTree } from './modes.js';
import { postNotices } from './post-beads.js';

export interface ShipOptions {
  cwd: string;
  config?: string;
  capability: string;
  /** Ship an issue that is not closed yet (bd ship --force): consumers stay blocked until it is. */
  force?: boolean;
  allowBreaking?: boolean;
  dryRun?: boolean;
  /** `beads`: tell each unblocked consumer so, once. */
  post?: string[];
}

/** The one issue labelled export:<capability>, as bd ship finds it, with bd's own messages. */
function exportingIssue(self: ProjectIssues, capability: string): BeadsIssue {
  const label = `${EXPORT}${capability}`;
  const found = self.issues.filter((issue) => issue.labels.includes(label) && issue.status !== 'tombstone');
  if (found.length === 0) throw new UsageError(`no issue found with label '${label}'\n  add the label first: bd label add <issue-id> ${label}`);
  if (found.length > 1) {
    const listed = found.map((issue) => `  ${issue.id}: ${issue.title} (${issue.status})`).join('\n');
    throw new UsageError(`multiple issues found with label '${label}':\n${listed}\nonly one issue should have this label`);
  }
  return found[0]!;
}

/** The artifacts a capability promises: `capabilities` of every domain that names it. */
function tiedConfig(config: Config, capability: string): Config {
  return {
    ...config,
    domains: config.domains.map((d) => ({
      ...d,
      artifacts: Object.fromEntries((d.capabilities[capability] ?? []).flatMap((kind) => (d.artifacts[kind] ? [[kind, d.artifacts[kind]!] as const] : []))),
    })),
  };
}

function readLock(root: string): Lock | undefined {
  let text: string;
  try {
    text = readFileSync(join(root, LOCK_FILE), 'utf8');
  } catch {
    return undefined;
  }
  return parseLock(text);
}

/** Each tied contract: valid, and — unless breaking changes are allowed — without one against the lock. */
function judgeContracts(verdicts: ContractVerdict[], config: Config, lock: Lock | undefined, allowBreaking: boolean) {
  const reasons: string[] = [];
  const notes: string[] = [];
  const contracts = verdicts.map((verdict) => {
    const key = lockKey(verdict);
    const artifact = config.domains.find((d) => d.name === verdict.domain)!.artifacts[verdict.kind]!;
    let breaking: string[] = [];
    if (verdict.status !== 'valid') {
      reasons.push(`the contract ${key} (${verdict.path}) is ${verdict.status}: ${verdict.problems[0]?.message ?? 'see cn-guard contracts'}`);
    } else {
      const stands = standing(verdict, artifact, lock);
      if (stands.state === 'unlocked') notes.push(`${key} is not in the contract lock: its surface was never reviewed (cn-guard contracts --update)`);
      if (stands.state === 'changed') breaking = stands.changes.filter((c) => c.level === 'error').map((c) => `${c.message} (${c.id})`);
      if (breaking.length > 0 && !allowBreaking)
        reasons.push(
          `${key} has ${breaking.length} breaking change${breaking.length === 1 ? '' : 's'} against the contract lock; review them with cn-guard contracts, or pass --allow-breaking`,
        );
    }
    return { artifact: key, path: verdict.path, status: verdict.status, ...(verdict.hash && { sha256: verdict.hash }), breaking };
  });
  return { contracts, reasons, notes };
}

/** provides:<capability> on the issue, in the JSONL export: that line's labels and updated_at, atomically, every other byte kept. */
function labelInJsonl(root: string, issue: BeadsIssue, label: string): void {
  const path = join(root, ISSUES_JSONL);
  const text = readFileSync(path, 'utf8');
  const edited = editIssueLine(text, issue.id, (line) => addLabelToLine(line, label, beadsTime()));
  if (edited === undefined) throw new UsageError(`${issue.id} is no longer in ${ISSUES_JSONL}: nothing was shipped`);
  writeFileAtomically(root, ISSUES_JSONL, edited);
}

/**
 * `cn-guard ship CAPABILITY` (spec §4.3): bd ship's checks and messages, the contracts of the
 * capability's artifacts, the label, the shipment in the lock — each step idempotent, so that a
 * second run changes nothing and says so — then the consumers whose wait is over.
 */
export async function runShip(options: ShipOptions, env: NodeJS.ProcessEnv = process.env): Promise<ShipOutcome> {
  const { capability } = options;
  const problem = capabilityProblem(capability);
  if (problem) throw new UsageError(problem);
  const unknownTargets = (options.post ?? []).filter((target) => target !== 'beads');
  if (unknownTargets.length > 0) throw new UsageError(`--post ${unknownTargets.join(', ')}: ship posts to beads only`);
  const location = locateConfig(options);
  const root = dirname(location.file);
  const { snapshot } = workingTree(location);
  const { config } = snapshot;
  const bd = bdOf(env);
  const beads = await readBeads(config, { readText: (p) => snapshot.view.readText(p), isDirectory: (p) => snapshot.view.isDirectory(p) }, bd);
  const self = beads.projects.find((p) => p.self)!;
  if (self.source === 'none') {
    const why = self.problems[0]?.message ?? `${root} has no .beads folder`;
    throw new UsageError(`cannot read this project's Beads issues: ${why}`);
  }
  const issue = exportingIssue(self, capability);
  const label = `${PROVIDES}${capability}`;
  const base = { capability, issue_id: issue.id, project: self.name, via: bd ? ('bd' as const) : ('jsonl' as const) };
  const reasons: string[] = [];
  // bd is the source of truth when it is installed: an export it fell back to may be older.
  if (bd && self.source !== 'bd') reasons.push(`${self.problems[0]?.message ?? 'bd could not be read'}: cn-guard ships only from what bd says`);
  if (!isClosed(issue) && !options.force)
    reasons.push(`issue ${issue.id} is not closed (status: ${issue.status}); close the issue first, or use --force to override`);
  const tied = tiedConfig(config, capability);
  const lock = readLock(root);
  const judged = judgeContracts(await validateContracts(tied, snapshot.view, root), tied, lock, options.allowBreaking === true);
  reasons.push(...judged.reasons);
  const notes = [
    ...judged.notes,
    ...(judged.contracts.length === 0 ? [`no artifact is tied to ${capability} (domains.<name>.capabilities): it ships without a contract check`] : []),
  ];
  if (!isClosed(issue) && options.force) notes.push(`${issue.id} is not closed: consumers stay blocked until it is (bd's satisfaction rule)`);
  if (reasons.length > 0) return { status: 'refused', ...base, reasons, contracts: judged.contracts, unblocked: [], notes, warnings: [] };

  const labelled = issue.labels.includes(label);
  const recorded = lock?.shipments?.[capability];
  const shippedAt = recorded?.shippedAt ?? beadsTime();
  const commit = recorded ? recorded.commit : resolveCommit(root, 'HEAD');
  const artifacts = Object.fromEntries(judged.contracts.flatMap((c) => (c.sha256 ? [[c.artifact, c.sha256]] : [])));
  if (recorded && JSON.stringify(recorded.artifacts) !== JSON.stringify(artifacts)) {
    notes.push(`the artifacts changed since ${capability} was shipped at ${recorded.shippedAt}: a new contract is a new capability (ship it under a new name)`);
  }
  // Consumers as they will stand: the issue carries the label from now on.
  const shipped = beads.projects.map((p) =>
    p.self ? { ...p, issues: p.issues.map((i) => (i.id === issue.id && !labelled ? { ...i, labels: [...i.labels, label] } : i)) } : p,
  );
  const unblocked = unblockedBy(analyzeCapabilities(shipped).report, self.name, capability);
  const shipment = { ...(commit !== undefined && { commit }), shippedAt, recorded: false };
  if (options.dryRun) {
    return {
      status: 'dry_run',
      ...base,
      would_add: label,
      contracts: judged.contracts,
      shipment,
      unblocked,
      notes: [...notes, 'dry run: nothing was written'],
      warnings: [],
    };
  }
  const failed = await withFileLock(root, POST_LOCK, async () => {
    if (!labelled) {
      if (!bd) labelInJsonl(root, issue, label);
      else {
        try {
          await runBd(bd, root, ['ship', capability, ...(options.force ? ['--force'] : [])]);
        } catch (error) {
          if (error instanceof BdError) return error.message;
          throw error;
        }
      }
    }
    if (!recorded) {
      const now = readLock(root) ?? { version: 1, artifacts: {} };
      const entry = { issue: issue.id, ...(commit !== undefined && { commit }), artifacts, shippedAt };
      writeFileAtomically(root, LOCK_FILE, writeLock({ ...now, shipments: { ...now.shipments, [capability]: entry } }));
      shipment.recorded = true;
    }
    return undefined;
  });
  // Nothing is recorded for a label bd did not add.
  if (failed !== undefined) return { status: 'refused', ...base, reasons: [failed], contracts: judged.contracts, unblocked: [], notes, warnings: [] };
  const warnings: string[] = [];
  const posted = options.post?.includes('beads') ? await postNotices(shipped, unblocked, externalRef(self.name, capability), config, bd, warnings) : undefined;
  return {
    status: labelled ? 'already_shipped' : 'shipped',
    ...base,
    ...(!labelled && { label }),
    contracts: judged.contracts,
    shipment,
    unblocked,
    ...(posted && { posted }),
    notes: [...notes, ...(labelled && shipment.recorded ? [`the shipment was not in ${LOCK_FILE}: recorded it now`] : [])],
    warnings,
  };
}
