/**
 * A JavaScript/TypeScript lexer that finds import statements without building a syntax tree.
 *
 * Parsing every file with the TypeScript compiler costs seconds on a 10k-file repository;
 * this scanner tokenises just enough (strings, comments, template literals, regular
 * expressions, JSX, bracket nesting) to find every import form of docs/configuration.md, "How an import is decided" and to notice
 * a file it cannot read. It allocates nothing per token: the current token lives in fields.
 *
 * Whatever the input, it returns in time linear in its length and never overflows the call
 * stack: what it reads by recursion (templates and JSX expressions) may nest only `MAX_NESTING` deep.
 */
import type { ImportKind, ScannedImport, ScanResult } from './types.js';

const enum Tok {
  EOF,
  Ident,
  Keyword,
  String,
  Template,
  Number,
  Regex,
  Punct,
  Jsx,
  /** The `}` that ends a `${…}` of a template or a `{…}` of JSX. */
  ExprEnd,
}

const enum Ch {
  Tab = 9,
  LF = 10,
  CR = 13,
  Space = 32,
  Bang = 33,
  DQuote = 34,
  Hash = 35,
  Dollar = 36,
  SQuote = 39,
  LParen = 40,
  RParen = 41,
  Star = 42,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  Semi = 59,
  Lt = 60,
  Eq = 61,
  Gt = 62,
  Question = 63,
  At = 64,
  A = 65,
  Z = 90,
  LBracket = 91,
  Backslash = 92,
  RBracket = 93,
  Underscore = 95,
  Backtick = 96,
  a = 97,
  e = 101,
  x = 120,
  z = 122,
  LBrace = 123,
  RBrace = 125,
}

/** Brace kinds on the nesting stack. `Condition` is the parenthesised head of `if`, `for`, `while` or `with`. */
const enum Open {
  Paren,
  Condition,
  Bracket,
  Block,
  Object,
  TemplateExpr,
  JsxExpr,
}

/** What a failed JSX attempt at a `<` teaches about reading that `<` again. */
const enum JsxFailure {
  /** The `<` is an operator. */
  NotJsx,
  /** The `<` is an operator, and reading on from it fails without closing anything opened before it. */
  ScanFailsAfter,
}

/**
 * How deep the scanner's recursion may go: template `${…}`, JSX `{…}`, and JSX elements that
 * start an expression or an attribute value (brackets and child elements use explicit stacks).
 * Real code stays below 50; the deepest-reaching form, `import(`${import(`${…`, overflows Node 20's
 * default stack at about 1,600 levels (up to five frames a level), so 500 keeps a wide margin.
 */
const MAX_NESTING = 500;

/** Keywords after which a `/` starts a regular expression, not a division. */
const REGEX_KEYWORDS = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
  'extends',
]);

/** Keywords whose parenthesised head a statement follows, so that a `/` after the `)` starts a regex. */
const HEAD_KEYWORDS = new Set(['if', 'for', 'while', 'with']);

/** Punctuators after which a `{` opens a block rather than an object literal. */
const BLOCK_AFTER_PUNCT = new Set([')', ';', '{', '}', '=>']);

/**
 * In a JSDoc comment of a JavaScript file, `import('./x')` in a type and the `@import … from './x'`
 * tag (TypeScript 5.5), matched from the word `import`. The clause of the tag holds no `@` or `/`,
 * so neither pattern reads past the next tag or the end of the comment.
 */
const JSDOC_IMPORT_TYPE = /import\s*\(\s*(['"])([^'"\\\r\n]*)\1(?=\s*\))/y;
const JSDOC_IMPORT_TAG = /import\s+[\w$\s{},*]*?\bfrom[\s*]*(['"])([^'"\\\r\n]*)\1/y;

class ScanError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

/** Nesting beyond `MAX_NESTING`: it ends the scan, as it does not mean that a `<` is not JSX. */
class NestingError extends ScanError {}

/** ASCII character classes as lookup tables: the scanner's inner loops run once per character. */
const IDENT_START = new Uint8Array(128);
const IDENT_PART = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const start = (c >= Ch.a && c <= Ch.z) || (c >= Ch.A && c <= Ch.Z) || c === Ch.Dollar || c === Ch.Underscore;
  IDENT_START[c] = start ? 1 : 0;
  IDENT_PART[c] = start || (c >= Ch.Zero && c <= Ch.Nine) ? 1 : 0;
}
const isIdentStart = (c: number) => (c < 128 ? IDENT_START[c] === 1 : c > 127);
const isIdentPart = (c: number) => (c < 128 ? IDENT_PART[c] === 1 : c > 127);
const isDigit = (c: number) => c >= Ch.Zero && c <= Ch.Nine;

class Scanner {
  private pos = 0;
  private len: number;
  /** The current token; `EOF` before the first one, which reads as "start of input". */
  private tok = Tok.EOF;
  private tokStart = 0;
  private tokValue = '';
  /** Where the text of the last string or template literal lies, sliced only when recorded. */
  private literalStart = 0;
  private literalEnd = 0;
  private literalEscaped = false;
  /**
   * Whether the current token is a `}` that closed a block or a `)` that closed the head of
   * `if`/`for`/`while`/`with`: a statement, which may start with a regular expression, follows.
   */
  private statementFollows = false;
  /** What came before the current token, for the regex-or-division decision. */
  private prevTok = Tok.EOF;
  private prevValue = '';
  private prevStatementFollows = false;
  private readonly stack: Open[] = [];
  private readonly stackPos: number[] = [];
  /** Levels of recursion (see `MAX_NESTING`) the scanner is in. */
  private nesting = 0;
  readonly imports: ScannedImport[] = [];
  /** `position`'s place: the number, start and end (its `\n`, or the end of the text) of a line. */
  private lineNumber = 1;
  private lineStart = 0;
  private lineEnd: number;
  /** The `<` of every JSX element being read; an attempt that fails takes them all down with it. */
  private readonly openJsx: number[] = [];
  /** Failed JSX attempts by the offset of their `<`: no `<` is read as JSX twice. */
  private jsxFailures: Map<number, JsxFailure> | undefined;
  /**
   * Failed JSX attempts inside the current ones, read on as operators from stack depth `level`:
   * while the entry below (opened at `openedAt`) stays, that reading has closed nothing of before.
   */
  private readonly rescans: { at: number; level: number; openedAt: number | undefined }[] = [];
  /** End of the last JSDoc comment searched: look-ahead that rewinds must not count one twice. */
  private jsdocSearchedTo = 0;

  constructor(
    private readonly src: string,
    private readonly jsx: boolean,
    /** JavaScript files, whose JSDoc types TypeScript reads: `.ts` files ignore them. */
    private readonly jsdoc: boolean,
  ) {
    this.len = src.length;
    this.lineEnd = this.lineEndFrom(0);
  }

  run(): void {
    const marker = findConflictMarker(this.src);
    // Imports above a leftover merge marker are still real: scan up to it, then report it.
    if (marker >= 0) this.len = marker;
    if (this.src.startsWith('#!')) this.skipLine();
    this.scanUntilExprEnd();
    if (marker >= 0) throw new ScanError('merge conflict marker', marker);
    if (this.stack.length > 0) {
      const open = this.stackPos[this.stack.length - 1]!;
      throw new ScanError(`'${this.src[open]}' is never closed`, open);
    }
  }

  // ── the statement loop ────────────────────────────────────────────────

  /** Reads tokens until end of file or the `}` that closes the innermost `${` / JSX `{`. */
  private scanUntilExprEnd(): void {
    for (;;) {
      this.next();
      if (this.at(Tok.EOF) || this.at(Tok.ExprEnd)) return;
      if (this.at(Tok.Keyword)) {
        const start = this.tokStart;
        if (this.tokValue === 'import') this.importStatement(start);
        else if (this.tokValue === 'export') this.exportStatement(start);
        else if (this.tokValue === 'require') this.requireCall(start);
      }
    }
  }

  private afterMemberAccess(): boolean {
    return this.prevTok === Tok.Punct && (this.prevValue === '.' || this.prevValue === '?.');
  }

  private importStatement(start: number, exported = false): void {
    const c = this.peekChar();
    if (c === Ch.LParen) return this.dynamicImport(start);
    if (c === Ch.Dot || c === Ch.Colon || c === Ch.Comma || c === Ch.RParen || c === Ch.Semi) return;
    this.next();
    if (this.at(Tok.String)) return this.record(start, 'import', false);
    const typeOnly = this.isWord('type') && this.typeModifierFollows();
    if (typeOnly) this.next();
    this.importClause(start, typeOnly, exported);
  }

  private importClause(start: number, typeOnly: boolean, exported: boolean): void {
    // `import X = require('y')` (TypeScript) or `import X = A.B` (a namespace alias).
    if (this.at(Tok.Ident) || this.at(Tok.Keyword)) {
      if (this.peekChar() === Ch.Eq) {
        this.next();
        this.next();
        if (this.isWord('require') && this.peekChar() === Ch.LParen) {
          this.next();
          this.next();
          if (!this.at(Tok.String)) throw new ScanError('malformed import declaration: require() needs a string', this.tokStart);
          return this.record(start, 'import-equals', typeOnly);
        }
        return;
      }
    }
    let valueBinding = false;
    let named = 0;
    let namedTypes = 0;
    let inBraces = false;
    let specifierStart = false;
    for (; ; this.next()) {
      if (this.at(Tok.Punct, '{') && !inBraces) {
        inBraces = true;
        specifierStart = true;
        continue;
      }
      if (inBraces) {
        if (this.at(Tok.Punct, '}')) {
          inBraces = false;
        } else if (this.at(Tok.Punct, ',')) {
          specifierStart = true;
        } else if (this.at(Tok.Ident) || this.at(Tok.Keyword) || this.at(Tok.String)) {
          if (specifierStart) {
            named++;
            if (this.isWord('type') && isIdentStart(this.peekChar())) namedTypes++;
          }
          specifierStart = false;
        } else {
          throw new ScanError('malformed import declaration', this.tokStart);
        }
        continue;
      }
      if (this.isWord('from') && this.isQuoteNext()) {
        this.next();
        return this.record(start, exported ? 'export' : 'import', typeOnly || (named > 0 && namedTypes === named && !valueBinding));
      }
      if (this.at(Tok.Ident) || this.at(Tok.Keyword)) {
        if (!this.isWord('as')) valueBinding = true;
        continue;
      }
      if (this.at(Tok.Punct) && (this.tokValue === ',' || this.tokValue === '*')) {
        if (this.tokValue === '*') valueBinding = true;
        continue;
      }
      throw new ScanError(
        `malformed ${exported ? 'export' : 'import'} declaration: expected 'from' and a module string`,
        this.at(Tok.EOF) ? start : this.tokStart,
      );
    }
  }

  private dynamicImport(start: number): void {
    this.next(); // (
    const c = this.peekChar();
    if (c !== Ch.SQuote && c !== Ch.DQuote && c !== Ch.Backtick) return;
    this.next();
    if (this.at(Tok.String) || (this.at(Tok.Template) && this.isPlainTemplate())) {
      const after = this.peekChar();
      if (after === Ch.RParen || after === Ch.Comma) this.record(start, 'dynamic', false);
    }
  }

  private exportStatement(start: number): void {
    const c = this.peekChar();
    if (c === Ch.Colon || c === Ch.Dot || c === Ch.Comma || c === Ch.RParen) return;
    this.next();
    let typeOnly = false;
    if (this.isWord('type')) {
      const after = this.peekChar();
      if (after !== Ch.LBrace && after !== Ch.Star) return; // `export type X = …`
      typeOnly = true;
      this.next();
    }
    if (this.isWord('import')) return this.importStatement(start, true);
    if (this.at(Tok.Punct, '*')) {
      this.next();
      return this.importClause(start, typeOnly, true);
    }
    if (this.at(Tok.Punct, '{')) {
      const depth = this.stack.length;
      let named = 0;
      let namedTypes = 0;
      let specifierStart = true;
      for (this.next(); !(this.at(Tok.Punct, '}') && this.stack.length < depth); this.next()) {
        if (this.at(Tok.EOF)) throw new ScanError('malformed export declaration', start);
        if (this.at(Tok.Punct, ',')) specifierStart = true;
        else if (specifierStart) {
          named++;
          if (this.isWord('type') && isIdentStart(this.peekChar())) namedTypes++;
          specifierStart = false;
        }
      }
      if (this.peekWordIs('from')) {
        this.next();
        if (!this.isQuoteNext()) throw new ScanError("malformed export declaration: expected a module string after 'from'", this.tokStart);
        this.next();
        this.record(start, 'export', typeOnly || (named > 0 && namedTypes === named));
      }
    }
  }

  private requireCall(start: number): void {
    if (this.prevTok === Tok.Keyword && this.prevValue === 'function') return;
    if (this.peekChar() !== Ch.LParen) return;
    this.next();
    const c = this.peekChar();
    if (c !== Ch.SQuote && c !== Ch.DQuote && c !== Ch.Backtick) return;
    this.next();
    if ((this.at(Tok.String) || (this.at(Tok.Template) && this.isPlainTemplate())) && this.peekChar() === Ch.RParen) {
      this.record(start, 'require', false);
    }
  }

  private record(start: number, kind: ImportKind, typeOnly: boolean): void {
    const { line, column } = this.position(start);
    this.imports.push({ specifier: this.literalValue(), kind, typeOnly, line, column });
  }

  // ── tokens ────────────────────────────────────────────────────────────

  /** A method, not a field read, so TypeScript does not narrow `tok` across calls to `next()`. */
  private at(kind: Tok, value?: string): boolean {
    return this.tok === kind && (value === undefined || this.tokValue === value);
  }

  private isWord(word: string): boolean {
    return (this.tok === Tok.Ident || this.tok === Tok.Keyword) && this.tokValue === word;
  }

  /** A template literal without `${…}` is as good as a string for an import specifier. */
  private isPlainTemplate(): boolean {
    const at = this.src.indexOf('${', this.literalStart);
    return at < 0 || at >= this.literalEnd;
  }

  private literalValue(): string {
    const raw = this.src.slice(this.literalStart, this.literalEnd);
    return this.literalEscaped ? unescapeString(raw, this.literalStart) : raw;
  }

  private next(): void {
    this.prevTok = this.tok;
    this.prevValue = this.at(Tok.Punct) || this.at(Tok.Keyword) ? this.tokValue : '';
    this.prevStatementFollows = this.statementFollows;
    this.statementFollows = false;
    this.skipTrivia();
    this.tokStart = this.pos;
    if (this.pos >= this.len) {
      this.tok = Tok.EOF;
      return;
    }
    const c = this.src.charCodeAt(this.pos);
    if (isIdentStart(c) || c === Ch.Hash) return this.readIdent();
    if (isDigit(c) || (c === Ch.Dot && isDigit(this.src.charCodeAt(this.pos + 1)))) return this.readNumber();
    switch (c) {
      case Ch.SQuote:
      case Ch.DQuote:
        return this.readString(c);
      case Ch.Backtick:
        return this.readTemplate();
      case Ch.Slash:
        if (this.regexAllowed()) return this.readRegex();
        break;
      case Ch.Lt:
        if (this.jsx && this.regexAllowed() && this.tryJsx()) return;
        break;
    }
    this.readPunct(c);
  }

  private regexAllowed(): boolean {
    switch (this.prevTok) {
      case Tok.EOF:
        return true;
      case Tok.Punct:
        if (this.prevValue === '}' || this.prevValue === ')') return this.prevStatementFollows;
        return this.prevValue !== ']' && this.prevValue !== '++' && this.prevValue !== '--';
      case Tok.Keyword:
        return REGEX_KEYWORDS.has(this.prevValue);
      default:
        return false;
    }
  }

  private readIdent(): void {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.len && isIdentPart(this.src.charCodeAt(this.pos))) this.pos++;
    this.tok = Tok.Ident;
    this.tokValue = '';
    // Compared in place, without allocating: identifiers other than these keywords never need their text.
    const candidates = KEYWORD_STARTS[this.src.charCodeAt(start)] ? KEYWORDS_BY_LENGTH[this.pos - start] : undefined;
    // After `.` a keyword is a property name: `x.import(…)`, `Symbol.for(k) / 2`.
    if (candidates === undefined || this.afterMemberAccess()) return;
    for (const word of candidates) {
      if (this.src.startsWith(word, start)) {
        this.tok = Tok.Keyword;
        this.tokValue = word;
        return;
      }
    }
  }

  private readNumber(): void {
    this.pos++;
    while (this.pos < this.len) {
      const c = this.src.charCodeAt(this.pos);
      if (isIdentPart(c) || c === Ch.Dot) {
        this.pos++;
        if ((c === Ch.e || c === Ch.e - 32) && !this.src.startsWith('0x', this.tokStart) && !this.src.startsWith('0X', this.tokStart)) {
          const sign = this.src.charCodeAt(this.pos);
          if (sign === Ch.Plus || sign === Ch.Minus) this.pos++;
        }
      } else break;
    }
    this.tok = Tok.Number;
  }

  private readString(quote: number): void {
    const start = this.pos++;
    let escaped = false;
    while (this.pos < this.len) {
      const c = this.src.charCodeAt(this.pos);
      if (c === Ch.Backslash) {
        escaped = true;
        const crlf = this.src.charCodeAt(this.pos + 1) === Ch.CR && this.src.charCodeAt(this.pos + 2) === Ch.LF;
        this.pos += crlf ? 3 : 2;
        continue;
      }
      if (c === quote) {
        this.literalStart = start + 1;
        this.literalEnd = this.pos;
        this.literalEscaped = escaped;
        this.pos++;
        this.tok = Tok.String;
        return;
      }
      if (c === Ch.LF || c === Ch.CR) break;
      this.pos++;
    }
    throw new ScanError('unterminated string literal', start);
  }

  private readTemplate(): void {
    const start = this.pos++;
    for (;;) {
      if (this.pos >= this.len) throw new ScanError('unterminated template literal', start);
      const c = this.src.charCodeAt(this.pos);
      if (c === Ch.Backslash) {
        this.pos += 2;
      } else if (c === Ch.Backtick) {
        this.pos++;
        break;
      } else if (c === Ch.Dollar && this.src.charCodeAt(this.pos + 1) === Ch.LBrace) {
        this.enterNested(this.pos);
        this.push(Open.TemplateExpr, this.pos);
        this.pos += 2;
        this.tok = Tok.Punct;
        this.tokValue = '${';
        this.scanUntilExprEnd();
        if (this.at(Tok.EOF)) throw new ScanError('unterminated template literal', start);
        this.nesting--;
      } else {
        this.pos++;
      }
    }
    this.tok = Tok.Template;
    this.tokStart = start;
    this.literalStart = start + 1;
    this.literalEnd = this.pos - 1;
    this.literalEscaped = false;
  }

  private readRegex(): void {
    const start = this.pos++;
    let inClass = false;
    for (;;) {
      if (this.pos >= this.len) throw new ScanError('unterminated regular expression', start);
      const c = this.src.charCodeAt(this.pos++);
      if (c === Ch.Backslash) this.pos++;
      else if (c === Ch.LF || c === Ch.CR) throw new ScanError('unterminated regular expression', start);
      else if (c === Ch.LBracket) inClass = true;
      else if (c === Ch.RBracket) inClass = false;
      else if (c === Ch.Slash && !inClass) break;
    }
    while (this.pos < this.len && isIdentPart(this.src.charCodeAt(this.pos))) this.pos++;
    this.tok = Tok.Regex;
  }

  private readPunct(c: number): void {
    const start = this.pos++;
    this.tok = Tok.Punct;
    switch (c) {
      case Ch.LParen:
        this.push(this.prevTok === Tok.Keyword && HEAD_KEYWORDS.has(this.prevValue) ? Open.Condition : Open.Paren, start);
        break;
      case Ch.LBracket:
        this.push(Open.Bracket, start);
        break;
      case Ch.LBrace:
        this.push(this.braceOpensBlock() ? Open.Block : Open.Object, start);
        break;
      case Ch.RParen: {
        const open = this.stack[this.stack.length - 1];
        this.pop(open === Open.Condition ? Open.Condition : Open.Paren, start);
        this.statementFollows = open === Open.Condition;
        break;
      }
      case Ch.RBracket:
        this.pop(Open.Bracket, start);
        break;
      case Ch.RBrace: {
        const open = this.stack[this.stack.length - 1];
        if (open === Open.TemplateExpr || open === Open.JsxExpr) {
          this.stack.pop();
          this.stackPos.pop();
          this.tok = Tok.ExprEnd;
          this.tokValue = '}';
          return;
        }
        this.pop(open === Open.Block ? Open.Block : Open.Object, start);
        this.statementFollows = open === Open.Block;
        break;
      }
      case Ch.Dot:
        if (this.src.charCodeAt(this.pos) === Ch.Dot && this.src.charCodeAt(this.pos + 1) === Ch.Dot) this.pos += 2;
        break;
      case Ch.Question:
        if (this.src.charCodeAt(this.pos) === Ch.Dot && !isDigit(this.src.charCodeAt(this.pos + 1))) this.pos++;
        break;
      case Ch.Eq:
        if (this.src.charCodeAt(this.pos) === Ch.Gt) this.pos++;
        break;
      case Ch.Plus:
      case Ch.Minus:
        if (this.src.charCodeAt(this.pos) === c) this.pos++;
        break;
    }
    this.tokValue = this.src.slice(start, this.pos);
  }

  private braceOpensBlock(): boolean {
    if (this.prevTok === Tok.EOF) return true;
    if (this.prevTok === Tok.Punct) return BLOCK_AFTER_PUNCT.has(this.prevValue);
    if (this.prevTok === Tok.Keyword) return !REGEX_KEYWORDS.has(this.prevValue) || this.prevValue === 'else' || this.prevValue === 'do';
    return true;
  }

  private enterNested(at: number): void {
    if (++this.nesting > MAX_NESTING) throw new NestingError(`nesting deeper than ${MAX_NESTING} levels`, at);
  }

  private push(open: Open, at: number): void {
    this.stack.push(open);
    this.stackPos.push(at);
  }

  private pop(expected: Open, at: number): void {
    const open = this.stack[this.stack.length - 1];
    const matches = open === expected || ((expected === Open.Block || expected === Open.Object) && (open === Open.Block || open === Open.Object));
    if (!matches) throw new ScanError(`unexpected '${this.src[at]}'`, at);
    this.stack.pop();
    this.stackPos.pop();
  }

  // ── JSX ───────────────────────────────────────────────────────────────

  /**
   * In expression position, `<` followed by a name or `>` may open JSX. TypeScript generics
   * (`<T,>(x) => x`, `let f: <T>(x: T) => T`) look the same, so a failed attempt rewinds and the
   * `<` is an operator.
   *
   * Failed attempts are remembered, so that no `<` is tried twice and the time stays linear.
   * A `<` cannot fail in one place and succeed in another: reading an element depends only on
   * the text from its `<` on, not on what surrounds it (its `{…}` start afresh after a `{`, and
   * its stack entries sit above all others). The one exception, the nesting limit, ends the scan
   * instead of failing the attempt. So an attempt that fails marks every element it has open.
   *
   * Inside an enclosing attempt, the text after a failed `<` is read on as an operator's. When
   * that reading fails too, without closing anything opened before the `<`, it fails the same
   * way wherever it is repeated: any enclosing attempt that reaches this `<` fails at once, rather
   * than read the same text to the same failure once per level (quadratic in the nesting).
   */
  private tryJsx(): boolean {
    const start = this.pos;
    const after = this.src.charCodeAt(start + 1);
    if (!(isIdentStart(after) || after === Ch.Gt)) return false;
    const failure = this.jsxFailures?.get(start);
    if (failure !== undefined) {
      if (failure === JsxFailure.ScanFailsAfter && this.openJsx.length > 0) throw new ScanError('not JSX', start);
      return false;
    }
    const saved = {
      imports: this.imports.length,
      stack: this.stack.length,
      openJsx: this.openJsx.length,
      rescans: this.rescans.length,
      nesting: this.nesting,
      lineNumber: this.lineNumber,
      lineStart: this.lineStart,
      lineEnd: this.lineEnd,
      jsdocSearchedTo: this.jsdocSearchedTo,
      tokStart: this.tokStart,
    };
    try {
      this.pos++;
      this.jsxElementAfterLt(start);
      this.rescans.length = saved.rescans;
      this.tok = Tok.Jsx;
      this.tokStart = start;
      return true;
    } catch (error) {
      if (!(error instanceof ScanError) || error instanceof NestingError) throw error;
      const failures = (this.jsxFailures ??= new Map());
      for (let i = saved.rescans; i < this.rescans.length; i++) {
        const { at, level, openedAt } = this.rescans[i]!;
        // It failed above the entries open at `at`, so it fails wherever `at` is read on from.
        if (this.stack.length > level && this.stackPos[level - 1] === openedAt) failures.set(at, JsxFailure.ScanFailsAfter);
      }
      for (let i = saved.openJsx; i < this.openJsx.length; i++) failures.set(this.openJsx[i]!, JsxFailure.NotJsx);
      this.pos = start;
      this.tokStart = saved.tokStart;
      this.imports.length = saved.imports;
      this.stack.length = saved.stack;
      this.stackPos.length = saved.stack;
      this.openJsx.length = saved.openJsx;
      this.rescans.length = saved.rescans;
      this.nesting = saved.nesting;
      this.lineNumber = saved.lineNumber;
      this.lineStart = saved.lineStart;
      this.lineEnd = saved.lineEnd;
      this.jsdocSearchedTo = saved.jsdocSearchedTo;
      if (this.openJsx.length > 0) this.rescans.push({ at: start, level: saved.stack, openedAt: this.stackPos[saved.stack - 1] });
      return false;
    }
  }

  /**
   * A JSX element, from after its `<`. Elements nested as children are kept on `openJsx` and
   * `names`, not on the call stack: JSX may nest as deep as brackets, and so may the "children" of
   * a generic misread as JSX (`let f: <T>(x: T) => T;`), in which every later `<T>` opens one more.
   */
  private jsxElementAfterLt(lt: number): void {
    this.enterNested(lt);
    const outer = this.openJsx.length;
    const names: string[] = [];
    this.jsxOpeningTag(lt, names);
    while (this.openJsx.length > outer) {
      if (this.pos >= this.len) throw new ScanError('unclosed JSX element', this.pos);
      const c = this.src.charCodeAt(this.pos);
      if (c === Ch.LBrace) this.jsxExpression();
      else if (c === Ch.Lt) {
        const childLt = this.pos++;
        this.skipTrivia();
        if (this.src.charCodeAt(this.pos) === Ch.Slash) {
          this.pos++;
          this.skipTrivia();
          const closing = this.jsxName();
          this.skipTrivia();
          if (closing !== names.pop() || this.src.charCodeAt(this.pos) !== Ch.Gt) throw new ScanError('mismatched JSX closing tag', this.pos);
          this.pos++;
          this.openJsx.pop();
        } else this.jsxOpeningTag(childLt, names);
      } else this.pos++;
    }
    this.nesting--;
  }

  /** From the name after `<` to `/>`, or to `>`, leaving the element open: on `openJsx`, its name on `names`. */
  private jsxOpeningTag(lt: number, names: string[]): void {
    this.openJsx.push(lt);
    const name = this.jsxName();
    if (name !== '' && this.jsxLooksGeneric()) throw new ScanError('generic, not JSX', this.pos);
    for (;;) {
      this.skipTrivia();
      const c = this.src.charCodeAt(this.pos);
      if (c === Ch.Slash && this.src.charCodeAt(this.pos + 1) === Ch.Gt) {
        this.pos += 2;
        this.openJsx.pop();
        return;
      }
      if (c === Ch.Gt) {
        this.pos++;
        names.push(name);
        return;
      }
      if (c === Ch.LBrace) this.jsxExpression();
      else if (isIdentStart(c)) {
        this.jsxName();
        this.skipTrivia();
        if (this.src.charCodeAt(this.pos) === Ch.Eq) {
          this.pos++;
          this.skipTrivia();
          const v = this.src.charCodeAt(this.pos);
          if (v === Ch.DQuote || v === Ch.SQuote) this.jsxAttributeString(v);
          else if (v === Ch.LBrace) this.jsxExpression();
          else if (v === Ch.Lt) this.jsxElementAfterLt(this.pos++);
          else throw new ScanError('bad JSX attribute', this.pos);
        }
      } else throw new ScanError('not JSX', this.pos);
    }
  }

  private jsxLooksGeneric(): boolean {
    this.skipTrivia();
    const c = this.src.charCodeAt(this.pos);
    if (c === Ch.Comma) return true;
    return this.src.startsWith('extends', this.pos) && !isIdentPart(this.src.charCodeAt(this.pos + 7)) && this.src.charCodeAt(this.pos + 7) !== Ch.Eq;
  }

  private jsxName(): string {
    const start = this.pos;
    while (this.pos < this.len) {
      const c = this.src.charCodeAt(this.pos);
      if (isIdentPart(c) || c === Ch.Minus || c === Ch.Dot || c === Ch.Colon) this.pos++;
      else break;
    }
    return this.src.slice(start, this.pos);
  }

  private jsxAttributeString(quote: number): void {
    const end = this.src.indexOf(String.fromCharCode(quote), this.pos + 1);
    if (end < 0) throw new ScanError('unterminated JSX attribute', this.pos);
    this.pos = end + 1;
  }

  private jsxExpression(): void {
    this.enterNested(this.pos);
    this.push(Open.JsxExpr, this.pos);
    this.pos++;
    this.tok = Tok.Punct;
    this.tokValue = '{';
    this.scanUntilExprEnd();
    if (this.at(Tok.EOF)) throw new ScanError('unterminated JSX expression', this.pos);
    this.nesting--;
  }

  // ── trivia and look-ahead ─────────────────────────────────────────────

  private skipTrivia(): void {
    while (this.pos < this.len) {
      const c = this.src.charCodeAt(this.pos);
      if (c === Ch.Space || c === Ch.Tab || c === Ch.LF || c === Ch.CR || c === 0xfeff || c === 0xa0 || c === 11 || c === 12 || c === 0x2028 || c === 0x2029) {
        this.pos++;
      } else if (c === Ch.Slash) {
        const d = this.src.charCodeAt(this.pos + 1);
        if (d === Ch.Slash) this.skipLine();
        else if (d === Ch.Star) {
          const end = this.src.indexOf('*/', this.pos + 2);
          if (end < 0) throw new ScanError('unterminated comment', this.pos);
          if (this.jsdoc && this.src.charCodeAt(this.pos + 2) === Ch.Star && this.pos >= this.jsdocSearchedTo) this.jsdocImports(this.pos + 3, end);
          this.pos = end + 2;
        } else return;
      } else return;
    }
  }

  private skipLine(): void {
    const end = this.src.indexOf('\n', this.pos);
    this.pos = end < 0 ? this.len : end + 1;
  }

  private peekChar(): number {
    this.skipTrivia();
    return this.pos < this.len ? this.src.charCodeAt(this.pos) : -1;
  }

  private isQuoteNext(): boolean {
    const c = this.peekChar();
    return c === Ch.SQuote || c === Ch.DQuote;
  }

  private peekWord(): string {
    const c = this.peekChar();
    if (!isIdentStart(c)) return '';
    let end = this.pos + 1;
    while (end < this.len && isIdentPart(this.src.charCodeAt(end))) end++;
    return this.src.slice(this.pos, end);
  }

  private peekWordIs(word: string): boolean {
    return this.peekWord() === word;
  }

  /**
   * After `import type`: whether `type` is the type-only modifier. In `import type from './x'`
   * and `import type, { a } from './x'` it is a default binding named `type`.
   */
  private typeModifierFollows(): boolean {
    const c = this.peekChar();
    if (c === Ch.LBrace || c === Ch.Star) return true;
    const word = this.peekWord();
    if (word === '') return false;
    if (word !== 'from') return true;
    const saved = this.pos;
    this.pos += word.length;
    const quote = this.isQuoteNext();
    this.pos = saved;
    return !quote;
  }

  // ── JSDoc ─────────────────────────────────────────────────────────────

  /**
   * The imports of the JSDoc comment text `[start, end)`: `import('./x')` inside a `{…}` type, and
   * the `@import … from './x'` tag, both type-only, as dependency-cruiser's `detectJSDocImports`.
   */
  private jsdocImports(start: number, end: number): void {
    this.jsdocSearchedTo = end;
    // A slice costs O(1) (V8 shares the text) and bounds the search to the comment.
    const comment = this.src.slice(start, end);
    let braces = 0;
    let counted = start;
    for (let i = comment.indexOf('import'); i >= 0; i = comment.indexOf('import', i + 1)) {
      const at = start + i;
      for (; counted < at; counted++) {
        const c = this.src.charCodeAt(counted);
        if (c === Ch.LBrace) braces++;
        else if (c === Ch.RBrace && braces > 0) braces--;
      }
      const before = this.src.charCodeAt(at - 1);
      const inType = braces > 0 && !isIdentPart(before) && before !== Ch.Dot;
      const pattern = before === Ch.At ? JSDOC_IMPORT_TAG : inType ? JSDOC_IMPORT_TYPE : undefined;
      if (pattern === undefined) continue;
      pattern.lastIndex = at;
      const specifier = pattern.exec(this.src)?.[2];
      if (specifier === undefined || pattern.lastIndex > end) continue;
      this.literalEnd = pattern.lastIndex - 1;
      this.literalStart = this.literalEnd - specifier.length;
      this.literalEscaped = false;
      this.record(at, 'jsdoc', true);
    }
  }

  // ── positions ─────────────────────────────────────────────────────────

  /**
   * Line and column of an offset. Calls come mostly in increasing order, so the scanner keeps its
   * place (the current line's start and end) and moves it line by line: O(1) amortised, even on
   * a minified file that is one long line. Some come back a little (an `export { … } from` recorded
   * after an import inside its braces, the position of an error), and step back line by line.
   */
  position(offset: number): { line: number; column: number } {
    while (offset > this.lineEnd) {
      this.lineStart = this.lineEnd + 1;
      this.lineEnd = this.lineEndFrom(this.lineStart);
      this.lineNumber++;
    }
    while (offset < this.lineStart) {
      this.lineEnd = this.lineStart - 1;
      this.lineStart = this.lineEnd > 0 ? this.src.lastIndexOf('\n', this.lineEnd - 1) + 1 : 0;
      this.lineNumber--;
    }
    return { line: this.lineNumber, column: offset - this.lineStart + 1 };
  }

  private lineEndFrom(offset: number): number {
    const end = this.src.indexOf('\n', offset);
    return end < 0 ? this.src.length : end;
  }
}

/** Offset of a `<<<<<<< ` line left over from a merge, or -1. */
function findConflictMarker(src: string): number {
  for (let at = src.indexOf('<<<<<<<'); at >= 0; at = src.indexOf('<<<<<<<', at + 7)) {
    const next = src.charAt(at + 7);
    if ((at === 0 || src.charCodeAt(at - 1) === Ch.LF) && (next === '' || next === ' ' || next === '\r' || next === '\n')) return at;
  }
  return -1;
}

/** Words the statement loop or the regex decision needs to recognise, indexed by length. */
const KEYWORDS_BY_LENGTH: (string[] | undefined)[] = [];
const KEYWORD_STARTS = new Uint8Array(128);
for (const word of [...REGEX_KEYWORDS, ...HEAD_KEYWORDS, 'import', 'export', 'require', 'function', 'type', 'from', 'as']) {
  (KEYWORDS_BY_LENGTH[word.length] ??= []).push(word);
  KEYWORD_STARTS[word.charCodeAt(0)] = 1;
}

/**
 * The value of a string literal's text `raw`, found at offset `at`. An escape that is not
 * JavaScript (`\u{110000}`, `\u{}`, `\x4`) makes the file unreadable, as it does for TypeScript:
 * a scan error, rather than a guess at the module meant. Lone surrogates are valid and kept.
 */
function unescapeString(raw: string, at: number): string {
  return raw.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])/g, (_, e: string, offset: number) => {
    if (e[0] === 'u' || e[0] === 'x') {
      // A bare `u` or `x` is what is left of an escape that is cut short or empty.
      const code = e.length === 1 ? NaN : parseInt(e[1] === '{' ? e.slice(2, -1) : e.slice(1), 16);
      if (!(code <= 0x10ffff)) throw new ScanError('invalid escape sequence', at + offset);
      return String.fromCodePoint(code);
    }
    if (e === '\n' || e === '\r\n') return '';
    return ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' } as Record<string, string>)[e] ?? e;
  });
}

/** Every import of a JavaScript/TypeScript source; a file it cannot read comes back with an error. */
export function scanImports(source: string, fileName: string): ScanResult {
  const scanner = new Scanner(source, /\.(tsx|jsx|js|mjs|cjs)$/.test(fileName), /\.(jsx|js|mjs|cjs)$/.test(fileName));
  try {
    scanner.run();
    return { imports: scanner.imports };
  } catch (error) {
    if (!(error instanceof ScanError)) throw error;
    const { line, column } = scanner.position(error.pos);
    return { imports: scanner.imports, error: { message: error.message, line, column } };
  }
}
