import { evaluate } from '../../rules/index.js';
import type { SnapshotCheck } from './types.js';

/** The import rules of docs/configuration.md, "How an import is decided", unresolved imports, unreadable and unowned files, and the exceptions' own findings. */
export const importRules: SnapshotCheck = {
  name: 'imports',
  run: ({ snapshot, graph, owners, today }) => evaluate({ config: snapshot.config, graph, owners, today, partial: snapshot.partial }),
};
