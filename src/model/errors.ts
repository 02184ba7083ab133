/** A problem in orchestrator.toml or in what it points at: exit code 2 (spec §2.4). */
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
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
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
