import { dirname } from 'node:path';
import {
  analyzeCapabilities,
  type Bd,
  BdError,
  type BeadsIssue,
  beadsTime,
  capabilityProblem,
  EXPORT,
  externalRef,
  isClosed,
  isGone,
  labelInExport,
  POST_LOCK,
  PROVIDES,
  type ProjectIssues,
  runBd,
  unblockedBy,
} from '../beads/index.js';
import { type Config, locateConfig } from '../config/index.js';
import { type ContractVerdict, LOCK_FILE, type Lock, lockKey, type Shipment, standing, validateContracts, writeLock } from '../contracts/index.js';
import { resolveCommit } from '../git/index.js';
import { withFileLock, writeFileAtomically } from '../io/index.js';
import { UsageError } from '../model/index.js';
import type { ShipOutcome } from '../report/index.js';
import { bdOf, readBeads } from './beads.js';
import { readLockFile } from './contracts.js';
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
  const found = self.issues.filter((issue) => issue.labels.includes(label) && !isGone(issue));
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

interface Shipping {
  root: string;
  capability: string;
  issue: string;
  bd: Bd | undefined;
  force: boolean;
  entry: Shipment;
}

/**
 * The label, then the shipment, each decided again under the project's lock on what is there
 * then: runs that ship at once add the label once and record the first shipment. bd ship is
 * idempotent itself. A failed bd ship records nothing.
 */
function shipUnderLock({ root, capability, issue, bd, force, entry }: Shipping): Promise<{ added: boolean; recorded: boolean } | { failed: string }> {
  return withFileLock(root, POST_LOCK, async () => {
    let added: boolean;
    if (!bd) added = labelInExport(root, issue, `${PROVIDES}${capability}`);
    else {
      try {
        const answer = (await runBd(bd, root, ['ship', capability, ...(force ? ['--force'] : [])])) as { status?: unknown } | null;
        added = answer?.status !== 'already_shipped';
      } catch (error) {
        if (error instanceof BdError) return { failed: error.message };
        throw error;
      }
    }
    const lock = readLockFile(root) ?? { version: 1 as const, artifacts: {} };
    const recorded = lock.shipments?.[capability] === undefined;
    if (recorded) writeFileAtomically(root, LOCK_FILE, writeLock({ ...lock, shipments: { ...lock.shipments, [capability]: entry } }));
    return { added, recorded };
  });
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
  const beads = await readBeads(config, snapshot.view, bd);
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
  const lock = readLockFile(root);
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
  const artifacts = Object.fromEntries(judged.contracts.flatMap((c) => (c.sha256 ? [[c.artifact, c.sha256]] : [])));
  if (recorded && sortedJson(recorded.artifacts) !== sortedJson(artifacts)) {
    notes.push(`the artifacts changed since ${capability} was shipped at ${recorded.shippedAt}: a new contract is a new capability (ship it under a new name)`);
  }
  // Consumers as they will stand: the issue carries the label from now on.
  const shipped = beads.projects.map((p) =>
    p.self ? { ...p, issues: p.issues.map((i) => (i.id === issue.id && !labelled ? { ...i, labels: [...i.labels, label] } : i)) } : p,
  );
  const unblocked = unblockedBy(analyzeCapabilities(shipped).report, self.name, capability);
  const entry: Shipment = recorded ?? { issue: issue.id, ...optional('commit', resolveCommit(root, 'HEAD')), artifacts, shippedAt: beadsTime() };
  const shipment = { ...optional('commit', entry.commit), shippedAt: entry.shippedAt, recorded: false };
  const outcome = { ...base, contracts: judged.contracts, shipment, unblocked };
  // bd ship answers already_shipped before it looks at --dry-run: so does cn-guard.
  if (options.dryRun) {
    const would = !labelled ? 'dry run: nothing was written' : recorded ? undefined : `dry run: the shipment would be recorded in ${LOCK_FILE}`;
    return {
      status: labelled ? 'already_shipped' : 'dry_run',
      ...outcome,
      ...(!labelled && { would_add: label }),
      notes: [...notes, ...(would ? [would] : [])],
      warnings: [],
    };
  }
  const done =
    labelled && recorded
      ? { added: false, recorded: false }
      : await shipUnderLock({ root, capability, issue: issue.id, bd, force: options.force === true, entry });
  if ('failed' in done) return { status: 'refused', ...base, reasons: [done.failed], contracts: judged.contracts, unblocked: [], notes, warnings: [] };
  shipment.recorded = done.recorded;
  const warnings: string[] = [];
  const posted = options.post?.includes('beads') ? await postNotices(shipped, unblocked, externalRef(self.name, capability), config, bd, warnings) : undefined;
  return {
    status: done.added ? 'shipped' : 'already_shipped',
    ...outcome,
    ...(done.added && { label }),
    ...(posted && { posted }),
    notes: [...notes, ...(!done.added && done.recorded ? [`the shipment was not in ${LOCK_FILE}: recorded it now`] : [])],
    warnings,
  };
}

/** The lock keeps keys sorted; the capability lists artifacts in its own order. */
const sortedJson = (entries: Record<string, string>) => JSON.stringify(Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));
