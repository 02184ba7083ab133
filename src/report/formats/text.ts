import type { Finding } from '../../model/index.js';
import { isFailing } from '../../model/index.js';
import { createStyle, type Style } from '../style.js';
import type { CheckReport, FormatOptions, Formatter } from '../types.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function location(f: Finding): string {
  return f.line === undefined ? f.file : `${f.file}:${f.line}:${f.column ?? 1}`;
}

function label(f: Finding, style: Style): string {
  if (f.status === 'suppressed') return style.dim('suppressed');
  if (f.status === 'known') return style.dim('known');
  if (f.status === 'preexisting') return style.dim('preexisting');
  return f.severity === 'error' ? style.red('error') : f.severity === 'warning' ? style.yellow('warning') : style.cyan('info');
}

function renderFinding(f: Finding, style: Style): string[] {
  const lines = [`  ${location(f)}  ${label(f, style)}  ${style.dim(f.rule)}  ${f.message}`];
  if (f.exception) {
    const by = [f.exception.owner && `owner ${f.exception.owner}`, f.exception.expires && `until ${f.exception.expires}`].filter(Boolean).join(', ');
    lines.push(style.dim(`    ↳ allowed by exception: ${f.exception.reason}${by ? ` (${by})` : ''}`));
  } else if (f.hint) {
    lines.push(style.dim(`    → ${f.hint}`));
  }
  return lines;
}

/** Findings about the policy files themselves (orchestrator.toml, the baseline) are grouped under that file. */
const POLICY_RULES = new Set(['expired-exception', 'stale-exception', 'stale-baseline', 'policy-change']);

/** Group heading: the domain (with its agent), or what the finding is about when it has no domain. */
function groupOf(f: Finding, report: CheckReport): string {
  if (f.domain) {
    const agent = report.domains.find((d) => d.name === f.domain)?.agentName;
    return agent ? `${f.domain} (${agent})` : f.domain;
  }
  return POLICY_RULES.has(f.rule) ? f.file : '(no domain)';
}

function summaryLine(report: CheckReport, style: Style): string {
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

export const textFormatter: Formatter = {
  name: 'text',
  format(report: CheckReport, options: FormatOptions): string {
    const style = createStyle(options.color);
    const shown = options.quiet ? report.findings.filter((f) => isFailing(f)) : report.findings;
    const groups = new Map<string, Finding[]>();
    for (const f of shown) {
      const group = groupOf(f, report);
      groups.set(group, [...(groups.get(group) ?? []), f]);
    }
    const out: string[] = [];
    for (const [group, findings] of groups) {
      out.push(style.bold(group), ...findings.flatMap((f) => renderFinding(f, style)), '');
    }
    if (options.quiet && shown.length === 0) return '';
    const rules = [...new Set(shown.map((f) => f.rule))];
    if (rules.length > 0) out.push(style.dim(`Rules explained: ${rules.map((r) => `${options.rulesDir}/${r}.md`).join(', ')}`));
    out.push(summaryLine(report, style));
    return `${out.join('\n')}\n`;
  },
};
