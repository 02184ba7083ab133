import { expect } from 'vitest';
import { type Config, parseConfig } from '../../src/config/index.js';
import { ConfigError, type ConfigProblem } from '../../src/model/index.js';
import type { CliResult } from './repo.js';

/** orchestrator.toml text from lines, so tests can count line numbers at a glance. */
export const toml = (...lines: string[]): string => `${lines.join('\n')}\n`;

/** The problems `parseConfig` reports for `text`; fails the test when the text loads. */
export function problemsOf(text: string, file = '/nonexistent/orchestrator.toml'): ConfigProblem[] {
  try {
    parseConfig(text, file, 'orchestrator.toml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

/** `parseConfig` that must succeed; a ConfigError fails the test with the problems it lists. */
export function loaded(text: string, file = '/nonexistent/orchestrator.toml'): Config {
  try {
    return parseConfig(text, file, 'orchestrator.toml');
  } catch (error) {
    if (error instanceof ConfigError) throw new Error(`expected the configuration to load, got:\n${error.message}`);
    throw error;
  }
}

/**
 * What every configuration or usage error shares (spec §2.4, §3): exit code 2, nothing on
 * stdout, and no stack trace. Returns stderr for the assertions about the message itself.
 */
export function failedWithCode2(result: CliResult): string {
  expect({ code: result.code, stdout: result.stdout }, result.stderr).toEqual({ code: 2, stdout: '' });
  expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(result.stderr).not.toContain('internal error');
  return result.stderr;
}
