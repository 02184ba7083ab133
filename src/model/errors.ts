/** A problem in orchestrator.toml or in what it points at: exit code 2 (docs/configuration.md, "Configuration errors"). */
export interface ConfigProblem {
  file: string;
  message: string;
  line?: number;
  column?: number;
  /** Dotted key path inside the TOML document, e.g. `domains.api.scope[1]`. */
  keyPath?: string;
  hint?: string;
}

export class ConfigError extends Error {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    // In file order, so the user can work down orchestrator.toml.
    const sorted = [...problems].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
    super(sorted.map(formatProblem).join('\n'));
    this.problems = sorted;
    this.name = 'ConfigError';
  }
}

/** Wrong command-line usage: exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
  const key = p.keyPath ? ` (${p.keyPath})` : '';
  const hint = p.hint ? `\n  ${p.hint}` : '';
  return `${where}${key}: ${p.message}${hint}`;
}
