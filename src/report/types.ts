import type { CapabilityReport, Finding, UnblockedIssue } from '../model/index.js';

export interface Summary {
  /** Failing (`new`) findings by severity. */
  errors: number;
  warnings: number;
  suppressed: number;
  /** In the baseline: reported, not failing. */
  known: number;
  /** PR mode: already at the merge base, and findings of the base that the change removed. */
  preexisting: number;
  fixed?: number;
  files: number;
  edges: number;
  durationMs: number;
}

export interface DomainLabel {
  name: string;
  agentName?: string;
  /** Line of the domain's `scope` in orchestrator.toml: where a finding about a path that no longer exists points. */
  line?: number;
}

/** What a check looked at: the whole repository, named files, the staged tree, or a pull request (the change since a merge base). */
export type CheckMode = 'repository' | 'files' | 'staged' | 'pull-request';

/** Where the project lies in its git repository, for formats that name files from the repository root (SARIF, annotations, links). */
export interface ProjectPaths {
  /** The folder holding orchestrator.toml, which every finding path is relative to, relative to the repository root: `''` at the root, else `app`. */
  dir: string;
  /** orchestrator.toml and the baseline, relative to that folder. */
  config: string;
  baseline: string;
}

/** Where the checked files can be read on the web: `<server>/<repository>/blob/<commit>/<path>`. */
export interface WebLinks {
  /** `https://github.com`, or a GitHub Enterprise Server. */
  server: string;
  /** `owner/name`. */
  repository: string;
  commit: string;
}

/** Everything a formatter may show about one check run. */
export interface CheckReport {
  tool: { name: 'cn-guard'; version: string; repository: string };
  /** orchestrator.toml as the user should read its path. */
  configFile: string;
  mode: CheckMode;
  project: ProjectPaths;
  domains: DomainLabel[];
  findings: Finding[];
  summary: Summary;
  /** Whether the run fails (exit code 1) at the chosen threshold. */
  failed: boolean;
  /** What the user should know about the run itself (files given but not checked, …). */
  notes: string[];
  /** Staged and PR mode: every path the change touches (both sides of a rename). */
  changed?: string[];
  /** Paths findings name that the checked state does not have (a file the change deletes): nothing can point into them. */
  absent?: string[];
  /** PR mode: fingerprints of the suppressed and known findings that the merge base has too (SARIF's `unchanged`). */
  unchanged?: string[];
  links?: WebLinks;
  /** PR mode, when asked for: a Mermaid flowchart of the domains the change touches, its new edges and violations marked. */
  diagram?: string;
  /** When the project uses Beads: who provides which capability, whose work waits on one, and whose wait is over. */
  capabilities?: CapabilityReport;
}

/** Plain data about why a file belongs where it does and why its imports are (not) allowed. */
export interface OwnerInfo {
  domain: string;
  agentName?: string;
  pattern: string;
  keyPath?: string;
  specificity: string;
}

export interface PatternLine {
  list: string;
  pattern: string;
  keyPath?: string;
  specificity: string;
  decides: boolean;
}

export interface ImportExplanation {
  specifier: string;
  line?: number;
  typeOnly: boolean;
  /** False when the specifier was asked about but the file does not contain it. */
  inFile: boolean;
  resolvesTo: string;
  target?: string;
  targetOwner?: OwnerInfo;
  publicEntryPoints: string[];
  patterns: PatternLine[];
  verdict: 'allowed' | 'violation' | 'suppressed' | 'not checked';
  rule?: string;
  because: string;
  exception?: { from: string; to: string; reason: string; owner?: string; expires?: string; expired: boolean };
}

export interface Explanation {
  file: string;
  /** Why the file could not be read completely (a parse-error finding in `check`). */
  parseError?: string;
  owner?: OwnerInfo;
  otherClaims: OwnerInfo[];
  ownership: string;
  imports: ImportExplanation[];
  /** Whether an asked-about import (or any import of the file) is a violation: `explain` then exits with 1. */
  violation: boolean;
}

export interface InitStep {
  path: string;
  action: 'created' | 'updated' | 'unchanged' | 'skipped';
  note?: string;
}

/** Source files the starter configuration leaves unowned, by folder, with the domain that would claim them. */
export interface UnownedFolder {
  /** Root-relative; `.` for the root. */
  folder: string;
  files: number;
  /** The domain most imports connect these files with, when any does. */
  domain?: string;
  suggestion: string;
}

export interface InitReport {
  steps: InitStep[];
  /** The starter configuration's `settings.exclude` entries, each with why: fixtures, generated code, files that do not parse. */
  excluded: { pattern: string; reason: string }[];
  unowned: UnownedFolder[];
  /** What to do next, in order. */
  next: string[];
}

export interface BaselineOutcome {
  /** Root-relative path of the baseline. */
  file: string;
  entries: number;
  added: number;
  removed: number;
  written: boolean;
}

/** `graph --from D --to E`: the file-level imports behind one domain pair. */
export interface PairImports {
  from: string;
  to: string;
  imports: { from: string; specifier: string; line: number; column: number; kind: string; typeOnly: boolean; to: string; via: string; rule?: string }[];
}

/** `cn-guard contracts diff OLD NEW`: every change between two versions of a contract, classified (a versioned json contract). */
export interface ContractDiff {
  version: 1;
  kind: 'openapi' | 'jsonschema' | 'typescript';
  changes: {
    id: string;
    level: 'error' | 'warning' | 'info';
    breaking: boolean;
    direction: 'input' | 'output' | 'both' | null;
    /** Where, for OpenAPI and JSON Schema: `GET /users/{id} 200 application/json .email`. */
    location: string | null;
    /** What, for TypeScript: the export (and member) changed. */
    symbol: string | null;
    message: string;
  }[];
  summary: { breaking: number; warnings: number; info: number };
}

/** What was told to a project's Beads: tasks created, updated and closed, and where. */
export interface BeadsPosting {
  project: string;
  via: 'bd' | 'inbox';
  /** The inbox, relative to that project's root, when there was no bd. */
  inbox?: string;
  created: { id: string; title: string }[];
  updated: { id: string; title: string }[];
  closed: { id: string; title: string }[];
}

/**
 * `cn-guard ship`: bd ship's answer (`status`, `capability`, `issue_id`, `label`, `would_add`),
 * and what cn-guard adds — the contracts it checked, the shipment recorded, the consumers unblocked.
 */
export interface ShipOutcome {
  status: 'shipped' | 'already_shipped' | 'dry_run' | 'refused';
  capability: string;
  issue_id: string;
  /** shipped: the label added. */
  label?: string;
  /** dry_run: the label that would be added. */
  would_add?: string;
  /** This project's name: consumers depend on external:<project>:<capability>. */
  project: string;
  /** Where the label goes: bd ship, or the JSONL export. */
  via: 'bd' | 'jsonl';
  /** refused: why, each with what to do. */
  reasons?: string[];
  contracts: { artifact: string; path: string; status: 'valid' | 'missing' | 'invalid'; sha256?: string; breaking: string[] }[];
  /** The shipment in the contract lock; `recorded` is false when it was there already (or in a dry run). */
  shipment?: { commit?: string; shippedAt: string; recorded: boolean };
  /** Open issues, in every configured project, that waited on this capability and now wait on nothing. */
  unblocked: UnblockedIssue[];
  /** `--post beads`: the notices posted to the consumers' projects. */
  posted?: BeadsPosting[];
  notes: string[];
  /** What could not be done after the shipment (a notice not posted): said, and the exit code stays 0. */
  warnings: string[];
}

/** Everything cn-guard prints, one kind per command. */
export type Output =
  | { kind: 'check'; report: CheckReport }
  | { kind: 'explain'; explanation: Explanation; detailed: boolean }
  | { kind: 'init'; init: InitReport }
  | { kind: 'baseline'; outcome: BaselineOutcome }
  | { kind: 'pair-imports'; pair: PairImports }
  | { kind: 'contract-diff'; diff: ContractDiff }
  | { kind: 'ship'; ship: ShipOutcome };

export type OutputKind = Output['kind'];

export interface FormatOptions {
  color: boolean;
  quiet: boolean;
  /** Where the rule pages live, shown so a reader can look a rule up. */
  rulesDir: string;
}

type Renderers = { [K in OutputKind]?: (output: Extract<Output, { kind: K }>, options: FormatOptions) => string };

/**
 * One output format (knip-style: one file each, listed in one registry): a pure function
 * from what a command found to text, for the kinds of output it knows.
 */
export interface Formatter {
  name: string;
  kinds: readonly OutputKind[];
  render(output: Output, options: FormatOptions): string;
}

export function defineFormatter(name: string, renderers: Renderers): Formatter {
  return {
    name,
    kinds: Object.keys(renderers) as OutputKind[],
    render(output, options) {
      const render = renderers[output.kind] as ((o: Output, options: FormatOptions) => string) | undefined;
      if (!render) throw new Error(`format ${name} cannot render ${output.kind} output`);
      return render(output, options);
    },
  };
}
