import { parseConfig } from '../../config/index.js';
import { ConfigError, type Finding, finding } from '../../model/index.js';
import { type BaselineEntry, diffBaseline, diffPolicy, parseBaseline, policyFindings } from '../../rules/index.js';
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
    return findings;
  },
};
