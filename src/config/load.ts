import { parse, TomlError } from 'smol-toml';
import { ConfigError, type ConfigProblem } from '../model/index.js';
import { findReservedKeys, findUnknownKeys, formatKeyPath } from './keys.js';
import { explainSyntaxError, indexDocument } from './locate.js';
import { schemaMessage } from './messages.js';
import { type IsDirectory, resolveConfig } from './resolve.js';
import { configSchema, isCalendarDate } from './schema.js';
import type { Config } from './types.js';

/** Without a repository to ask (a configuration parsed on its own), no path is a directory. */
const NO_DIRECTORIES: IsDirectory = () => false;

/** Pure: orchestrator.toml text in, configuration out, or every problem found at once. */
export function parseConfig(text: string, file: string, displayFile = file, isDirectory: IsDirectory = NO_DIRECTORIES): Config {
  const { config, problems } = readConfig(text, file, displayFile, isDirectory);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * Throws for what leaves no configuration to work with (TOML syntax, schema); returns the
 * configuration together with its sanity problems, so callers can add their own checks to them.
 */
export function readConfig(
  text: string,
  file: string,
  displayFile = file,
  isDirectory: IsDirectory = NO_DIRECTORIES,
): { config: Config; problems: ConfigProblem[] } {
  let document: Record<string, unknown>;
  try {
    document = parse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const { line, column, message } = explainSyntaxError(text, error, error.message.replace(/^Invalid TOML document: /, '').split('\n')[0]!);
      throw new ConfigError([{ file: displayFile, line, column, message: `TOML syntax error: ${message}` }]);
    }
    throw error;
  }
  // The text is read once, for every problem's line and column.
  const { locate, dates } = indexDocument(text);
  const problems: ConfigProblem[] = [...findReservedKeys(document), ...findUnknownKeys(document)].map(({ keyPath, message, hint }) => ({
    file: displayFile,
    keyPath: formatKeyPath(keyPath),
    message,
    ...locate(keyPath),
    ...(hint !== undefined && { hint }),
  }));
  // smol-toml reads 2027-02-30 as 2027-03-02; the text still says what was meant.
  for (const { keyPath, text: date, line, column } of dates) {
    if (!isCalendarDate(date))
      problems.push({ file: displayFile, keyPath: formatKeyPath(keyPath), line, column, message: `${date} is not a day of the calendar` });
  }
  const result = configSchema.safeParse(document, { error: schemaMessage });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const keyPath = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      problems.push({ file: displayFile, keyPath: formatKeyPath(keyPath), message: issue.message, ...locate(keyPath) });
    }
    throw new ConfigError(problems);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return resolveConfig({ raw: result.data, file, displayFile, locate, isDirectory });
}
