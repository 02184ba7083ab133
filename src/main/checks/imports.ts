import { exceptionFindings } from '../../rules/index.js';
import type { SnapshotCheck } from './types.js';

/**
 * The import rules (docs/configuration.md, "How an import is decided"), unresolved imports,
 * unreadable and unowned files, and the exceptions' own findings, judged on how often each
 * exception matched across the whole graph.
 */
export const importRules: SnapshotCheck = {
  name: 'imports',
  run: ({ snapshot, imports, today }) => [
    ...imports.findings,
    ...exceptionFindings(snapshot.config, imports.exceptionUses, today, { stale: !snapshot.partial }),
  ],
};
