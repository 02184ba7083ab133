import { posix } from 'node:path';
import {
  type ContractChange,
  type ContractVerdict,
  classifyChanges,
  LOCK_FILE,
  type Lock,
  LockError,
  parseLock,
  sameSurface,
  standing,
} from '../../contracts/index.js';
import { ConfigError, type Finding, finding } from '../../model/index.js';
import type { Snapshot } from '../snapshot.js';
import { consumerUses, describeUses } from './consumer-uses.js';
import type { SnapshotCheck } from './types.js';

/**
 * The published artifacts of the snapshot's domains: each one exists and validates as its
 * format (docs/contracts.md). The verdicts are made ahead, by `validateSubjectContracts`, for
 * `check` and `contracts`; the commands that only draw or record imports (`graph`, `baseline`,
 * `init`) do not read artifacts, and their snapshots carry no verdicts.
 */
export const contractValidity: SnapshotCheck = {
  name: 'contracts',
  run: ({ snapshot }) => {
    if (!snapshot.contracts?.length) return [];
    const lock = lockOf(snapshot);
    return snapshot.contracts.flatMap((verdict) => [...findingsOf(verdict, snapshot), ...lockFindings(verdict, lock, snapshot)]);
  },
};

/** The lock beside orchestrator.toml, as the checked state holds it; a lock that cannot be read stops the run like a broken orchestrator.toml. */
export function lockPath(snapshot: Snapshot): string {
  return posix.join(posix.dirname(snapshot.configFile), LOCK_FILE);
}

function lockOf(snapshot: Snapshot): Lock | undefined {
  const path = lockPath(snapshot);
  const text = snapshot.view.readText(path);
  return text === undefined ? undefined : lockIn(text, path);
}

/** A lock's text read; one that cannot be is a configuration error at its line and column (exit 2). */
export function lockIn(text: string, path: string): Lock {
  try {
    return parseLock(text);
  } catch (error) {
    if (error instanceof LockError)
      throw new ConfigError([{ ...error.problem, file: path, hint: 'fix it, or write it again with cn-guard contracts --update' }]);
    throw error;
  }
}

function lockFindings(verdict: ContractVerdict, lock: Lock | undefined, snapshot: Snapshot): Finding[] {
  if (verdict.status !== 'valid') return [];
  const { domain, kind, path } = verdict;
  const artifact = snapshot.config.domains.find((d) => d.name === domain)?.artifacts[kind];
  if (!artifact) return [];
  const standsAs = standing(verdict, artifact, lock);
  if (standsAs.state === 'locked') return [];
  if (standsAs.state === 'changed') return changeFindings(verdict, standsAs.changes, snapshot, 'since the contract lock');
  const unlocked = finding({
    rule: 'unlocked-contract',
    severity: 'warning',
    message: `artifact ${kind} of domain ${domain} is not in the contract lock: its surface has not been reviewed`,
    hint: `review it, then record it: ${updateHint(snapshot)}`,
    ...placeOf(verdict),
    identity: path,
  });
  // No lock to compare with: the change itself is, against the state it started from.
  const previous = snapshot.previousContracts?.find((v) => v.domain === domain && v.kind === kind && v.status === 'valid');
  if (!previous || sameSurface(previous.surface, previous.hash, verdict.surface, verdict.hash)) return [unlocked];
  return [unlocked, ...changeFindings(verdict, classifyChanges(artifact, previous.surface, verdict.surface), snapshot, 'in this change')];
}

/** Findings about an artifact as a whole sit on its first line. */
const placeOf = ({ path, domain }: ContractVerdict) => ({ file: path, line: 1, column: 1, domain });
const updateHint = (snapshot: Snapshot) => `cn-guard contracts --update writes ${lockPath(snapshot)}`;

/** Each breaking change, naming the consumers; the others, gathered in one finding per artifact. */
function changeFindings(verdict: ContractVerdict, changes: ContractChange[], snapshot: Snapshot, since: string): Finding[] {
  const { domain, kind, path } = verdict;
  const place = placeOf(verdict);
  const update = updateHint(snapshot);
  const consumers = consumersOf(snapshot, domain, kind);
  const breaking = changes.filter((change) => change.level === 'error');
  const others = changes.filter((change) => change.level !== 'error');
  // A TypeScript break names the consumer files and lines that use the changed export.
  const symbolOf = (change: ContractChange) => change.at.split('.')[0]!;
  const uses =
    verdict.format === 'typescript' && breaking.length > 0 && consumers.length > 0
      ? consumerUses(snapshot, path, consumers, [...new Set(breaking.map(symbolOf))])
      : undefined;
  const findings = breaking.map((change) =>
    finding({
      rule: 'breaking-contract-change',
      severity: 'error',
      message: `artifact ${kind} of domain ${domain}: ${change.message} (${change.id}); it breaks ${consumers.length > 0 ? `its consumers ${describeUses(consumers, uses?.get(symbolOf(change)))}` : 'any consumer (no domain declares it in imports)'}`,
      hint: `undo it, or — if the break is intended and ${consumers.length > 0 ? consumers.join(', ') : 'its consumers'} will follow — record it: ${update} (or pass --allow-breaking once)`,
      ...place,
      identity: `${path}\0${change.id}\0${change.at}`,
    }),
  );
  if (others.length > 0) {
    const shown = others.slice(0, 10).map((change) => `${change.message} (${change.id})`);
    const rest = others.length > shown.length ? `; and ${others.length - shown.length} more` : '';
    const mayBreak = others.some((change) => change.level === 'warning');
    findings.push(
      finding({
        rule: 'contract-changed',
        severity: mayBreak ? 'warning' : 'info',
        message: `artifact ${kind} of domain ${domain} changed ${since}${mayBreak ? ', in ways that may break its consumers' : ''}: ${shown.join('; ')}${rest}`,
        hint: `${mayBreak ? 'review what its consumers rely on, then' : 'nothing breaks:'} record it: ${update}`,
        ...place,
        identity: `${path}\0${others.map((change) => `${change.id}@${change.at}`).join('\0')}`,
      }),
    );
  }
  return findings;
}

/** The domains whose `imports` name this producer's kind. */
function consumersOf(snapshot: Snapshot, producer: string, kind: string): string[] {
  return snapshot.config.domains.filter((d) => d.imports[producer]?.includes(kind)).map((d) => d.name);
}

function findingsOf(verdict: ContractVerdict, snapshot: Snapshot): Finding[] {
  const { domain, kind, format, path } = verdict;
  if (verdict.status === 'missing') {
    const keyPath = ['domains', domain, 'artifacts', kind, 'path'];
    return [
      finding({
        rule: 'missing-contract',
        severity: 'error',
        message: `artifact ${kind} of domain ${domain} (${format}) is missing: ${path} does not exist`,
        hint: `add ${path}, or correct domains.${domain}.artifacts.${kind}.path`,
        file: snapshot.configFile,
        ...snapshot.config.locate(keyPath),
        domain,
        identity: path,
      }),
    ];
  }
  return verdict.problems.map((problem) =>
    finding({
      rule: 'invalid-contract',
      severity: 'error',
      message: `artifact ${kind} of domain ${domain} is not valid ${FORMAT_NAMES[format]}: ${problem.message}`,
      hint: `fix ${problem.file}${problem.file === path ? '' : ` (referenced by ${path})`}; its consumers read it as ${FORMAT_NAMES[format]}`,
      file: problem.file,
      ...(problem.line !== undefined && { line: problem.line }),
      ...(problem.column !== undefined && { column: problem.column }),
      domain,
      identity: `${path}\0${problem.message}`,
    }),
  );
}

const FORMAT_NAMES: Record<ContractVerdict['format'], string> = {
  openapi: 'OpenAPI',
  jsonschema: 'JSON Schema',
  typescript: 'TypeScript',
  file: 'a file',
};
