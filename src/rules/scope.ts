import type { Domain } from '../config/index.js';
import { type Finding, finding } from '../model/index.js';
import type { Owners } from './ownership.js';

export interface ChangedPath {
  path: string;
  /** git's status letter (A, C, D, M, R, T, U). */
  status: string;
  /** Where a rename or copy came from. */
  from?: string;
}

/**
 * Every path the acting domain changes must lie in its own scope. A rename changes
 * both of its paths. Protected files (orchestrator.toml, the baseline) are the policy check's.
 */
export function outOfScopeChanges(changes: ChangedPath[], acting: Domain, owners: Owners, protectedFiles: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const change of changes) {
    for (const path of change.from !== undefined && change.status === 'R' ? [change.from, change.path] : [change.path]) {
      if (protectedFiles.has(path) || seen.has(path)) continue;
      seen.add(path);
      const owner = owners.ownerOf(path)?.domain;
      if (owner === acting) continue;
      const coordinate = owner
        ? `${path} belongs to domain ${owner.name}${owner.agentName ? `; coordinate with ${owner.agentName}` : ''}`
        : `${path} belongs to no domain`;
      findings.push(
        finding({
          rule: 'out-of-scope-change',
          severity: 'error',
          message: `domain ${acting.name} may not change ${path} (${describeStatus(change, path)}): ${coordinate}`,
          hint: owner
            ? `leave the change to ${owner.agentName ?? `the agent of domain ${owner.name}`}`
            : `leave it alone, or have the owners add ${path} to a domain's scope`,
          file: path,
          domain: acting.name,
        }),
      );
    }
  }
  return findings;
}

function describeStatus(change: ChangedPath, path: string): string {
  switch (change.status) {
    case 'A':
      return 'added';
    case 'D':
      return 'deleted';
    case 'R':
      return path === change.from ? `renamed to ${change.path}` : `renamed from ${change.from}`;
    case 'C':
      return `copied from ${change.from}`;
    case 'T':
      return 'type changed';
    default:
      return 'modified';
  }
}
