import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { actionOutputs, type CheckReport, jobSummary, outputsText } from '../report/index.js';

/** The variables GitHub Actions sets for a step: the files of its job summary and its outputs. */
export interface ActionFiles {
  GITHUB_STEP_SUMMARY?: string | undefined;
  GITHUB_OUTPUT?: string | undefined;
}

/**
 * `check --format github` in GitHub Actions: appends the job summary (every finding, as markdown)
 * and the step outputs (the counts) to the files GitHub names, when it names them. A file that
 * cannot be written costs a warning, returned for the CLI to print: the findings are on stdout
 * already, and the exit code stays theirs.
 *
 * These are GitHub's files, outside the project, shared with the job's other steps: each is
 * appended to with one call (src/io's atomic replacement would drop what earlier steps wrote, and
 * its inside-the-project rule is for files cn-guard owns).
 */
export function writeActionFiles(report: CheckReport, env: ActionFiles, extraOutputs: Record<string, string> = {}): string[] {
  const warnings: string[] = [];
  const append = (variable: keyof ActionFiles, text: () => string) => {
    const path = env[variable];
    if (!path) return;
    try {
      appendFileSync(path, text());
    } catch (error) {
      warnings.push(`cannot append to ${variable} (${path}): ${(error as Error).message}`);
    }
  };
  append('GITHUB_STEP_SUMMARY', () => jobSummary(report));
  // GitHub's own delimiter prefix, with a fresh UUID: a value cannot guess it.
  append('GITHUB_OUTPUT', () => outputsText({ ...actionOutputs(report), ...extraOutputs }, () => `ghadelimiter_${randomUUID()}`));
  return warnings;
}
