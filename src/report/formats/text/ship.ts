import { printable } from '../../printable.js';
import { createStyle } from '../../style.js';
import type { FormatOptions, ShipOutcome } from '../../types.js';

/** bd ship's own lines first (scripts that read bd read these), then what cn-guard checked and found. */
export function renderShipText({ ship }: { ship: ShipOutcome }, options: FormatOptions): string {
  const style = createStyle(options.color);
  const cap = printable(ship.capability);
  const id = printable(ship.issue_id);
  const out: string[] = [];
  if (ship.status === 'shipped') {
    out.push(
      `${style.green('✓')} Shipped ${cap} (${id})`,
      `  Added label: provides:${cap}`,
      '',
      `External projects can now depend on: external:${printable(ship.project)}:${cap}`,
    );
  } else if (ship.status === 'already_shipped') {
    out.push(`${style.green('✓')} Capability '${cap}' already shipped (${id})`);
  } else if (ship.status === 'dry_run') {
    out.push(`→ Would ship '${cap}' on ${id} (dry run)`, `  Would add label: provides:${cap} (${ship.via === 'bd' ? 'bd ship' : '.beads/issues.jsonl'})`);
  } else {
    out.push(`${style.red('✖')} Not shipped: ${cap} (${id})`);
    for (const reason of ship.reasons ?? []) out.push(`  ${printable(reason)}`);
  }
  if (options.quiet) return `${out.join('\n')}\n`;
  if (ship.contracts.length > 0) {
    out.push('', style.bold('Contracts'));
    for (const c of ship.contracts) {
      const verdict = c.status !== 'valid' ? style.red(c.status) : c.breaking.length > 0 ? style.yellow(`${c.breaking.length} breaking`) : style.green('holds');
      out.push(`  ${printable(c.artifact)} ${style.dim(printable(c.path))}  ${verdict}`);
      for (const change of c.breaking.slice(0, 10)) out.push(style.dim(`    ${printable(change)}`));
    }
  }
  if (ship.shipment && ship.status !== 'refused') {
    const at = `${ship.shipment.shippedAt}${ship.shipment.commit ? ` at ${ship.shipment.commit.slice(0, 12)}` : ''}`;
    const verb = ship.status === 'dry_run' ? 'would be recorded' : ship.shipment.recorded ? 'recorded' : 'already recorded';
    out.push('', `Shipment ${verb} in .orchestrator/contracts.lock.json (${at})`);
  }
  if (ship.status !== 'refused') {
    out.push('', ship.unblocked.length === 0 ? 'No consumer issue was waiting on it alone.' : style.bold('Unblocked consumers'));
    for (const u of ship.unblocked) out.push(`  ${printable(u.project)}  ${printable(u.issue)} ${printable(u.title)}`);
  }
  for (const p of ship.posted ?? []) {
    const where = p.via === 'bd' ? 'through bd' : `in ${printable(p.inbox ?? '')}`;
    out.push(
      `  told ${printable(p.project)}: ${p.created.length} notice${p.created.length === 1 ? '' : 's'} ${where}${p.created.length === 0 ? ' (told before)' : ''}`,
    );
  }
  for (const note of ship.notes) out.push(style.yellow(`note: ${printable(note)}`));
  return `${out.join('\n')}\n`;
}
