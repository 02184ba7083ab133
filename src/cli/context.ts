import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { didYouMean, UsageError } from '../model/index.js';
import { formatsFor, type Output, type OutputKind, render } from '../report/index.js';

/** The options every command takes (docs/output.md). */
export interface GlobalOptions {
  config?: string;
  cwd?: string;
  format?: string;
  quiet?: boolean;
  color?: boolean;
  debug?: boolean;
}

export interface Context {
  cwd: string;
  config?: string;
  format: string;
  quiet: boolean;
  color: boolean;
  debug: boolean;
  /** The rule pages shipped with the package, as the user can open them. */
  rulesDir: string;
  /** Renders one command's output in the chosen format and prints it. */
  print(output: Output): void;
  stdout(text: string): void;
}

/** Colour only on a terminal, never with NO_COLOR or --no-color; FORCE_COLOR wins for CI logs that render it. */
function wantsColor(flag: boolean | undefined): boolean {
  if (flag === false || (process.env.NO_COLOR ?? '') !== '') return false;
  if ((process.env.FORCE_COLOR ?? '') !== '' && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

/** The context of a command whose output is `kind` (or, for `graph`, any of `formats`). */
export function createContext(options: GlobalOptions, kind: OutputKind, formats: readonly string[] = formatsFor(kind)): Context {
  const cwd = resolve(options.cwd ?? process.cwd());
  const format = options.format ?? 'text';
  if (!formats.includes(format)) {
    const hint = didYouMean(format, formats);
    throw new UsageError(`unknown format "${format}"; expected one of ${formats.join(', ')}${hint ? ` (${hint})` : ''}`);
  }
  // The bundle lives in dist/, the rule pages beside it in rules/.
  const rules = fileURLToPath(new URL('../rules', import.meta.url));
  const shown = relative(cwd, rules);
  const stdout = (text: string) => writeInSlices(process.stdout, text);
  const context: Context = {
    cwd,
    ...(options.config !== undefined && { config: options.config }),
    format,
    quiet: options.quiet === true,
    color: wantsColor(options.color),
    debug: options.debug === true,
    rulesDir: shown.startsWith('..') ? rules : shown,
    print: (output) => stdout(render(format, output, context)),
    stdout,
  };
  return context;
}

/** Bytes of UTF-8 a slice of output becomes at most (a UTF-16 unit is at most 3 bytes). */
const SLICE = 1 << 20;

/**
 * A report written a slice at a time: the stream turns each into bytes and lets it go (files and
 * pipes are written synchronously), instead of holding all of a 150 MB report twice (200,000
 * findings in json). A slice never ends between the two halves of a surrogate pair.
 */
export function writeInSlices(stream: Pick<NodeJS.WriteStream, 'write'>, text: string): void {
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + SLICE, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    stream.write(text.slice(start, end));
    start = end;
  }
}
