import { relative, sep } from 'node:path';
import { readConfig, type Config, type ConfigLocation } from '../config/index.js';
import { buildGraph, selectSources, type ImportGraph, type RepoView } from '../graph/index.js';
import { ConfigError, type ConfigProblem, type Finding } from '../model/index.js';
import { checkScopes, createOwners, evaluate, type Owners } from '../rules/index.js';

/** One state of the project to check: the working tree, the index, or a commit. */
export interface Snapshot {
  config: Config;
  /** Sanity problems of the configuration itself, reported with those of the scope checks. */
  problems: ConfigProblem[];
  view: RepoView;
  /** Every file the configuration governs (for the scope sanity checks). */
  governed: string[];
  /** The sources to scan: all of them, or only the changed ones. */
  sources: string[];
  /** Only some sources are scanned; whole-repository verdicts (stale exceptions, stale baseline entries) are off. */
  partial: boolean;
}

export interface Evaluation {
  findings: Finding[];
  graph: ImportGraph;
  owners: Owners;
}

/** Root-relative path of orchestrator.toml (`orchestrator.toml` unless --config points below the root). */
export function configPath(location: ConfigLocation, root: string): string {
  return relative(root, location.file).split(sep).join('/');
}

/** Reads orchestrator.toml out of a view (the index, a commit) and parses it. */
export function configIn(view: RepoView, location: ConfigLocation): { config: Config; problems: ConfigProblem[] } | undefined {
  const text = view.readText(configPath(location, view.root));
  return text === undefined ? undefined : readConfig(text, location.file, location.displayFile);
}

/** The files a configuration governs, and the sources among them. */
export function selectFiles(config: Config, files: Iterable<string>): { governed: string[]; sources: string[] } {
  const governed = selectSources(files, ['**'], config.settings.exclude);
  return { governed, sources: selectSources(governed, config.settings.include, []) };
}

/**
 * Configuration → import graph → findings for one snapshot. `sanity` runs the scope checks
 * of spec §2.4 (a configuration error, exit 2); a PR's base is judged by head's rules without them.
 */
export function evaluateSnapshot(snapshot: Snapshot, today: string, { sanity }: { sanity: boolean }): Evaluation {
  const { config, view, sources, partial } = snapshot;
  const owners = createOwners(config);
  if (sanity) {
    const problems = [...snapshot.problems, ...checkScopes(config, snapshot.governed)];
    if (problems.length > 0) throw new ConfigError(problems);
  }
  const graph = buildGraph(view, sources, { tsconfig: config.settings.tsconfig });
  return { findings: evaluate({ config, graph, owners, today, partial }), graph, owners };
}
