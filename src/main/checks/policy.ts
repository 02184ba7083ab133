import { type ArtifactFormat, parseConfig } from '../../config/index.js';
import { classifyChanges, type Lock, LockError, parseLock, sameSurface } from '../../contracts/index.js';
import { ConfigError, type Finding, finding } from '../../model/index.js';
import { type BaselineEntry, diffBaseline, diffPolicy, type PolicyChange, parseBaseline, policyFindings } from '../../rules/index.js';
import { lockPath } from './contracts.js';
import type { ChangeCheck, ChangeContext } from './types.js';

export const readBaseline = (text: string | undefined, file: string): BaselineEntry[] => (text === undefined ? [] : parseBaseline(text, file));

/** The baseline as it was before the change: a malformed one the change repairs counts as empty. */
export function readPreviousBaseline(text: string | undefined, file: string): BaselineEntry[] {
  try {
    return readBaseline(text, file);
  } catch (error) {
    if (error instanceof ConfigError) return [];
    throw error;
  }
}

function configChanges({ head, before, configFile, allowPolicyChange }: ChangeContext): Finding[] {
  const { config } = head;
  const text = before?.readText(configFile);
  if (text === undefined || !before) return [];
  try {
    // The previous policy is read against the previous tree: a literal folder is a folder if it was one then.
    const previous = parseConfig(text, config.file, `${configFile} (before)`, (path) => before.isDirectory(path));
    return policyFindings(diffPolicy(previous, config), config, configFile, allowPolicyChange);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [
      finding({
        rule: 'policy-change',
        severity: 'warning',
        file: configFile,
        message: 'the previous orchestrator.toml does not load, so what this change did to the policy cannot be judged',
        hint: error.message.split('\n')[0]!,
      }),
    ];
  }
}

/** orchestrator.toml and the baseline are protected: what a change does to them is reported in words (docs/modes.md, "Policy changes"). */
export const policyChanges: ChangeCheck = {
  name: 'policy',
  run(context) {
    const { head, changes, before, configFile, allowPolicyChange } = context;
    const { config } = head;
    const baselineFile = config.settings.baseline;
    if (changes.some((c) => c.status === 'D' && c.path === configFile)) {
      // Untracking the policy would leave only the working-tree copy, which nobody reviews.
      return policyFindings(
        [{ weakening: true, message: `${configFile} removed from the repository: the policy is no longer versioned` }],
        config,
        configFile,
        allowPolicyChange,
      );
    }
    const touched = new Set(changes.flatMap((c) => [c.path, c.from ?? c.path]));
    const findings = touched.has(configFile) ? configChanges(context) : [];
    if (touched.has(baselineFile) && before) {
      const previous = readPreviousBaseline(before.readText(baselineFile), `${baselineFile} (before)`);
      const now = readBaseline(head.view.readText(baselineFile), baselineFile);
      findings.push(...policyFindings(diffBaseline(previous, now), config, baselineFile, allowPolicyChange));
    }
    const lockFile = lockPath(head);
    if (touched.has(lockFile) && before) {
      const previous = readLock(before.readText(lockFile));
      const now = readLock(head.view.readText(lockFile));
      findings.push(...policyFindings(diffLock(previous, now, context), config, lockFile, allowPolicyChange));
    }
    return findings;
  },
};

/** A lock as the state holds it; none, or one that does not parse (the contract check reports that), counts as empty. */
function readLock(text: string | undefined): Lock {
  try {
    return text === undefined ? { version: 1, artifacts: {} } : parseLock(text);
  } catch (error) {
    if (error instanceof LockError) return { version: 1, artifacts: {} };
    throw error;
  }
}

/**
 * The contract lock is protected like the baseline: an update that records a breaking change, or
 * forgets an artifact, weakens what consumers can rely on; one that records a new artifact
 * strengthens it. Updates that record only non-breaking changes are not policy.
 */
function diffLock(previous: Lock, now: Lock, { head }: ChangeContext): PolicyChange[] {
  const changes: PolicyChange[] = [];
  for (const key of [...new Set([...Object.keys(previous.artifacts), ...Object.keys(now.artifacts)])].sort()) {
    const [was, is] = [previous.artifacts[key], now.artifacts[key]];
    if (!is) changes.push({ weakening: true, message: `the contract lock no longer records ${key}: its changes are no longer compared` });
    else if (!was) changes.push({ weakening: false, message: `the contract lock now records ${key}` });
    else if (!sameSurface(was.surface, was.sha256, is.surface, is.sha256)) {
      const [domain, kind] = key.split('/') as [string, string];
      const declared = head.config.domains.find((d) => d.name === domain)?.artifacts[kind];
      const artifact = declared ?? { format: is.format as ArtifactFormat, path: is.path };
      const breaking = classifyChanges(artifact, was.surface, is.surface).filter((change) => change.level === 'error');
      if (breaking.length > 0) {
        const shown = breaking.slice(0, 5).map((change) => `${change.message} (${change.id})`);
        const more = breaking.length > shown.length ? `; and ${breaking.length - shown.length} more` : '';
        changes.push({ weakening: true, message: `the contract lock accepts breaking changes of ${key}: ${shown.join('; ')}${more}` });
      }
    }
  }
  return changes;
}
