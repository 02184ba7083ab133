import type { CapabilityReport } from '../../../model/index.js';
import { printable } from '../../printable.js';
import type { Style } from '../../style.js';

/** Past this many entries of one kind in one project, the rest are counted (the json format has them all). */
const LISTED = 20;

function listed<T>(items: T[], line: (item: T) => string, out: string[]): void {
  for (const item of items.slice(0, LISTED)) out.push(line(item));
  if (items.length > LISTED) out.push(`      … and ${items.length - LISTED} more (--format json lists them all)`);
}

/** A short list per project: what it provides, whose work waits on a capability, and whose wait is over. */
export function renderCapabilities(report: CapabilityReport, style: Style, out: string[]): void {
  out.push(style.bold('Capabilities (Beads)'));
  for (const project of report.projects) {
    const source =
      project.source === 'none'
        ? 'not readable'
        : `${project.issues} issue${project.issues === 1 ? '' : 's'}, read ${project.source === 'bd' ? 'through bd' : 'from .beads/issues.jsonl'}`;
    out.push(`  ${printable(project.name)} ${style.dim(`(${source})`)}`);
    const of = <T extends { project: string }>(items: T[]) => items.filter((item) => item.project === project.name);
    const provided = of(report.provided);
    if (provided.length > 0) {
      const shown = provided.slice(0, LISTED).map((p) => `${printable(p.capability)} (${printable(p.issue)})`);
      out.push(`    provides: ${shown.join(', ')}${provided.length > LISTED ? `, … and ${provided.length - LISTED} more` : ''}`);
    }
    const blocked = of(report.blocked);
    if (blocked.length > 0) out.push(`    ${style.yellow('blocked')}:`);
    listed(blocked, (b) => `      ${printable(b.issue)} ${printable(b.title)} ${style.dim(`waits on ${printable(b.waitingOn.join(', '))}`)}`, out);
    const unblocked = of(report.unblocked);
    if (unblocked.length > 0) out.push(`    ${style.green('unblocked')}:`);
    listed(unblocked, (u) => `      ${printable(u.issue)} ${printable(u.title)} ${style.dim(`${printable(u.satisfied.join(', '))} shipped`)}`, out);
  }
  out.push('');
}
