import { relative, sep } from 'node:path';
import { type Config, type ConfigLocation, readConfig } from '../config/index.js';
import type { ContractVerdict } from '../contracts/index.js';
import { buildGraph, type ImportGraph, type RepoView, selectSources } from '../graph/index.js';
import { ConfigError, type ConfigProblem, type Finding, UsageError } from '../model/index.js';
import { checkTies, createOwners, evaluateImports, type ImportFindings, type Owners } from '../rules/index.js';
import type { BeadsState } from './beads.js';
import { snapshotChecks } from './checks/index.js';

/** One state of the project to check: the working tree, the index, or a commit. */
export interface Snapshot {
  config: Config;
  /** Sanity problems of the configuration itself, reported with those of the scope checks. */
  problems: ConfigProblem[];
  view: RepoView;
  /** Every file the configuration governs (for the scope sanity checks). */
  governed: string[];
  /** The sources to scan: all of them, or only the changed (or named) ones. */
  sources: string[];
  /** Only some sources are scanned; whole-repository verdicts (stale exceptions, stale baseline entries) are off. */
  partial: boolean;
  /** Root-relative path of orchestrator.toml, where findings about the policy point. */
  configFile: string;
  /** What the import rules found, when several threads evaluated the sources ahead (threads.ts). */
  imports?: ImportsEvaluated;
  /** The role whose configuration errors were already checked (threads.ts checks them while the threads start). */
  settled?: Role;
  /** Who owns each file, remembered from the first question on (it depends on the configuration alone). */
  owners?: Owners;
  /** The published artifacts' verdicts, validated ahead (contracts.ts): validation reads files asynchronously. */
  contracts?: ContractVerdict[];
  /** The verdicts before the change being checked (merge base, or HEAD): an artifact no lock holds is compared with them. */
  previousContracts?: ContractVerdict[];
  /** Beads' projects and what they say of capabilities, read ahead (beads.ts) when the project uses Beads. */
  beads?: BeadsState;
}

/** The import rules' findings over a snapshot's sources, with the numbers the summary reports. */
export interface ImportsEvaluated extends ImportFindings {
  files: number;
  edges: number;
}

/** How a snapshot is judged: `head` stops on a broken configuration, `change` reports what can be a finding as one, `base` only compares. */
export type Role = 'head' | 'change' | 'base';

export interface Evaluation {
  findings: Finding[];
  owners: Owners;
  /** Source files scanned and imports resolved to a repository file. */
  files: number;
  edges: number;
}

/** Root-relative path of orchestrator.toml (`orchestrator.toml` unless --config points below the root). */
export function configPath(location: ConfigLocation, root: string): string {
  return relative(root, location.file).split(sep).join('/');
}

/** Reads orchestrator.toml out of a view and parses it against that view's folders; undefined when the view has none. */
export function configIn(view: RepoView, location: ConfigLocation): { config: Config; problems: ConfigProblem[] } | undefined {
  const text = view.readText(configPath(location, view.root));
  return text === undefined ? undefined : readConfig(text, location.file, location.displayFile, (path) => view.isDirectory(path));
}

export function requireConfigIn(view: RepoView, location: ConfigLocation): { config: Config; problems: ConfigProblem[] } {
  const loaded = configIn(view, location);
  if (loaded) return loaded;
  const path = configPath(location, view.root);
  const why = view.links.has(path) ? 'it is a symbolic link to a file outside the project, and cn-guard reads nothing outside it' : 'no such file';
  throw new UsageError(`cannot read ${location.displayFile}: ${why}${location.given ? ' (given with --config)' : ''}`);
}

/** The files a configuration governs, and the sources among them (symbolic links are read through their targets). */
export function selectFiles(config: Config, view: RepoView, files: Iterable<string> = view.files): { governed: string[]; sources: string[] } {
  const governed = selectSources(files, ['**'], config.settings.exclude);
  const sources = selectSources(governed, config.settings.include, []).filter((path) => !view.links.has(path));
  return { governed, sources };
}

/**
 * Configuration → import graph → findings for one snapshot. A tie between two domains is
 * always a configuration error; so is, for the `head` of a whole-repository check, a scope that
 * claims no file (docs/configuration.md, "Configuration errors"). Every snapshot check of `checks/` runs here.
 */
export function evaluateSnapshot(snapshot: Snapshot, today: string, role: Role): Evaluation {
  return evaluate(snapshot, today, role, false);
}

export type GraphEvaluation = Evaluation & { graph: ImportGraph };

/** The same, with the import graph itself, for what draws or inspects it (`graph`, `init`). */
export function evaluateWithGraph(snapshot: Snapshot, today: string, role: Role): GraphEvaluation {
  return evaluate(snapshot, today, role, true) as GraphEvaluation;
}

/** The snapshot's owners, shared by everything that judges it. */
export const ownersOf = (snapshot: Snapshot): Owners => (snapshot.owners ??= createOwners(snapshot.config));

/**
 * Throws the configuration errors that stop a check: a tie between two domains, and for the head
 * of a whole-repository check, what the snapshot checks call a problem (a scope or pattern that
 * claims no file). Checked once per snapshot and role.
 */
export function settleConfiguration(snapshot: Snapshot, today: string, role: Role): void {
  if (role === 'base' || snapshot.settled === role) return;
  const problems = [...snapshot.problems, ...checkTies(snapshot.config, snapshot.partial ? snapshot.sources : snapshot.governed, ownersOf(snapshot))];
  if (role === 'head' && !snapshot.partial) problems.push(...snapshotChecks.flatMap((check) => check.problems?.({ snapshot, today, role }) ?? []));
  if (problems.length > 0) throw new ConfigError(problems);
  snapshot.settled = role;
}

function evaluate(snapshot: Snapshot, today: string, role: Role, keepGraph: boolean): Evaluation & { graph?: ImportGraph } {
  const { config, view, sources } = snapshot;
  const owners = ownersOf(snapshot);
  const context = { snapshot, today, role };
  settleConfiguration(snapshot, today, role);
  let graph: ImportGraph | undefined;
  let imports = keepGraph ? undefined : snapshot.imports;
  if (!imports) {
    graph = buildGraph(view, sources, { tsconfig: config.settings.tsconfig });
    imports = { ...evaluateImports({ config, graph, owners, today }), files: graph.files.length, edges: graph.edges.length };
  }
  const findings = snapshotChecks.flatMap((check) => check.run({ ...context, owners, imports }));
  return { findings, owners, files: imports.files, edges: imports.edges, ...(graph && { graph }) };
}
