import { type Finding, type RuleId, rulePage } from '../model/index.js';
import type { CheckReport, ProjectPaths, WebLinks } from './types.js';

/** A project path (relative to orchestrator.toml's folder) from the repository root, as GitHub and SARIF name files. */
export function repositoryPath(project: ProjectPaths, path: string): string {
  return project.dir === '' ? path : `${project.dir}/${path}`;
}

/** Where an annotation or a SARIF result points: always a file of the checked state, and a line in it. */
export interface Place {
  /** Repository-relative. */
  path: string;
  line: number;
  column?: number;
}

/**
 * Places findings on real files: a finding about a whole file at its line 1, one about a path
 * the checked state does not have (a deleted file of an out-of-scope change) on orchestrator.toml,
 * at the `scope` of the domain it concerns.
 */
export function placer(report: CheckReport): (f: Finding) => Place {
  const absent = new Set(report.absent);
  const scopeLines = new Map(report.domains.map((d) => [d.name, d.line]));
  const config = repositoryPath(report.project, report.project.config);
  return (f) => {
    if (absent.has(f.file)) return { path: config, line: (f.domain !== undefined && scopeLines.get(f.domain)) || 1 };
    const place: Place = { path: repositoryPath(report.project, f.file), line: f.line ?? 1 };
    if (f.line !== undefined && f.column !== undefined) place.column = f.column;
    return place;
  };
}

/** A rule's page at the released version, so that the page matches the rule that ran. */
export function rulePageUrl(tool: CheckReport['tool'], rule: RuleId): string {
  return `${tool.repository}/blob/v${tool.version}/${rulePage(rule)}`;
}

/** A character as the percent-encoded bytes of its UTF-8. */
const percentEncoded = (c: string) => [...new TextEncoder().encode(c)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/**
 * A path as a URI path: what RFC 3986 does not allow raw is percent-encoded, and so are `:` (a
 * relative reference cannot have one in its first segment), `(` and `)` (they would end a markdown
 * link) and `%` itself. Ordinary paths, `@scope` folders included, stay as they are.
 */
export const uriPath = (path: string) => path.replace(/[^A-Za-z0-9\-._~/!$&'*+,;=@]/gu, percentEncoded);

/** A repository file at the checked commit on the web, at a line when there is one. */
export function blobUrl(links: WebLinks, path: string, line?: number): string {
  return `${links.server}/${links.repository}/blob/${links.commit}/${uriPath(path)}${line === undefined ? '' : `#L${line}`}`;
}
