import type { Finding, Severity } from '../../model/index.js';
import { placer } from '../places.js';
import { printable } from '../printable.js';
import { type CheckReport, defineFormatter } from '../types.js';
import { messageWithHint, plural } from '../wording.js';
import { summaryLine } from './text/check.js';

/**
 * GitHub workflow commands (docs/output.md, "github"): an annotation for each `new` finding,
 * which GitHub shows on the file it is about. GitHub keeps at most 10 of each kind per
 * step and drops the rest without a word, so the most telling ones go first and one notice counts
 * what is left out; the job summary (jobSummary) lists everything.
 */

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** What GitHub keeps of each kind of annotation in one step. */
const ANNOTATIONS_PER_KIND = 10;

/** GitHub's escaping: the message (after `::`) keeps `:` and `,`; property values may not. */
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** Control characters made visible (no escape sequence reaches the log), except line breaks: GitHub's escaping carries those. */
const visible = (text: string) =>
  text
    .split(/(\r|\n)/)
    .map((part) => (part === '\r' || part === '\n' ? part : printable(part)))
    .join('');

function workflowCommand(command: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(visible(String(value)))}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(visible(message))}`;
}

/** Errors, then warnings, then notices; within each, findings in files the change touches before the others. */
function byImportance(report: CheckReport): Finding[] {
  const changed = new Set(report.changed);
  const outside = (f: Finding) => (changed.has(f.file) ? 0 : 1);
  // Array.prototype.sort is stable: the report's own order (by domain, file, line) stays within a group.
  return report.findings.filter((f) => f.status === 'new').sort((a, b) => RANK[a.severity] - RANK[b.severity] || outside(a) - outside(b));
}

function renderAnnotations({ report }: { report: CheckReport }): string {
  const place = placer(report);
  const findings = byImportance(report);
  const shown = new Map<Severity, number>([
    ['error', 0],
    ['warning', 0],
    ['info', 0],
  ]);
  // The notice that counts the rest is a notice too: when anything is left out, one notice place is kept for it.
  const overflow = [...shown.keys()].some((severity) => findings.filter((f) => f.severity === severity).length > ANNOTATIONS_PER_KIND);
  const room = (severity: Severity) => (severity === 'info' && overflow ? ANNOTATIONS_PER_KIND - 1 : ANNOTATIONS_PER_KIND);
  const lines: string[] = [];
  for (const f of findings) {
    const n = shown.get(f.severity)!;
    if (n >= room(f.severity)) continue;
    shown.set(f.severity, n + 1);
    const { path, line, column } = place(f);
    lines.push(workflowCommand(COMMAND[f.severity], { file: path, line, col: column, title: `cn-guard ${f.rule}` }, messageWithHint(f)));
  }
  const left = findings.length - lines.length;
  if (left > 0) {
    const text = `${plural(left, 'more finding')} not annotated: GitHub shows at most ${ANNOTATIONS_PER_KIND} errors, ${ANNOTATIONS_PER_KIND} warnings and ${ANNOTATIONS_PER_KIND} notices per step. The job summary of this run lists every finding.`;
    lines.push(workflowCommand('notice', { title: 'cn-guard' }, text));
  }
  // A plain last line, so that the log says how the run went even when nothing is annotated.
  lines.push(`cn-guard: ${summaryLine(report)}`);
  return `${lines.join('\n')}\n`;
}

/** A message for GitHub's log as a workflow command (`::warning title=cn-guard::…`), escaped like the annotations. */
export const logCommand = (level: 'error' | 'warning' | 'notice', message: string): string => `${workflowCommand(level, { title: 'cn-guard' }, message)}\n`;

/** A check run's annotation, in GitHub's terms (the Checks API takes 50 per request and none of the 10-per-step limit). */
export interface RunAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title: string;
}

const LEVEL: Record<Severity, RunAnnotation['annotation_level']> = { error: 'failure', warning: 'warning', info: 'notice' };

/** Every `new` finding as a check-run annotation, most telling first (the posting module caps how many it sends). */
export function runAnnotations(report: CheckReport): RunAnnotation[] {
  const place = placer(report);
  return byImportance(report).map((f) => {
    const { path, line } = place(f);
    return { path, start_line: line, end_line: line, annotation_level: LEVEL[f.severity], message: visible(messageWithHint(f)), title: `cn-guard ${f.rule}` };
  });
}

/** `--format github`: annotations on stdout; the CLI then writes the job summary and the outputs (src/main/actions.ts). */
export const githubFormatter = defineFormatter('github', { check: renderAnnotations });
