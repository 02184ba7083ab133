// Minimal argv parser shared by the bench CLIs: the bench must not depend on
// anything beyond node: builtins, and node:util.parseArgs is strict enough.
import { parseArgs } from 'node:util';

/**
 * @param {string[]} argv process.argv.slice(2)
 * @param {Record<string, {type: 'string'|'boolean', default?: string|boolean}>} options
 * @param {string} usage printed on --help or on a parse error
 */
export function parseCli(argv, options, usage) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean' } }, allowPositionals: true });
  } catch (error) {
    fail(`${error.message}\n\n${usage}`);
  }
  if (parsed.values.help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed;
}

/** Parses a strictly positive integer option, failing with the option's name. */
export function positiveInt(value, name) {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) fail(`--${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

export function fail(message) {
  console.error(message);
  process.exit(2);
}
