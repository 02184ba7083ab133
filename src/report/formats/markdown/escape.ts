import { printable } from '../../printable.js';

/**
 * Text from the repository (file names, messages, reasons) inside GitHub-flavoured markdown: it
 * must read as itself, whatever it holds. Control characters are escaped first (a line break
 * would end a table row), then every character markdown could take as syntax.
 */

/** Inline syntax anywhere on a line: emphasis, code, links, HTML, tables, strikethrough, entities, GitHub's math. */
const INLINE = /[\\`*_[\]<>|~&$]/g;

/** Plain text. An `@` gets a zero-width space after it, so that `@scope/pkg` in a path mentions nobody (as Renovate does). */
export function text(value: string): string {
  return printable(value)
    .replace(INLINE, (c) => `\\${c}`)
    .replace(/@/g, '@&#8203;');
}

/**
 * A code span, fenced with more backticks than the text holds in a row. In a table cell a `|`
 * still ends the cell, even inside code, and must be written `\|` (GitHub takes the backslash out).
 */
export function code(value: string, inTable: boolean): string {
  const content = inTable ? printable(value).replace(/\|/g, '\\|') : printable(value);
  const fence = '`'.repeat(Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  const pad = /^[` ]|[` ]$/.test(content) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** `[label](url)`: the label is already markdown; the url is percent-encoded by whoever built it. */
export const link = (label: string, url: string | undefined) => (url === undefined ? label : `[${label}](${url})`);

/** A fenced block that its content cannot close. */
export function fenced(info: string, content: string): string {
  const fence = '`'.repeat(Math.max(3, ...[...content.matchAll(/`{3,}/g)].map((m) => m[0].length + 1)));
  return `${fence}${info}\n${content.endsWith('\n') ? content : `${content}\n`}${fence}\n`;
}
