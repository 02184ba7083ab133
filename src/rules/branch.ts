const STAR = 0;
const ANY = 1;
/** A literal character, `*` (any run within one path segment), or one character of a segment. */
type Token = string | typeof STAR | typeof ANY;

/**
 * `swarm/*\/{domain}` against a branch name: the domain the branch belongs to, if it matches.
 * `*` matches within one path segment (no `/`); `{domain}` one or more characters of a segment,
 * and is what is returned. An ambiguous pattern is read as the regular expression this replaces
 * did, each wildcard taking as much as it can from the left: `{domain}-*` on `web-ui-fix` is `web-ui`.
 *
 * A table of which pattern suffixes match which branch suffixes keeps this within
 * O(pattern × branch); the regular expression backtracked, and `*{domain}*{domain}*!` against a
 * 200-character branch took 20 s. The schema allows one {domain}; given more, each is a wildcard
 * and the first one is returned.
 */
export function domainFromBranch(pattern: string, branch: string): string | undefined {
  const tokens: Token[] = [];
  let capture: [number, number] | undefined;
  pattern.split('{domain}').forEach((part, i) => {
    if (i > 0) {
      const start = tokens.length;
      tokens.push(ANY, STAR);
      capture ??= [start, tokens.length];
    }
    // `**` is `*`: collapsing runs keeps the table small.
    for (const c of part.split('')) if (c !== '*' || tokens.at(-1) !== STAR) tokens.push(c === '*' ? STAR : c);
  });
  if (!capture) return undefined;
  const width = branch.length + 1;
  // matches[i * width + j]: tokens i… match branch j…
  const matches = new Uint8Array((tokens.length + 1) * width);
  const rest = (i: number, j: number) => matches[i * width + j] === 1;
  matches[tokens.length * width + branch.length] = 1;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i];
    for (let j = branch.length; j >= 0; j--) {
      const c = branch[j];
      const inSegment = c !== undefined && c !== '/';
      const match = token === STAR ? rest(i + 1, j) || (inSegment && rest(i, j + 1)) : (token === ANY ? inSegment : c === token) && rest(i + 1, j + 1);
      if (match) matches[i * width + j] = 1;
    }
  }
  if (!rest(0, 0)) return undefined;
  // Follow the match that takes the most for each `*`, from the left.
  let j = 0;
  let start = 0;
  let end = 0;
  tokens.forEach((token, i) => {
    if (i === capture![0]) start = j;
    if (token !== STAR) j++;
    else {
      let k = j;
      while (k < branch.length && branch[k] !== '/') k++;
      while (!rest(i + 1, k)) k--;
      j = k;
    }
    if (i + 1 === capture![1]) end = j;
  });
  return branch.slice(start, end);
}
