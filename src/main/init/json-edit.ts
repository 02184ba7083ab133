import type { Node } from 'jsonc-parser';

/**
 * Additions to a JSON text made by inserting text, never by re-serialising: every byte of the
 * file stays as it was (number spellings, key order, duplicate keys, line endings, one-line
 * objects), and the inserted members follow the style of their neighbours.
 */

/** One insertion (or, for an empty object, replacement) into the text. */
export interface TextEdit {
  offset: number;
  length: number;
  content: string;
}

/** How the file writes JSON, read from the file itself. */
export interface JsonStyle {
  eol: string;
  /** One level of indentation. */
  unit: string;
  /** Between a key and its value: `": "` or `":"`. */
  colon: string;
  /** Whether the root object puts its members on lines of their own. */
  multiline: boolean;
}

/** A value to add: a string, or a new object. */
export type JsonValue = string | { [key: string]: JsonValue };

const end = (node: Node) => node.offset + node.length;

/** The whitespace at the start of the line that holds `offset`. */
function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

export function detectStyle(text: string, root: Node): JsonStyle {
  const first = root.children?.[0];
  const lead = first ? text.slice(root.offset + 1, first.offset) : '';
  const key = first?.children?.[0];
  const value = first?.children?.[1];
  return {
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    unit: lead.slice(lead.lastIndexOf('\n') + 1) || '  ',
    colon: key && value ? text.slice(end(key), value.offset) : ': ',
    // An empty root has no style of its own: members go on lines of their own, as npm writes them.
    multiline: first === undefined || lead.includes('\n'),
  };
}

function renderValue(value: JsonValue, indent: string, multiline: boolean, style: JsonStyle): string {
  if (typeof value === 'string') return JSON.stringify(value);
  const members = Object.entries(value);
  if (!multiline) {
    const pad = style.colon.endsWith(' ') ? ' ' : '';
    return `{${pad}${members.map(([k, v]) => renderMember(k, v, '', false, style)).join(`,${pad}`)}${pad}}`;
  }
  const inner = indent + style.unit;
  return `{${style.eol}${inner}${members.map(([k, v]) => renderMember(k, v, inner, true, style)).join(`,${style.eol}${inner}`)}${style.eol}${indent}}`;
}

function renderMember(key: string, value: JsonValue, indent: string, multiline: boolean, style: JsonStyle): string {
  return `${JSON.stringify(key)}${style.colon}${renderValue(value, indent, multiline, style)}`;
}

/** npm keeps dependency lists sorted; an addition to a sorted list goes where npm would put it. */
export const byNpmOrder = (a: string, b: string) => a.localeCompare(b, 'en');

/**
 * Adds members to an object: appended, or — with `sorted`, when the object's keys are already in
 * order — each where it belongs, so that the next `npm install` does not move it.
 */
export function insertMembers(text: string, object: Node, added: [string, JsonValue][], style: JsonStyle, { sorted }: { sorted: boolean }): TextEdit[] {
  const members = object.children ?? [];
  const keys = members.map((m) => String(m.children?.[0]?.value));
  const inOrder = sorted && keys.every((key, i) => i === 0 || byNpmOrder(keys[i - 1]!, key) <= 0);
  const ordered = inOrder ? [...added].sort(([a], [b]) => byNpmOrder(a, b)) : added;
  if (members.length === 0) {
    const multiline = style.multiline || text.slice(object.offset, end(object)).includes('\n');
    const content = renderValue(Object.fromEntries(ordered), lineIndent(text, object.offset), multiline, style);
    return [{ offset: object.offset, length: object.length, content }];
  }
  const lead = text.slice(object.offset + 1, members[0]!.offset);
  // The whitespace that follows a comma between two members (or, with one member, precedes it).
  const between = members.length > 1 ? text.slice(end(members[0]!), members[1]!.offset) : `,${lead}`;
  const separator = between.slice(between.indexOf(',') + 1);
  const multiline = separator.includes('\n');
  const indent = separator.slice(separator.lastIndexOf('\n') + 1);
  return ordered.map(([key, value]) => {
    const member = renderMember(key, value, indent, multiline, style);
    const before = inOrder ? keys.findIndex((k) => byNpmOrder(key, k) < 0) : -1;
    return before === -1
      ? { offset: end(members.at(-1)!), length: 0, content: `,${separator}${member}` }
      : { offset: members[before]!.offset, length: 0, content: `${member},${separator}` };
  });
}

/** Appends to a string value inside its quotes, keeping the way it is escaped. */
export function appendToString(node: Node, suffix: string): TextEdit {
  return { offset: end(node) - 1, length: 0, content: suffix };
}

/** Applies edits made against the same text; edits at one offset keep their order. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const ordered = edits.map((edit, i) => ({ edit, i })).sort((a, b) => a.edit.offset - b.edit.offset || a.i - b.i);
  let result = '';
  let at = 0;
  for (const { edit } of ordered) {
    result += text.slice(at, edit.offset) + edit.content;
    at = edit.offset + edit.length;
  }
  return result + text.slice(at);
}
