import type { Pattern } from '../glob/index.js';

export type UnownedPolicy = 'allow' | 'warn' | 'error';
export type TypeImportsPolicy = 'check' | 'ignore';
export type ArtifactFormat = 'openapi' | 'jsonschema' | 'typescript' | 'file';

export interface Settings {
  unowned: UnownedPolicy;
  typeImports: TypeImportsPolicy;
  include: string[];
  exclude: string[];
  tsconfig: string;
  /** Root-relative path of the committed baseline of known violations. */
  baseline: string;
  /** Root-relative path of the Beads import inbox (`--post beads` without bd). */
  beadsInbox: string;
  branchDomain?: string;
}

/** What a consumer does with the data an artifact describes: sends it (input), receives it (output), or both. */
export type Direction = 'input' | 'output' | 'both';

export interface Artifact {
  kind: string;
  /** Root-relative when the domain is inside the root, absolute otherwise. */
  path: string;
  format: ArtifactFormat;
  /** JSON Schema only: output (consumers receive what it describes) unless declared. */
  direction?: Direction;
}

export interface Domain {
  name: string;
  /** Absolute directory the domain's globs are relative to. */
  dir: string;
  /** `dir` relative to the root, posix; `''` for the root itself. */
  relDir: string;
  /** Outside the checked root (another repository): loaded for contracts, never scanned. */
  external: boolean;
  scope: Pattern[];
  scopeExcludes: Pattern[];
  forbidden: Pattern[];
  allowed: Pattern[];
  public: Pattern[];
  exports: string[];
  imports: Record<string, string[]>;
  artifacts: Record<string, Artifact>;
  /** Capability → the artifact kinds (of this domain) whose contracts shipping it promises. */
  capabilities: Record<string, string[]>;
  agentName?: string;
  owners: string[];
  typeImports?: TypeImportsPolicy;
}

export interface ExceptionRule {
  /** 0-based position among the `[[exceptions]]` entries. */
  index: number;
  from: Pattern;
  to: Pattern;
  reason: string;
  owner?: string;
  /** `YYYY-MM-DD`; valid through the end of that day (UTC). */
  expires?: string;
  line?: number;
}

export interface Config {
  /** Absolute path of orchestrator.toml. */
  file: string;
  /** Absolute directory holding orchestrator.toml: every printed path is relative to it. */
  root: string;
  /** The path to show users (relative to where cn-guard was started when possible). */
  displayFile: string;
  projectName?: string;
  settings: Settings;
  domains: Domain[];
  exceptions: ExceptionRule[];
  externalProjects: Record<string, string>;
  /** Line and column of a key path (`['domains', 'api', 'scope', 0]`) in orchestrator.toml, for messages. */
  locate(keyPath: string | (string | number)[]): { line: number; column: number } | undefined;
}
