import type { Finding } from '../model/index.js';

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
}

/** Everything a formatter may show about one check run. */
export interface CheckReport {
  tool: { name: 'cn-guard'; version: string };
  /** orchestrator.toml as the user should read its path. */
  configFile: string;
  domains: DomainLabel[];
  findings: Finding[];
  summary: Summary;
  /** Whether the run fails (exit code 1) at the chosen threshold. */
  failed: boolean;
}

export interface FormatOptions {
  color: boolean;
  quiet: boolean;
  /** Where the rule pages live, shown so a reader can look a rule up. */
  rulesDir: string;
}

/** One output format: a pure function from report to text (knip-style: one file each, listed in one registry). */
export interface Formatter {
  name: string;
  format(report: CheckReport, options: FormatOptions): string;
}
