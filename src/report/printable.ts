/**
 * Characters that must never reach a terminal raw: C0 and C1 controls (ESC sequences can rewrite
 * lines and colours), DEL, line and paragraph separators, and the bidirectional overrides that
 * make text read differently from what it is. File names, globs and messages may hold any of them.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Text with every such character written as an escape (`\n`, `\u001b`), the way JavaScript would spell it. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
