import { printable as p } from '../../printable.js';
import type { BaselineOutcome, ContractDiff, FormatOptions, InitReport, PairImports } from '../../types.js';
import { plural } from '../../wording.js';

/** `cn-guard init`: each file and what happened to it, what is excluded, what stays unowned, and what to do next. */
export function renderInitText({ init }: { init: InitReport }): string {
  const out = init.steps.map((s) => `${s.action.padEnd(9)} ${p(s.path)}${s.note ? `  (${p(s.note)})` : ''}`);
  if (init.excluded.length > 0) {
    out.push('', 'Excluded from every check (settings.exclude):');
    for (const e of init.excluded) out.push(`  ${p(e.pattern)}  ${p(e.reason)}`);
  }
  if (init.unowned.length > 0) {
    out.push('', 'Left unowned (reported as warnings by `cn-guard check`):');
    for (const u of init.unowned) out.push(`  ${p(u.folder)}/  ${plural(u.files, 'source file')}  → ${p(u.suggestion)}`);
  }
  if (init.next.length > 0) out.push('', 'Next:', ...init.next.map((step, i) => `  ${i + 1}. ${p(step)}`));
  return `${out.join('\n')}\n`;
}

export function renderBaselineText({ outcome }: { outcome: BaselineOutcome }): string {
  const change = outcome.written ? `${outcome.added} added, ${outcome.removed} removed` : 'unchanged';
  return `${p(outcome.file)}: ${plural(outcome.entries, 'known violation')} (${change})\n`;
}

export function renderPairImportsText({ pair }: { pair: PairImports }): string {
  const lines = pair.imports.map(
    (i) => `${p(i.from)}:${i.line}  → ${p(i.to)}  "${p(i.specifier)}"${i.typeOnly ? ' (type)' : ''}${i.rule ? `  ${i.rule}` : ''}`,
  );
  return `${p(pair.from)} → ${p(pair.to)}: ${plural(pair.imports.length, 'import')}\n${lines.join('\n')}${lines.length ? '\n' : ''}`;
}

/** `contracts diff`: one line per change, breaking first, then a count. */
export function renderContractDiffText({ diff }: { diff: ContractDiff }, options: FormatOptions): string {
  const order = { error: 0, warning: 1, info: 2 } as const;
  const changes = [...diff.changes].sort((a, b) => order[a.level] - order[b.level]);
  const shown = options.quiet ? changes.filter((c) => c.breaking) : changes;
  const label = { error: 'breaking', warning: 'warning ', info: 'info    ' } as const;
  const lines = shown.map((c) => `${label[c.level]}  ${c.id}  ${p(c.message)}`);
  const { breaking, warnings, info } = diff.summary;
  const verdict = `${breaking > 0 ? '✖' : warnings > 0 ? '!' : '✔'} ${plural(breaking, 'breaking change')}, ${plural(warnings, 'warning')}, ${info} info (${diff.kind})`;
  return `${[...lines, ...(lines.length > 0 ? [''] : []), verdict].join('\n')}\n`;
}
