import { jobSummary } from './formats/markdown/index.js';
import type { CheckReport } from './types.js';

/**
 * What a check leaves for the rest of a GitHub Actions job besides its log: the job summary and
 * step outputs. The texts are made here; src/main/actions.ts appends them to GitHub's files.
 */

/** The step outputs (`steps.<id>.outputs.errors`, …): counts a workflow can branch on. */
export function actionOutputs(report: CheckReport): Record<string, number> {
  const { errors, warnings, suppressed, known, preexisting, fixed = 0 } = report.summary;
  const introduced = report.findings.filter((f) => f.status === 'new').length;
  return { errors, warnings, introduced, suppressed, known, preexisting, fixed };
}

/**
 * `$GITHUB_OUTPUT` lines in the multiline form `name<<DELIMITER`, as @actions/core writes them: a
 * value holding its delimiter would end early and let the rest set other outputs, so a delimiter
 * is drawn again until it occurs in neither the name nor the value.
 */
export function outputsText(outputs: Record<string, string | number>, newDelimiter: () => string): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      const text = String(value);
      let delimiter = newDelimiter();
      while (text.includes(delimiter) || name.includes(delimiter)) delimiter = newDelimiter();
      return `${name}<<${delimiter}\n${text}\n${delimiter}\n`;
    })
    .join('');
}

export { jobSummary };
