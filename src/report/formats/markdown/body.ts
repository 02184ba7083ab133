import { type Finding, thousands } from '../../../model/index.js';
import { blobUrl, repositoryPath, rulePageUrl } from '../../places.js';
import { printable } from '../../printable.js';
import type { CheckReport } from '../../types.js';
import { code, fenced, link, text } from './escape.js';
import { type Limit, layOut, type Part, type Unit } from './layout.js';

/**
 * The markdown of a check (docs/output.md, "markdown"): the PR comment and the job summary are
 * both this body, each with its own size limit. Nothing introduced and nothing else to say is a
 * short all-clear body.
 */

const ICON = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;
const SEVERITY = { error: `${ICON.error} error`, warning: `${ICON.warning} warning`, info: `${ICON.info} notice` } as const;
const STATUS = { new: 'new', preexisting: 'pre-existing', suppressed: 'suppressed', known: 'known' } as const;

/** The hidden first line of the comment, by which the posting module finds it again: one sticky comment per configuration. */
export function commentMarker(report: CheckReport): string {
  // `--` would end the HTML comment early.
  return `<!-- cn-guard:${printable(repositoryPath(report.project, report.project.config)).replace(/--/g, '-%2D')} -->`;
}

const counted = (n: number, word: string) => `${thousands(n)} ${word}${n === 1 ? '' : 's'}`;

function list(words: string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** `2 errors and 1 warning`: the counts that are not zero, in words. */
function nonZero(counts: [number, string][], say: (n: number, word: string) => string): string {
  return list(counts.filter(([n]) => n > 0).map(([n, word]) => say(n, word)));
}

function headline(report: CheckReport, introduced: Finding[]): string {
  const pr = report.mode === 'pull-request';
  const bySeverity = (severity: Finding['severity']) => introduced.filter((f) => f.severity === severity).length;
  const found = nonZero(
    [
      [bySeverity('error'), 'error'],
      [bySeverity('warning'), 'warning'],
      [bySeverity('info'), 'notice'],
    ],
    counted,
  );
  const verb = pr ? ' introduced' : '';
  if (report.failed) return `### ❌ cn-guard: ${found}${verb}`;
  if (found) return `### ✅ cn-guard: passed, with ${found}${verb}`;
  const quiet = report.findings.length === 0 && report.notes.length === 0;
  return quiet ? '### ✅ cn-guard: all clear' : `### ✅ cn-guard: nothing ${pr ? 'introduced' : 'new'}`;
}

function countsLine(report: CheckReport, introduced: number): string {
  const { preexisting, fixed = 0, suppressed, known, files, edges } = report.summary;
  const counts: [number, string][] =
    report.mode === 'pull-request'
      ? [
          [introduced, 'introduced'],
          [preexisting, 'pre-existing'],
          [fixed, 'fixed'],
          [suppressed, 'suppressed'],
          [known, 'known'],
        ]
      : [
          [introduced, 'new'],
          [suppressed, 'suppressed'],
          [known, 'known'],
        ];
  const shown = counts.some(([n]) => n > 0) ? counts.map(([n, word]) => `**${thousands(n)}** ${word}`).join(' · ') : 'Nothing introduced';
  const config = code(repositoryPath(report.project, report.project.config), false);
  return `${shown} · ${counted(files, 'file')} and ${counted(edges, 'import')} checked against ${config}`;
}

/** Cells of one finding: its rule (linked to its page), where it is (linked to the line at the checked commit), what it says. */
function cells(report: CheckReport, absent: ReadonlySet<string>) {
  return {
    rule: (f: Finding) => link(text(f.rule), rulePageUrl(report.tool, f.rule)),
    where(f: Finding, inTable: boolean) {
      const path = repositoryPath(report.project, f.file);
      const label = code(f.line === undefined ? path : `${path}:${f.line}`, inTable);
      // A path the checked state does not have (a deleted file) has no page to link to.
      return report.links && !absent.has(f.file) ? link(label, blobUrl(report.links, path, f.line)) : label;
    },
    what(f: Finding) {
      if (f.exception) return `${text(f.message)}<br>↳ allowed by exception: ${text(f.exception.reason)}`;
      return f.hint ? `${text(f.message)}<br>→ ${text(f.hint)}` : text(f.message);
    },
  };
}

const TABLE_RULE = '|---|---|---|---|\n';

/** The findings of the report in the parts of the body, in the order they are shown and given room. */
function parts(report: CheckReport, introduced: Finding[]): Part[] {
  const cell = cells(report, new Set(report.absent));
  const policy = introduced.filter((f) => f.rule === 'policy-change');
  const located = introduced.filter((f) => f.rule !== 'policy-change');
  const rest = report.findings.filter((f) => f.status !== 'new');
  const pr = report.mode === 'pull-request';
  const { preexisting, suppressed, known } = report.summary;
  const restLabel = `${nonZero(
    [
      [preexisting, 'pre-existing'],
      [suppressed, 'suppressed'],
      [known, 'known'],
    ],
    (n, word) => `${thousands(n)} ${word}`,
  )} finding${rest.length === 1 ? '' : 's'}`;
  const finding = (rows: Finding[], head: string, tail: string, row: (f: Finding) => string): Part => ({
    head,
    tail,
    rows: rows.length,
    row: (i) => row(rows[i]!),
    unit: 'finding',
  });
  return [
    { head: 'About this run:\n\n', tail: '\n', rows: report.notes.length, row: (i) => `- ${text(report.notes[i]!)}\n`, unit: 'note' },
    finding(policy, '#### Policy changes\n\n', '\n', (f) => `- ${ICON[f.severity]} ${text(f.message)} (${cell.where(f, false)})\n`),
    finding(
      located,
      `#### ${pr ? 'Introduced' : 'New'} findings\n\n| severity | rule | where | what |\n${TABLE_RULE}`,
      '\n',
      (f) => `| ${SEVERITY[f.severity]} | ${cell.rule(f)} | ${cell.where(f, true)} | ${cell.what(f)} |\n`,
    ),
    {
      head: '#### Domains the change touches\n\nThick green: imports between domains that the change adds · red: its violations · dashed: imports it removes.\n\n',
      tail: '\n',
      rows: report.diagram === undefined ? 0 : 1,
      row: () => fenced('mermaid', report.diagram!),
      unit: 'diagram',
    },
    finding(
      rest,
      `<details><summary>${restLabel}</summary>\n\n| status | rule | where | what |\n${TABLE_RULE}`,
      '\n</details>\n\n',
      (f) => `| ${STATUS[f.status]} | ${cell.rule(f)} | ${cell.where(f, true)} | ${cell.what(f)} |\n`,
    ),
  ];
}

/** How a body is bounded: its limit in words, and where the reader finds what it leaves out. */
export interface Bounds {
  max: number;
  size(text: string): number;
  limit: string;
  elsewhere: string;
}

function noteOf(bounds: Bounds) {
  return (omitted: ReadonlyMap<Unit, number>) => {
    const what = list([...omitted].map(([unit, n]) => (unit === 'diagram' ? 'the diagram' : counted(n, unit))));
    return `> [!NOTE]\n> ${what} left out: ${bounds.limit}. ${bounds.elsewhere}\n\n`;
  };
}

/** The body: marker (for the comment), verdict, counts, then notes, policy changes, findings, the diagram and the rest, within `bounds`. */
export function checkMarkdown(report: CheckReport, bounds: Bounds, marker?: string): string {
  const introduced = report.findings.filter((f) => f.status === 'new');
  const top = `${marker ? `${marker}\n` : ''}${headline(report, introduced)}\n\n${countsLine(report, introduced.length)}\n\n`;
  const bottom = `<sub>checked by [cn-guard](${report.tool.repository}) ${printable(report.tool.version)}</sub>\n`;
  const limit: Limit = { max: bounds.max, size: bounds.size, note: noteOf(bounds) };
  return layOut(top, parts(report, introduced), bottom, limit);
}
