import type { DomainEdge, DomainNode } from './model.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The lines under a domain's name: its scope, its agent and how many files it owns. */
export function nodeDetails(node: DomainNode): string[] {
  // Imports can land here on files that are not sources (package.json, generated bundles): count the sources.
  if (node.unowned) return [`${plural(node.files, 'source file')} outside every scope`];
  return [node.scope.join(', '), [node.agentName, plural(node.files, 'file')].filter(Boolean).join(' · ')];
}

/** An edge's label: the change, the imports, the violations, and what is declared about the pair. */
export function edgeLabel(edge: DomainEdge): string {
  const parts: string[] = [];
  if (edge.change === 'added') parts.push('new');
  if (edge.change === 'removed') parts.push('removed');
  if (edge.imports > 0) parts.push(plural(edge.imports, 'import'));
  if (edge.violations > 0) parts.push(`✖ ${edge.violations} ${edge.rules.join(', ')}`);
  if (edge.kinds.length > 0) parts.push(edge.kinds.join(', '));
  else if (edge.imports === 0 && edge.declared.includes('allowed')) parts.push('allowed');
  return parts.join(' · ');
}

export const VIOLATION_COLOR = '#d1242f';
export const ADDED_COLOR = '#1a7f37';
