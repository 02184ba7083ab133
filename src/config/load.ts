import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { ConfigError, type ConfigProblem } from '../model/index.js';
import { findUnknownKeys, formatKeyPath } from './keys.js';
import { locateKey } from './locate.js';
import { resolveConfig } from './resolve.js';
import { configSchema } from './schema.js';
import type { Config } from './types.js';

export const CONFIG_FILE = 'orchestrator.toml';

/** Pure: orchestrator.toml text in, configuration out, or every problem found at once. */
export function parseConfig(text: string, file: string, displayFile = file): Config {
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
  const result = configSchema.safeParse(document);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const keyPath = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      problems.push({ file: displayFile, keyPath: formatKeyPath(keyPath), message: issue.message, ...locate(keyPath) });
    }
    throw new ConfigError(problems);
  }
  const resolved = resolveConfig({ raw: result.data, file, displayFile, locate });
  problems.push(...resolved.problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return resolved.config;
}

/** orchestrator.toml in `start` or the nearest directory above it. */
export function findConfigFile(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

export function loadConfig(options: { config?: string; cwd: string }): Config {
  const file = options.config ? resolve(options.cwd, options.config) : findConfigFile(options.cwd);
  if (!file) {
    throw new ConfigError([{ file: CONFIG_FILE, message: `no ${CONFIG_FILE} found in ${options.cwd} or any directory above it`, hint: 'create one with `cn-guard init`, or pass --config PATH' }]);
  }
  const displayFile = relative(options.cwd, file) || CONFIG_FILE;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([{ file: displayFile, message: `cannot read the configuration: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }]);
  }
  return parseConfig(text, file, displayFile);
}
