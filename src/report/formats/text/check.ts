import { type Finding, isFailing, ruleInfo } from '../../../model/index.js';
import { printable } from '../../printable.js';
import { createStyle, type Style } from '../../style.js';
import type { CheckReport, FormatOptions } from '../../types.js';
import { plural } from '../../wording.js';
import { renderCapabilities } from './capabilities.js';

function location(f: Finding): string {
  return f.line === undefined ? f.file : `${f.file}:${f.line}:${f.column ?? 1}`;
}

function label(f: Finding, style: Style): string {
  if (f.status === 'suppressed') return style.dim('suppressed');
  if (f.status === 'known') return style.dim('known');
  if (f.status === 'preexisting') return style.dim('preexisting');
  return f.severity === 'error' ? style.red('error') : f.severity === 'warning' ? style.yellow('warning') : style.cyan('info');
}

function renderFinding(f: Finding, style: Style, out: string[]): void {
  out.push(`  ${printable(location(f))}  ${label(f, style)}  ${style.dim(f.rule)}  ${printable(f.message)}`);
  if (f.exception) {
    const by = [f.exception.owner && `owner ${f.exception.owner}`, f.exception.expires && `until ${f.exception.expires}`].filter(Boolean).join(', ');
    out.push(style.dim(`    ↳ allowed by exception: ${printable(f.exception.reason)}${by ? ` (${printable(by)})` : ''}`));
  } else if (f.hint) {
    out.push(style.dim(`    → ${printable(f.hint)}`));
  }
}

/** Past this many unowned files in one group, they are summarised per folder instead of one line each. */
const UNOWNED_LISTED = 20;

const folderOf = (file: string) => {
  const parts = file.split('/');
  return parts.length === 1 ? '.' : parts.slice(0, Math.min(2, parts.length - 1)).join('/');
};

/** Hundreds of unowned files read better as one line per folder, with the hint that settles the folder. */
function renderUnownedByFolder(findings: Finding[], style: Style, out: string[]): void {
  const folders = new Map<string, Finding[]>();
  for (const f of findings) {
    const folder = folderOf(f.file);
    let list = folders.get(folder);
    if (!list) folders.set(folder, (list = []));
    list.push(f);
  }
  for (const [folder, list] of folders) {
    const first = list[0]!;
    const example = list.length > 1 ? ` (${printable(first.file)}, …)` : ` (${printable(first.file)})`;
    out.push(
      `  ${printable(folder === '.' ? './' : `${folder}/`)}  ${label(first, style)}  ${style.dim(first.rule)}  ${plural(list.length, 'source file')} belong to no domain${example}`,
    );
    if (first.hint) out.push(style.dim(`    → ${printable(first.hint)}`));
  }
}

/** Group heading: the domain (with its agent), or what the finding is about when it has no domain. */
function groupOf(f: Finding, agents: ReadonlyMap<string, string | undefined>): string {
  if (f.domain) {
    const agent = agents.get(f.domain);
    return agent ? `${f.domain} (${agent})` : f.domain;
  }
  return ruleInfo(f.rule).subject === 'policy' ? f.file : '(no domain)';
}

/** The last line: the verdict, the counts, and what was checked; also the last line of `--format github`. */
export function summaryLine(report: CheckReport, style: Style = createStyle(false)): string {
  const { errors, warnings, suppressed, known, preexisting, fixed, files, edges, durationMs } = report.summary;
  const counts = [
    plural(errors, 'error'),
    plural(warnings, 'warning'),
    ...(suppressed ? [`${suppressed} suppressed`] : []),
    ...(known ? [`${known} known (baseline)`] : []),
    ...(preexisting ? [`${preexisting} pre-existing`] : []),
    ...(fixed ? [`${fixed} fixed`] : []),
  ].join(', ');
  const scope = `${plural(files, 'file')}, ${plural(edges, 'import')} checked in ${durationMs} ms`;
  const mark = report.failed ? style.red('✖') : errors + warnings > 0 ? style.yellow('!') : style.green('✔');
  return `${mark} ${counts} · ${scope}`;
}

/** Grouped by domain (docs/output.md), each finding with its location, rule and a hint; linear in the findings. */
export function renderCheckText({ report }: { report: CheckReport }, options: FormatOptions): string {
  const style = createStyle(options.color);
  const shown = options.quiet ? report.findings.filter((f) => isFailing(f)) : report.findings;
  if (options.quiet && shown.length === 0) return '';
  const agents = new Map(report.domains.map((d) => [d.name, d.agentName]));
  const groups = new Map<string, Finding[]>();
  for (const f of shown) {
    const group = groupOf(f, agents);
    let list = groups.get(group);
    if (!list) groups.set(group, (list = []));
    list.push(f);
  }
  const out: string[] = [];
  for (const note of report.notes) out.push(style.yellow(`note: ${printable(note)}`));
  if (report.notes.length > 0) out.push('');
  for (const [group, findings] of groups) {
    out.push(style.bold(printable(group)));
    const unowned = findings.filter((f) => f.rule === 'unowned-file');
    const summarise = unowned.length > UNOWNED_LISTED;
    for (const f of findings) if (!(summarise && f.rule === 'unowned-file')) renderFinding(f, style, out);
    if (summarise) renderUnownedByFolder(unowned, style, out);
    out.push('');
  }
  if (report.capabilities && !options.quiet) renderCapabilities(report.capabilities, style, out);
  const rules = [...new Set(shown.map((f) => f.rule))];
  if (rules.length > 0) out.push(style.dim(`Rules explained: ${rules.map((r) => `${options.rulesDir}/${r}.md`).join(', ')}`));
  out.push(summaryLine(report, style));
  return `${out.join('\n')}\n`;
}
