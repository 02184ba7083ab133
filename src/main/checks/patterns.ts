import { directoriesOf } from '../../graph/index.js';
import { type UnmatchedPattern, unmatchedPatternFindings, unmatchedPatterns, unmatchedScopeProblems } from '../../rules/index.js';
import type { Snapshot } from '../snapshot.js';
import type { SnapshotCheck } from './types.js';

const computed = new WeakMap<Snapshot, UnmatchedPattern[]>();

function unmatchedIn(snapshot: Snapshot): UnmatchedPattern[] {
  let unmatched = computed.get(snapshot);
  if (!unmatched) {
    const { config, view, governed } = snapshot;
    unmatched = unmatchedPatterns(config, { governed, files: view.files, directories: directoriesOf(view.files), isFile: (path) => view.isFile(path) });
    computed.set(snapshot, unmatched);
  }
  return unmatched;
}

/**
 * Patterns that match no file. A whole-repository check stops on a scope that claims nothing
 * (a configuration error); a change that empties a scope gets a failing finding instead, so the
 * rest of its findings still show. A partial (pre-commit) scan does not look: the staged files
 * are not the repository.
 */
export const patternUsage: SnapshotCheck = {
  name: 'patterns',
  problems: ({ snapshot }) => unmatchedScopeProblems(snapshot.config, unmatchedIn(snapshot)),
  run: ({ snapshot, role }) =>
    snapshot.partial ? [] : unmatchedPatternFindings(snapshot.config, unmatchedIn(snapshot), snapshot.configFile, { scopes: role !== 'head' }),
};
