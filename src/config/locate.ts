/**
 * orchestrator.toml read as text, for messages: where a key path is written (so problems point at
 * the line to edit), which bare dates it holds, and what a TOML syntax error means in the user's
 * terms.
 *
 * One pass, character by character, and no regular expression that could backtrack on user input
 * (a header regex once took 20 s over a line of `[` and 3,000 spaces). The scanner knows basic,
 * literal and multi-line strings, comments, quoted and dotted keys and [[array]] headers, and skips
 * each value whole, multi-line arrays included. It never throws, so it also reads the valid prefix
 * of a document smol-toml rejected.
 */
export interface Location {
  line: number;
  column: number;
}

type KeyPath = (string | number)[];

/** A bare date literal in a value, e.g. `expires = 2027-01-31`. */
export interface BareDate extends Location {
  keyPath: KeyPath;
  /** `YYYY-MM-DD`, as written. */
  text: string;
}

export interface DocumentIndex {
  locate(path: string | KeyPath): Location | undefined;
  dates: BareDate[];
}

interface Statement {
  start: number;
  header?: 'table' | 'array';
  key: string[];
  /** Where the key ends: the `=` or `]` is due here. */
  keyEnd: number;
  /** Offsets of the bare dates in the value. */
  dates: number[];
  /** The newline that ends the statement, or the end of the text. */
  end: number;
}

class Lines {
  private readonly starts = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  location(offset: number): Location {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1 };
  }

  /** Inverse of `location`, for smol-toml's line and column. */
  offset({ line, column }: Location): number {
    return this.starts[line - 1]! + column - 1;
  }
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
const isBareKeyChar = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_' || c === '-';

function skipBlanks(text: string, p: number): number {
  while (isBlank(text[p])) p++;
  return p;
}

function lineEnd(text: string, p: number): number {
  const end = text.indexOf('\n', p);
  return end < 0 ? text.length : end;
}

/** Blanks, newlines and comments. */
function skipVoid(text: string, p: number): number {
  for (;;) {
    while (isBlank(text[p]) || text[p] === '\n' || text[p] === '\r') p++;
    if (text[p] !== '#') return p;
    p = lineEnd(text, p);
  }
}

const isTriple = (text: string, p: number) => text[p + 1] === text[p] && text[p + 2] === text[p];

/** Just past the string opening at `p`, or -1 when it is not closed (on its line, unless multi-line). */
function stringEnd(text: string, p: number): number {
  const quote = text[p]!;
  const escapes = quote === '"';
  if (isTriple(text, p)) {
    for (let i = p + 3; i < text.length; i++) {
      if (escapes && text[i] === '\\') i++;
      else if (text[i] === quote && isTriple(text, i)) {
        // Up to two more quotes belong to the content: `"""a""""` is `a"`.
        let end = i + 3;
        while (end < i + 5 && text[end] === quote) end++;
        return end;
      }
    }
    return -1;
  }
  for (let i = p + 1; i < text.length && text[i] !== '\n'; i++) {
    if (escapes && text[i] === '\\' && text[i + 1] !== '\n') i++;
    else if (text[i] === quote) return i + 1;
  }
  return -1;
}

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\x1b', '"': '"', '\\': '\\' };

/** The text of a quoted key (smol-toml has checked its escapes). */
function unquote(quoted: string): string {
  const body = quoted.slice(1, -1);
  if (quoted[0] === "'") return body;
  return body.replace(/\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|x([0-9a-fA-F]{2})|([\s\S]))/g, (_, u?: string, U?: string, x?: string, char?: string) =>
    char !== undefined ? (ESCAPES[char] ?? char) : String.fromCodePoint(parseInt(u ?? U ?? x!, 16)),
  );
}

/** A dotted key from `p`: `a."b c".d`. */
function readKey(text: string, p: number): { key: string[]; end: number } {
  const key: string[] = [];
  for (;;) {
    p = skipBlanks(text, p);
    const start = p;
    if (text[p] === '"' || text[p] === "'") {
      const end = stringEnd(text, p);
      if (end < 0 || isTriple(text, p)) break;
      key.push(unquote(text.slice(p, end)));
      p = end;
    } else {
      while (p < text.length && isBareKeyChar(text[p]!)) p++;
      if (p === start) break;
      key.push(text.slice(start, p));
    }
    p = skipBlanks(text, p);
    if (text[p] !== '.') break;
    p++;
  }
  return { key, end: p };
}

const DATE = /\d{4}-\d{2}-\d{2}/y;

/** `2027-01-31` at `p` as a value, not as the key `2027-01-31 = …` of an inline table. */
function isBareDate(text: string, p: number): boolean {
  if (!' \t\n=[{,'.includes(text[p - 1]!)) return false;
  DATE.lastIndex = p;
  if (!DATE.test(text)) return false;
  let q = p + 10;
  while (q < text.length && isBareKeyChar(text[q]!)) q++;
  q = skipBlanks(text, q);
  return text[q] !== '=' && text[q] !== '.';
}

/** The newline that ends the value starting at `p`; collects the value's bare dates. */
function valueEnd(text: string, p: number, dates: number[]): number {
  let depth = 0;
  for (let i = p; i < text.length; ) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const end = stringEnd(text, i);
      if (end < 0) return lineEnd(text, i);
      i = end;
      continue;
    }
    if (c === '#') {
      i = lineEnd(text, i);
      continue;
    }
    if (c === '\n' && depth <= 0) return i;
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c >= '0' && c <= '9' && isBareDate(text, i)) dates.push(i);
    i++;
  }
  return text.length;
}

function* statements(text: string): Generator<Statement> {
  for (let p = skipVoid(text, 0); p < text.length; ) {
    const start = p;
    const header = text[p] !== '[' ? undefined : text[p + 1] === '[' ? 'array' : 'table';
    const { key, end: keyEnd } = readKey(text, p + (header === 'array' ? 2 : header ? 1 : 0));
    const dates: number[] = [];
    const equals = skipBlanks(text, keyEnd);
    const end = lineEnd(text, !header && text[equals] === '=' ? valueEnd(text, equals + 1, dates) : keyEnd);
    yield { start, header, key, keyEnd, dates, end };
    p = skipVoid(text, Math.max(end, start + 1));
  }
}

/** A key path's segments; `at` is where it is defined, or first mentioned when `implicit` (`[a.b]` for `a`). */
interface Node {
  at?: Location;
  implicit?: boolean;
  /** Entries so far of an array of tables. */
  count?: number;
  children: Map<string | number, Node>;
}

function child(node: Node, segment: string | number): Node {
  let next = node.children.get(segment);
  if (!next) node.children.set(segment, (next = { children: new Map() }));
  return next;
}

function mark(node: Node, at: Location, implicit: boolean): void {
  if (node.at && (implicit || !node.implicit)) return;
  node.at = at;
  node.implicit = implicit;
}

/** The table a header opens, with its path: `[[exceptions]]` opens `exceptions[n]`, `[a.b]` under `[[a]]` opens `a[last].b`. */
function openTable(root: Node, key: string[], array: boolean, at: Location): [Node, KeyPath] {
  let node = root;
  const path: KeyPath = [];
  key.forEach((segment, i) => {
    node = child(node, segment);
    path.push(segment);
    const last = i === key.length - 1;
    if (last && array) {
      mark(node, at, true);
      const index = node.count ?? 0;
      node.count = index + 1;
      node = child(node, index);
      path.push(index);
    } else if (!last && node.count !== undefined) {
      const index = node.count - 1;
      node = child(node, index);
      path.push(index);
    }
    mark(node, at, !last);
  });
  return [node, path];
}

/** `domains.api.scope[1]` → `['domains', 'api', 'scope', 1]`. */
export function parseKeyPath(keyPath: string): KeyPath {
  return [...keyPath.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/**
 * Reads the document once; `locate` then costs one step per segment of the key path. A path the
 * text does not spell out (a value inside an inline table, a key that is missing) is placed at the
 * nearest enclosing key or header that is written.
 */
export function indexDocument(text: string): DocumentIndex {
  const lines = new Lines(text);
  const root: Node = { children: new Map() };
  const dates: BareDate[] = [];
  let table = root;
  let tablePath: KeyPath = [];
  for (const statement of statements(text)) {
    const at = lines.location(statement.start);
    if (statement.header) {
      [table, tablePath] = openTable(root, statement.key, statement.header === 'array', at);
      continue;
    }
    let node = table;
    for (const segment of statement.key) mark((node = child(node, segment)), at, false);
    for (const offset of statement.dates) {
      dates.push({ keyPath: [...tablePath, ...statement.key], text: text.slice(offset, offset + 10), ...lines.location(offset) });
    }
  }
  const locate = (path: string | KeyPath) => {
    let node: Node | undefined = root;
    let at: Location | undefined;
    for (const segment of typeof path === 'string' ? parseKeyPath(path) : path) {
      node = node.children.get(segment);
      if (!node) break;
      at = node.at ?? at;
    }
    return at;
  };
  return { locate, dates };
}

/** The start of the string that is still open at `offset`, if any. */
function openStringAt(text: string, offset: number): number | undefined {
  for (let p = 0; p < offset; p++) {
    if (text[p] === '#') p = lineEnd(text, p);
    else if (text[p] === '"' || text[p] === "'") {
      const end = stringEnd(text, p);
      if (end < 0 || end > offset) return p;
      p = end - 1;
    }
  }
  return undefined;
}

function unterminated(text: string, quoteAt: number): string {
  const quote = text[quoteAt]!;
  return isTriple(text, quoteAt)
    ? `unterminated multi-line string: the closing ${quote.repeat(3)} is missing`
    : `unterminated string: the closing ${quote} is missing on this line`;
}

/**
 * smol-toml's message for a syntax error at `at`, reworded where it misleads on a common typo: an
 * unclosed string ("control characters are not allowed in strings"), a header without its `]`, a
 * key without `=` ("illegal character in key"), `key =` with nothing after it ("invalid value").
 */
export function explainSyntaxError(text: string, at: Location, message: string): Location & { message: string } {
  const lines = new Lines(text);
  const offset = lines.offset(at);
  const char = text[offset];
  const atLineEnd = char === undefined || char === '\n' || char === '\r' || char === '#';
  const there = (start: number, reworded: string) => ({ ...lines.location(start), message: reworded });
  if (message === 'unfinished string' && (char === '"' || char === "'")) return there(offset, unterminated(text, offset));
  if (message === 'control characters are not allowed in strings' && (char === '\n' || char === '\r')) {
    const start = openStringAt(text, offset);
    if (start !== undefined) return there(start, unterminated(text, start));
  }
  if (message === 'invalid value') {
    if (
      atLineEnd &&
      text
        .slice(text.lastIndexOf('\n', offset - 1) + 1, offset)
        .trimEnd()
        .endsWith('=')
    )
      return { ...at, message: 'missing value after "="' };
    if (char !== undefined && '“”„‘’'.includes(char)) return { ...at, message: `typographic quote ${char}: TOML strings take straight quotes, "…" or '…'` };
  }
  let statement: Statement | undefined;
  for (const next of statements(text)) {
    if (next.start > offset) break;
    statement = next;
  }
  if (statement && lines.location(statement.start).line === at.line) {
    const keyError = ['illegal character in key', 'expected end of table array declaration', 'incomplete key-value: cannot find end of key'].includes(message);
    if (statement.header && keyError && (atLineEnd || message.startsWith('incomplete'))) {
      return there(statement.start, `unterminated table header: the closing ${statement.header === 'array' ? ']]' : ']'} is missing`);
    }
    if (!statement.header && message === 'illegal character in key' && offset === statement.keyEnd && statement.key.length > 0) {
      return { ...at, message: `expected "=" after the key ${statement.key.map((s) => JSON.stringify(s)).join('.')}` };
    }
  }
  return { ...at, message };
}
