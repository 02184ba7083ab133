import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { ConfigError, UsageError, type ConfigProblem } from '../model/index.js';
import { findUnknownKeys, formatKeyPath } from './keys.js';
import { locateKey } from './locate.js';
import { resolveConfig } from './resolve.js';
import { schemaMessage } from './messages.js';
import { configSchema } from './schema.js';
import type { Config } from './types.js';

export const CONFIG_FILE = 'orchestrator.toml';

/** Pure: orchestrator.toml text in, configuration out, or every problem found at once. */
export function parseConfig(text: string, file: string, displayFile = file): Config {
  const { config, problems } = readConfig(text, file, displayFile);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * Throws for what leaves no configuration to work with (TOML syntax, schema); returns the
 * configuration together with its sanity problems, so callers can add their own checks to them.
 */
export function readConfig(text: string, file: string, displayFile = file): { config: Config; problems: ConfigProblem[] } {
  let document: Record<string, unknown>;
  try {
    document = parse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const message = error.message.replace(/^Invalid TOML document: /, '').split('\n')[0]!;
      throw new ConfigError([{ file: displayFile, line: error.line, column: error.column, message: `TOML syntax error: ${message}` }]);
    }
    throw error;
  }
  const locate = (keyPath: string | (string | number)[]) => locateKey(text, keyPath);
  const problems: ConfigProblem[] = findUnknownKeys(document).map(({ keyPath, message, hint }) => ({
    file: displayFile,
    keyPath: formatKeyPath(keyPath),
    message,
    ...locate(keyPath),
    ...(hint !== undefined && { hint }),
  }));
  const result = configSchema.safeParse(document, { error: schemaMessage });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const keyPath = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      problems.push({ file: displayFile, keyPath: formatKeyPath(keyPath), message: issue.message, ...locate(keyPath) });
    }
    throw new ConfigError(problems);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return resolveConfig({ raw: result.data, file, displayFile, locate });
}

/** orchestrator.toml in `start` or the nearest directory above it. */
export function findConfigFile(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

export interface ConfigLocation {
  /** Absolute path. */
  file: string;
  /** As the user should read it: relative to where cn-guard was started. */
  displayFile: string;
  /** Named with --config rather than found. */
  given: boolean;
}

/** `--config PATH`, or the nearest orchestrator.toml at or above `cwd`. */
export function locateConfig(options: { config?: string; cwd: string }): ConfigLocation {
  const file = options.config ? resolve(options.cwd, options.config) : findConfigFile(options.cwd);
  if (!file) {
    throw new UsageError(`no ${CONFIG_FILE} in ${options.cwd} or any directory above it; create one with \`cn-guard init\`, or pass --config PATH`);
  }
  return { file, displayFile: relative(options.cwd, file) || CONFIG_FILE, given: options.config !== undefined };
}

export function readConfigAt({ file, displayFile, given }: ConfigLocation): { config: Config; problems: ConfigProblem[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${displayFile}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}${given ? ' (given with --config)' : ''}`);
  }
  return readConfig(text, file, displayFile);
}
