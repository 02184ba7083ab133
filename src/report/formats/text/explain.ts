import { printable as p } from '../../printable.js';
import type { Style } from '../../style.js';
import { createStyle } from '../../style.js';
import type { Explanation, FormatOptions, ImportExplanation, OwnerInfo } from '../../types.js';

function ownerLine(o: OwnerInfo): string {
  const agent = o.agentName ? ` (agent ${p(o.agentName)})` : '';
  const where = o.keyPath ? `, ${p(o.keyPath)}` : '';
  return `${p(o.domain)}${agent} by scope ${p(o.pattern)} (${o.specificity}${where})`;
}

function verdictOf(i: ImportExplanation, style: Style): string {
  if (i.verdict === 'violation') return style.red(`violation: ${i.rule}`);
  if (i.verdict === 'allowed') return style.green('allowed');
  if (i.verdict === 'suppressed') return style.yellow(`suppressed ${i.rule}`);
  return style.dim('not checked');
}

function detailLines(i: ImportExplanation, style: Style, at: string, out: string[]): void {
  out.push('', `import "${p(i.specifier)}"${i.typeOnly ? ' (type-only)' : ''}${at}`);
  out.push(`  resolves to ${p(i.resolvesTo)}`);
  if (i.targetOwner) out.push(`  target domain: ${ownerLine(i.targetOwner)}`);
  else if (i.target) out.push('  target domain: none (unowned)');
  if (i.publicEntryPoints.length > 0) out.push(`  public entry points of ${p(i.targetOwner?.domain ?? '')}: ${p(i.publicEntryPoints.join(', '))}`);
  if (i.patterns.length > 0) {
    out.push('  matching patterns, most specific first:');
    const width = Math.max(...i.patterns.map((m) => p(m.pattern).length));
    for (const m of i.patterns) {
      const line = `    ${m.list.padEnd(17)} ${p(m.pattern).padEnd(width)}  ${m.specificity}${m.keyPath ? `  (${p(m.keyPath)})` : ''}`;
      out.push(m.decides ? `${line}  ${style.bold('← decides')}` : style.dim(line));
    }
  } else if (i.target) {
    out.push('  matching patterns: none');
  }
  if (i.exception) {
    const e = i.exception;
    const state = e.expired ? style.yellow(`expired ${e.expires}`) : `valid${e.expires ? ` until ${e.expires}` : ''}`;
    out.push(`  exception ${p(e.from)} → ${p(e.to)}: ${state}; ${p(e.reason)}${e.owner ? ` (owner ${p(e.owner)})` : ''}`);
  }
  out.push(`  verdict: ${verdictOf(i, style)} — ${p(i.because)}`);
}

/** `cn-guard explain`: who owns the file, then one line per import, or the whole reasoning for the one asked about. */
export function renderExplainText({ explanation: e, detailed }: { explanation: Explanation; detailed: boolean }, options: FormatOptions): string {
  const style = createStyle(options.color);
  const out = [style.bold(p(e.file))];
  out.push(e.owner ? `  domain: ${ownerLine(e.owner)}` : `  ${p(e.ownership)}`);
  for (const other of e.otherClaims) out.push(style.dim(`  also claimed by ${ownerLine(other)}`));
  if (e.parseError) out.push(style.red(`  cannot parse it: ${p(e.parseError)}; imports after that point are unknown`));
  if (e.imports.length === 0) out.push('', '  no imports');
  for (const i of e.imports) {
    const at = i.line !== undefined ? style.dim(` line ${i.line}`) : i.inFile ? '' : style.dim(' (not in the file; resolved as if it were)');
    if (detailed) detailLines(i, style, at, out);
    else out.push(`  ${verdictOf(i, style)}  "${p(i.specifier)}"${i.typeOnly ? ' (type)' : ''} → ${p(i.resolvesTo)}${at}`);
  }
  return `${out.join('\n')}\n`;
}
