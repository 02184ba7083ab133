import { join, posix } from 'node:path';
import { CONFIG_FILE, readConfig } from '../../config/index.js';
import { anyGlob } from '../../glob/index.js';
import { type RepoView, selectSources } from '../../graph/index.js';
import { byCodePoint, ConfigError } from '../../model/index.js';
import type { UnownedFolder } from '../../report/index.js';
import { evaluateWithGraph, type GraphEvaluation, selectFiles } from '../snapshot.js';
import { type ConfigDraft, renderConfig } from './config-text.js';
import { type ExcludedPath, fixturesAndOutput, type InferredDomain, inferDomains } from './layout.js';

/**
 * The orchestrator.toml init proposes, checked before anything is written: it is parsed against
 * the repository and run through the same pipeline as `cn-guard check`. Files that check would
 * fail to parse are excluded (and the domains inferred again without them), so the first check
 * fails only on boundaries; a proposal with a configuration error is a bug, never written.
 */

export interface Proposal {
  /** The orchestrator.toml text; undefined when no folder holds sources to make a domain of. */
  text?: string;
  excluded: ExcludedPath[];
  unowned: UnownedFolder[];
}

/** settings.include's default, which the proposal keeps. */
const SOURCES = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

/** An exact path as a glob: `[`, `(`, `!` and their kind stand for themselves. */
const literalGlob = (path: string) => path.replace(/[*?[\]{}()!+@\\]/g, '\\$&');

function draftFor(view: RepoView, excluded: ExcludedPath[]): ConfigDraft | undefined {
  const patterns = excluded.map((e) => e.pattern);
  const domains = inferDomains(view, selectSources(view.files, SOURCES, patterns), anyGlob(patterns));
  return domains.length > 0 ? { domains, excluded } : undefined;
}

/** `cn-guard check` on the proposed text, in memory. */
function checkProposal(view: RepoView, text: string, today: string): GraphEvaluation {
  try {
    const { config, problems } = readConfig(text, join(view.root, CONFIG_FILE), CONFIG_FILE, (path) => view.isDirectory(path));
    const { governed, sources } = selectFiles(config, view);
    return evaluateWithGraph({ config, problems, view, governed, sources, partial: false, configFile: CONFIG_FILE }, today, 'head');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new Error(`the orchestrator.toml that init inferred fails its own check (nothing was written; please report this):\n${error.message}`);
  }
}

/** For each domain, the other domains it does not import today: candidates for `forbidden_imports`. */
function unusedNeighbours({ graph, owners }: GraphEvaluation, domains: InferredDomain[]): Map<string, InferredDomain[]> {
  const used = new Set<string>();
  for (const edge of graph.edges) {
    const from = owners.ownerOf(edge.from)?.domain.name;
    const to = owners.ownerOf(edge.to)?.domain.name;
    if (from !== undefined && to !== undefined && from !== to) used.add(`${from}\0${to}`);
  }
  return new Map(domains.map((d) => [d.name, domains.filter((e) => e !== d && !used.has(`${d.name}\0${e.name}`))]));
}

/** The domain most imports connect these files with, in either direction. */
function closestDomain({ graph, owners }: GraphEvaluation, files: ReadonlySet<string>): { domain: string; imports: number } | undefined {
  const counts = new Map<string, number>();
  const count = (other: string) => {
    const domain = owners.ownerOf(other)?.domain.name;
    if (domain !== undefined) counts.set(domain, (counts.get(domain) ?? 0) + 1);
  };
  for (const edge of graph.edges) {
    if (files.has(edge.from)) count(edge.to);
    if (files.has(edge.to)) count(edge.from);
  }
  const [best] = [...counts].sort(([a, m], [b, n]) => n - m || byCodePoint(a, b));
  return best && { domain: best[0], imports: best[1] };
}

/** What the proposal leaves unowned, by folder, with the domain that would naturally claim it. */
function unownedFolders(evaluation: GraphEvaluation): UnownedFolder[] {
  const byFolder = new Map<string, Set<string>>();
  for (const finding of evaluation.findings) {
    if (finding.rule !== 'unowned-file') continue;
    const folder = posix.dirname(finding.file);
    byFolder.set(folder, (byFolder.get(folder) ?? new Set()).add(finding.file));
  }
  return [...byFolder]
    .sort(([a], [b]) => byCodePoint(a, b))
    .map(([folder, files]) => {
      const glob = files.size === 1 ? [...files][0]! : folder === '.' ? '*' : `${folder}/*`;
      const them = files.size === 1 ? 'it' : 'them';
      const closest = closestDomain(evaluation, files);
      if (!closest) return { folder, files: files.size, suggestion: `leave ${them} unowned, or add "${glob}" to a new domain's scope` };
      const imports = closest.imports === 1 ? '1 import links' : `${closest.imports} imports link`;
      return { folder, files: files.size, domain: closest.domain, suggestion: `add "${glob}" to domain ${closest.domain}'s scope (${imports} ${them} to it)` };
    });
}

export function proposeConfig(view: RepoView, today: string): Proposal {
  const byName = fixturesAndOutput(selectSources(view.files, SOURCES, []), view.files);
  let draft = draftFor(view, byName);
  if (!draft) return { excluded: [], unowned: [] };
  let evaluation = checkProposal(view, renderConfig(draft), today);
  const broken = evaluation.graph.parseErrors.map((failure) => ({
    pattern: literalGlob(failure.file),
    reason: `does not parse (${failure.line}:${failure.column}: ${failure.message})`,
  }));
  if (broken.length > 0) {
    draft = draftFor(view, [...byName, ...broken]);
    if (!draft) return { excluded: [], unowned: [] };
    evaluation = checkProposal(view, renderConfig(draft), today);
  }
  // The suggestions are comments: the text checked above and this one configure the same.
  const text = renderConfig({ ...draft, unused: unusedNeighbours(evaluation, draft.domains) });
  return { text, excluded: draft.excluded, unowned: unownedFolders(evaluation) };
}
