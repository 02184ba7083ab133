import { createStyle } from './style.js';

/** Plain data about why a file belongs where it does and why its imports are (not) allowed. */
export interface OwnerInfo {
  domain: string;
  agentName?: string;
  pattern: string;
  keyPath?: string;
  specificity: string;
}

export interface PatternLine {
  list: string;
  pattern: string;
  keyPath?: string;
  specificity: string;
  decides: boolean;
}

export interface ImportExplanation {
  specifier: string;
  line?: number;
  typeOnly: boolean;
  /** False when the specifier was asked about but the file does not contain it. */
  inFile: boolean;
  resolvesTo: string;
  target?: string;
  targetOwner?: OwnerInfo;
  publicEntryPoints: string[];
  patterns: PatternLine[];
  verdict: 'allowed' | 'violation' | 'suppressed' | 'not checked';
  rule?: string;
  because: string;
  exception?: { from: string; to: string; reason: string; owner?: string; expires?: string; expired: boolean };
}

export interface Explanation {
  file: string;
  exists: boolean;
  /** Why the file could not be read completely (a parse-error finding in `check`). */
  parseError?: string;
  owner?: OwnerInfo;
  otherClaims: OwnerInfo[];
  ownership: string;
  imports: ImportExplanation[];
}

function ownerLine(o: OwnerInfo): string {
  const agent = o.agentName ? ` (agent ${o.agentName})` : '';
  const where = o.keyPath ? `, ${o.keyPath}` : '';
  return `${o.domain}${agent} by scope ${o.pattern} (${o.specificity}${where})`;
}

export function formatExplanationText(e: Explanation, color: boolean, detailed: boolean): string {
  const style = createStyle(color);
  const out = [style.bold(e.file) + (e.exists ? '' : style.yellow('  (no such file)'))];
  out.push(`  ${e.ownership}`);
  if (e.parseError) out.push(style.red(`  cannot parse it: ${e.parseError}; imports after that point are unknown`));
  if (e.owner) out.push(`  domain: ${ownerLine(e.owner)}`);
  for (const other of e.otherClaims) out.push(style.dim(`  also claimed by ${ownerLine(other)}`));
  if (e.imports.length === 0) out.push('', '  no imports');
  for (const i of e.imports) {
    const at = i.line !== undefined ? style.dim(` line ${i.line}`) : i.inFile ? '' : style.dim(' (not in the file; resolved as if it were)');
    const verdict =
      i.verdict === 'violation' ? style.red(`violation: ${i.rule}`) : i.verdict === 'allowed' ? style.green('allowed') : i.verdict === 'suppressed' ? style.yellow(`suppressed ${i.rule}`) : style.dim('not checked');
    if (!detailed) {
      out.push(`  ${verdict}  "${i.specifier}"${i.typeOnly ? ' (type)' : ''} → ${i.resolvesTo}${at}`);
      continue;
    }
    out.push('', `import "${i.specifier}"${i.typeOnly ? ' (type-only)' : ''}${at}`);
    out.push(`  resolves to ${i.resolvesTo}`);
    if (i.targetOwner) out.push(`  target domain: ${ownerLine(i.targetOwner)}`);
    else if (i.target) out.push('  target domain: none (unowned)');
    if (i.publicEntryPoints.length > 0) out.push(`  public entry points of ${i.targetOwner?.domain}: ${i.publicEntryPoints.join(', ')}`);
    if (i.patterns.length > 0) {
      out.push('  matching patterns, most specific first:');
      const width = Math.max(...i.patterns.map((p) => p.pattern.length));
      for (const p of i.patterns) {
        const line = `    ${p.list.padEnd(17)} ${p.pattern.padEnd(width)}  ${p.specificity}${p.keyPath ? `  (${p.keyPath})` : ''}`;
        out.push(p.decides ? `${line}  ${style.bold('← decides')}` : style.dim(line));
      }
    } else if (i.target) {
      out.push('  matching patterns: none');
    }
    if (i.exception) {
      const state = i.exception.expired ? style.yellow(`expired ${i.exception.expires}`) : `valid${i.exception.expires ? ` until ${i.exception.expires}` : ''}`;
      out.push(`  exception ${i.exception.from} → ${i.exception.to}: ${state}; ${i.exception.reason}${i.exception.owner ? ` (owner ${i.exception.owner})` : ''}`);
    }
    out.push(`  verdict: ${verdict} — ${i.because}`);
  }
  return `${out.join('\n')}\n`;
}
