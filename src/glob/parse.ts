/**
 * Reads a glob as micromatch 4 (picomatch 2) reads it with cn-guard's options (`dot: true`,
 * flags `s`), into a syntax tree that `automaton.ts` matches in time linear in the path. picomatch
 * compiles a glob to a backtracking regular expression, so a short hostile glob (`*a*a*a*a*a`,
 * `!(a)` repeated) can take minutes on one path; this module keeps picomatch's reading of each
 * construct and leaves the regular expression out. The tokenizer follows picomatch's `parse`
 * step by step (the same token types, the same look-behind at the previous tokens), because
 * that is where its meaning of `**` comes from: `src/**` matches `src`; `**` followed by anything
 * but `/` is a `*` (`a/**b` is `a/*b`); `x/**` after a star needs a folder (`*` then `/**` does
 * not match `x`); in braces a `**` crosses folders (`{a,**}`); and so on.
 *
 * Paths are relative and normalised (no empty, `.` or `..` segment, no leading or trailing `/`),
 * as cn-guard always passes them: picomatch's look-aheads that only matter for other paths
 * (`*` never matches `.` or `..`, a trailing `/` is optional) are left out.
 *
 * Where micromatch has a bug (it pastes glob text into its regular expression, or rebuilds the
 * expression wrongly), cn-guard reads the glob as written:
 * - `|` is literal (micromatch: it splits the whole expression, `x/*|y` matches `y`).
 * - `\` makes the next character literal (micromatch: `\d`, `\w`, `\s`, `\b`… are regex classes
 *   and assertions; runs of more than two backslashes collapse).
 * - `+` is literal (micromatch: after `]` or `}` it is a quantifier, `[0-9]+`); so are runs of
 *   `$`, `^` or `+` (micromatch's fast path escapes only the first: `a$$` never matches).
 * - A POSIX class, a range or `***` does not change how the rest reads (micromatch then rebuilds
 *   its expression from tokens that lost text: `[[:alpha:]]a.x` becomes `[a-zA-Z].x`, where
 *   `.` is any character).
 * - A range is `{x..y}` between two letters or digits; micromatch reads `{1..10}` as `[1-10]`
 *   (0 or 1). Other ranges match nothing.
 * - In braces, a `.` then `*` then `/` (`{a.*,b}/x`) matches `a./x`: micromatch applies its
 *   dotfile rule there, not outside braces.
 * - Braces without a comma holding a `**` that is no globstar (`{a**}`) are literal braces;
 *   micromatch's expression for them does not compile, and matches nothing.
 * - A `[` whose class never closes (`[]`, `[\]`) is literal and the rest is read as glob
 *   (micromatch pastes the rest as regex-class text); quoted text is literal, but combined with
 *   `**` micromatch loses or moves it; a NUL is literal (micromatch drops it, but no path has one).
 * Not supported: extended globs (`@(a|b)`, `!(a)`, `+(a)`, `*(a)`, `?(a)`): `!(…)` cannot be matched
 * in linear time with micromatch's meaning, and configurations write `{a,b}` and `!glob` scope
 * entries instead. Parentheses are literal, so route groups (`app/(shop)/**`) match what they
 * name; micromatch reads `(shop)` as a regex group matching `shop`. A configuration may use
 * neither extended globs nor `|`, nor a range that micromatch reads differently (`globProblem`).
 * Kept although surprising: `[!a]` is the class of `!` and `a` (only `[^a]` negates); a class with
 * no regex character also matches its own text (`[id]` matches `i`, `d` and `[id]`); a reversed
 * class range (`[z-a]`) or an unclosed `{` makes the glob match nothing, and micromatch first
 * compares the path with the glob itself (`{a` matches `{a`).
 */

/** UTF-16 code units (as in a regular expression without the `u` flag): sorted inclusive [low, high] pairs. */
export interface CharSet {
  ranges: number[];
  negated: boolean;
}

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'set'; set: CharSet }
  /** Any run of characters other than `/`. */
  | { kind: 'star' }
  /** Any run of characters, `/` included. */
  | { kind: 'any' }
  /** A character follows (picomatch's `(?=.)` before a `*` that starts a segment). */
  | { kind: 'more' }
  /** The end of the path. */
  | { kind: 'end' }
  | { kind: 'alt'; alts: Node[][] };

export interface ParsedGlob {
  negated: boolean;
  /** Undefined when the glob matches nothing (micromatch's regular expression does not compile). */
  body: Node[] | undefined;
  /** Why a configuration may not use this glob: syntax cn-guard reads differently from micromatch. */
  problem?: string;
}

type TokenType = 'bos' | 'text' | 'dot' | 'dots' | 'slash' | 'qmark' | 'star' | 'globstar' | 'bracket' | 'brace' | 'comma';

interface Token {
  type: TokenType;
  nodes: Node[];
  /** A `*` that absorbed a third star (picomatch's `prev.star`): further stars add nothing. */
  star?: boolean;
  /** A `,` that separates alternatives. */
  separator?: boolean;
}

interface Brace {
  /** Index of its `{` token. */
  index: number;
  comma: boolean;
  dots: boolean;
}

const EXTGLOB =
  'uses an extended glob (`@(…)`, `!(…)`, `+(…)`, `*(…)`, `?(…)`), which cn-guard does not support: write alternatives as {a,b}, exclude with a "!glob" scope entry, or escape the parenthesis (\\()';
const PIPE = 'uses `|`, which is not glob syntax: write alternatives as {a,b}, or escape it (\\|)';
const RANGE = 'uses a range other than between two letters or digits ({a..e}, {1..9}): write the alternatives out ({1,2,10})';

const text = (value: string): Node => ({ kind: 'text', text: value });
const STAR: Node = { kind: 'star' };
const ANY: Node = { kind: 'any' };
const END: Node = { kind: 'end' };
const MORE: Node = { kind: 'more' };
const SLASH = text('/');
const NOT_SLASH: Node = { kind: 'set', set: { ranges: [47, 47], negated: true } };
const alt = (...alts: Node[][]): Node => ({ kind: 'alt', alts });
/** A leading `**` and `/`: nothing, `/`, or anything that ends with `/`. */
export const ANY_FOLDER = alt([], [SLASH], [ANY, SLASH]);

// picomatch's REPLACEMENTS, applied to the whole glob.
const REPLACEMENTS = new Map([
  ['***', '*'],
  ['**/**', '**'],
  ['**/**/**', '**'],
]);

// picomatch's POSIX_REGEX_SOURCE, as class text whose only escapes are `\-` and `\]`. (`punct`
// lacks the backslash there too.)
const POSIX_CLASSES = new Map([
  ['alnum', 'a-zA-Z0-9'],
  ['alpha', 'a-zA-Z'],
  ['ascii', '\x00-\x7F'],
  ['blank', ' \t'],
  ['cntrl', '\x00-\x1F\x7F'],
  ['digit', '0-9'],
  ['graph', '\x21-\x7E'],
  ['lower', 'a-z'],
  ['print', '\x20-\x7E '],
  ['punct', '\\-!"#$%&\'()*+,./:;<=>?@[\\]^_`{|}~'],
  ['space', ' \t\r\n\v\f'],
  ['upper', 'A-Z'],
  ['word', 'A-Za-z0-9_'],
  ['xdigit', 'A-Fa-f0-9'],
]);

/** The characters of a regular-expression character class (its text between the brackets); undefined when invalid. */
function classSet(body: string): CharSet | undefined {
  const negated = body.startsWith('^');
  const ranges: number[] = [];
  let i = negated ? 1 : 0;
  const atom = () => {
    if (body[i] === '\\') i++;
    return body.charCodeAt(i++);
  };
  while (i < body.length) {
    const low = atom();
    if (body[i] === '-' && i + 1 < body.length) {
      i++;
      const high = atom();
      // A reversed range is a syntax error, and micromatch then matches nothing.
      if (high < low) return undefined;
      ranges.push(low, high);
    } else {
      ranges.push(low, low);
    }
  }
  return { ranges, negated };
}

export function inSet(set: CharSet, code: number): boolean {
  const { ranges } = set;
  for (let i = 0; i < ranges.length; i += 2) if (code >= ranges[i]! && code <= ranges[i + 1]!) return !set.negated;
  return set.negated;
}

export function parseGlob(glob: string): ParsedGlob {
  let input = REPLACEMENTS.get(glob) ?? glob;
  if (input.startsWith('./')) input = input.slice(2);
  // picomatch reads a few globs by a fast path of its own: these two want a character after the
  // last dot, and `**.ts` is `**` (across folders) then `.ts`.
  if (input === '*.*' || input === '**/*.*') input = `${input.slice(0, -1)}?*`;
  if (/^\*\*(\.\w+)+$/.test(input)) return { negated: false, body: [ANY, text(input.slice(2))] };

  const bos: Token = { type: 'bos', nodes: [] };
  const tokens: Token[] = [bos];
  const braces: Brace[] = [];
  let prev = bos;
  let start = 0;
  let quoted = false;
  let negated = false;
  let never = false;
  let problem: string | undefined;

  const push = (token: Token) => {
    // A `**` followed by anything but `/` (or, in braces, `,` `{` `}`) is a `*`.
    if (prev.type === 'globstar' && token.type !== 'slash' && !(braces.length > 0 && (token.type === 'comma' || token.type === 'brace'))) {
      prev.type = 'star';
      prev.nodes = [STAR];
    }
    if (prev.type === 'text' && token.type === 'text') {
      prev.nodes.push(...token.nodes);
      return;
    }
    tokens.push(token);
    prev = token;
  };
  const pushText = (value: string) => push({ type: 'text', nodes: [text(value)] });

  /** A class from the `[` at `open`; returns the index of its `]`, or `open` when the `[` is literal. */
  const bracket = (open: number): number => {
    if (input.includes(']', open + 1)) {
      // picomatch collects the class as regex text: `raw` is what it puts between the brackets.
      let raw = '';
      let posix = false;
      for (let i = open + 1; i < input.length; i++) {
        let c = input[i]!;
        if (c === '\\') {
          const next = input[i + 1];
          if (next === undefined) break;
          if (next === '/' || next === '.' || next === ';') continue;
          raw += `\\${next}`;
          i++;
          continue;
        }
        if (c === ']' && raw !== '' && raw !== '^') {
          const set = classSet(!posix && raw.startsWith('^') && !raw.includes('/') ? `${raw}/` : raw);
          if (set === undefined) never = true;
          else {
            const node: Node = { kind: 'set', set };
            // Without regex characters, picomatch also matches the brackets' text itself.
            const literal = !/[-*+?.^${}(|)[\]]/.test(raw);
            push({ type: 'bracket', nodes: [literal ? alt([text(`[${raw.replace(/\\(.)/gs, '$1')}]`)], [node]) : node] });
          }
          return i;
        }
        if (c === ':' && raw.includes('[')) {
          posix = true;
          const at = raw.lastIndexOf('[');
          const source = raw.includes(':') ? POSIX_CLASSES.get(raw.slice(at + 2)) : undefined;
          if (source !== undefined) {
            raw = raw.slice(0, at) + source;
            i++;
            continue;
          }
        }
        if ((c === '[' && input[i + 1] !== ':') || (c === '-' && input[i + 1] === ']') || c === ']') c = `\\${c}`;
        raw += c;
      }
    }
    push({ type: 'bracket', nodes: [text('[')] });
    return open;
  };

  const closeBrace = () => {
    const brace = braces.at(-1)!;
    push({ type: 'brace', nodes: [] });
    braces.pop();
    const inner = tokens.splice(brace.index).slice(1, -1);
    let nodes: Node[];
    if (brace.dots) {
      const ends = inner.filter((t) => t.type !== 'dots').map(({ nodes: [only, ...rest] }) => (only?.kind === 'text' && rest.length === 0 ? only.text : ''));
      if (!brace.comma && ends.length === 2 && ends.every((end) => /^[a-zA-Z0-9]$/.test(end))) {
        const [low, high] = ends.map((end) => end.charCodeAt(0)).sort((a, b) => a - b);
        nodes = [{ kind: 'set', set: { ranges: [low!, high!], negated: false } }];
      } else {
        problem ??= RANGE;
        never = true;
        nodes = [];
      }
    } else if (!brace.comma) {
      nodes = [text('{'), ...inner.flatMap((t) => t.nodes), text('}')];
    } else {
      const alts: Node[][] = [[]];
      for (const t of inner) {
        if (t.separator) alts.push([]);
        else alts.at(-1)!.push(...t.nodes);
      }
      nodes = [{ kind: 'alt', alts }];
    }
    const token: Token = { type: 'brace', nodes };
    tokens.push(token);
    prev = token;
  };

  /** The `*` at `i`; returns the index of the last character it consumed. */
  const star = (i: number): number => {
    if (prev.type === 'globstar' || prev.star) {
      prev.type = 'star';
      prev.star = true;
      prev.nodes = [STAR];
      return i;
    }
    if (prev.type !== 'star') {
      // So `a/**/*` does not match `a`: after `/**/`, the `*` needs a character.
      const more = (i === start || prev.type === 'slash' || prev.type === 'dot') && input[i + 1] !== '*';
      push({ type: 'star', nodes: more ? [MORE, STAR] : [STAR] });
      return i;
    }
    // A second star: a globstar when it starts a segment (or an alternative).
    const prior = tokens.at(-2)!;
    const before = tokens.at(-3);
    if (prior.type !== 'slash' && prior.type !== 'bos' && !(braces.length > 0 && (prior.type === 'comma' || prior.type === 'brace'))) {
      push({ type: 'star', nodes: [] });
      return i;
    }
    while (input.startsWith('/**', i + 1) && (i + 4 >= input.length || input[i + 4] === '/')) i += 3;
    const last = i === input.length - 1;
    const slashNext = input[i + 1] === '/';
    const afterStar = before?.type === 'star' || before?.type === 'globstar';
    prev.type = 'globstar';
    if (prior.type === 'bos' && last) {
      prev.nodes = [ANY];
    } else if (prior.type === 'slash' && before!.type !== 'bos' && !afterStar && last) {
      // `a/**`: `a` itself, or anything inside it.
      prior.nodes = [];
      prev.nodes = [alt([SLASH, ANY], [END])];
    } else if (prior.type === 'slash' && before!.type !== 'bos' && slashNext) {
      // `a/**/b`: `a/b`, `a/…/b`; and `a` when what follows can be empty.
      prior.nodes = [];
      prev.nodes = [alt([SLASH, ANY, SLASH], [SLASH], ...(i + 2 < input.length ? [[END]] : []))];
      push({ type: 'slash', nodes: [] });
      return i + 1;
    } else if (prior.type === 'bos' && slashNext) {
      prev.nodes = [ANY_FOLDER];
      push({ type: 'slash', nodes: [] });
      return i + 1;
    } else {
      prev.nodes = [ANY];
    }
    return i;
  };

  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    const next = input[i + 1];
    if (c === '\\') {
      // picomatch drops a backslash before `/`, `.` and `;`, which keep their meaning.
      if (next === '/' || next === '.' || next === ';') continue;
      pushText(next ?? '\\');
      i++;
    } else if (quoted && c !== '"') {
      pushText(c);
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === '[') {
      i = bracket(i);
    } else if (c === '{') {
      braces.push({ index: tokens.length, comma: false, dots: false });
      push({ type: 'brace', nodes: [] });
    } else if (c === '}') {
      if (braces.length > 0) closeBrace();
      else pushText(c);
    } else if (c === ',') {
      const separator = braces.length > 0;
      if (separator) braces.at(-1)!.comma = true;
      push({ type: 'comma', nodes: separator ? [] : [text(c)], separator });
    } else if (c === '/') {
      // A `./` at the start (after a negation) is dropped.
      if (prev.type === 'dot' && i === start + 1) {
        tokens.pop();
        prev = bos;
        start = i + 1;
      } else {
        push({ type: 'slash', nodes: [SLASH] });
      }
    } else if (c === '.') {
      if (braces.length > 0 && prev.type === 'dot') {
        prev.type = 'dots';
        braces.at(-1)!.dots = true;
      } else {
        push({ type: braces.length === 0 && prev.type !== 'bos' && prev.type !== 'slash' ? 'text' : 'dot', nodes: [text(c)] });
      }
    } else if (c === '!' && i === 0 && next !== '(') {
      // Leading `!`s: an odd number negates the glob.
      let count = 1;
      while (input[i + 1] === '!' && (input[i + 2] !== '(' || input[i + 3] === '?')) {
        i++;
        start++;
        count++;
      }
      if (count % 2 === 1) {
        negated = true;
        start++;
      }
    } else {
      if (next === '(' && '?*+@!'.includes(c)) problem ??= EXTGLOB;
      if (c === '|') problem ??= PIPE;
      if (c === '?') push({ type: 'qmark', nodes: [NOT_SLASH] });
      else if (c === '*') i = star(i);
      else pushText(c);
    }
  }
  // An unclosed `{` leaves micromatch's regular expression with an unclosed group.
  if (braces.length > 0) never = true;
  return { negated, body: never ? undefined : tokens.flatMap((t) => t.nodes), ...(problem !== undefined && { problem }) };
}
