/**
 * A differential test of the glob matcher against micromatch, which it replaces: random globs
 * built from the pieces configurations use, against random normalised paths and paths sampled
 * from the glob itself, must get micromatch's answer (`dot: true`, flags `s`). Seeded, so a
 * failure is the same on every run; short globs, so micromatch answers quickly.
 *
 * Left out, since cn-guard reads them differently on purpose (see src/glob/parse.ts): `***`,
 * text after a POSIX class or a range (micromatch loses some of it), runs of `$` or `^`,
 * extended globs, `|`, parentheses, `+`, regex escapes such as `\d`, quotes, and classes that
 * never close.
 */
import micromatch from 'micromatch';
import { describe, expect, it } from 'vitest';
import { compilePattern, globMatcher } from '../../src/glob/index.js';
import { seededRandom } from '../support/random.js';

const SEED = 0x6107;
const GLOBS = 2500;
const PATHS_PER_GLOB = 8;
const MICROMATCH = { dot: true, flags: 's' } as unknown as micromatch.Options;

/** A piece of glob, and text it matches (roughly: a sampled path that is not normalised is not used). */
type Piece = [glob: string, ...samples: string[]];

const literal = (text: string): Piece => [text, text];

const COMMON: Piece[] = [
  ...['a', 'b', 'src', 'ts', '.', '-', '.ts', 'x.ts', 'é', '!', '@', '$', '^', ',', 'a\nb', '{a}'].map(literal),
  ['*', '', 'a', 'ab', '.x', 'a.b'],
  ['*', '', 'b'],
  ['?', 'a', '.', 'é'],
  ['**', '', 'a', 'a/b'],
  ['**/', '', 'a/', 'a/b/'],
  ['/', '/'],
  ['/', '/'],
  ['/', '/'],
  ['{a,b}', 'a', 'b'],
  ['{,a}', '', 'a'],
  ['{a/b,c}', 'a/b', 'c'],
  ['{a,{b,c}}', 'a', 'b', 'c'],
  ['{*.ts,b}', 'x.ts', '.ts', 'b'],
  ['{a,**}', 'a', 'x/y', ''],
  ['{**/a,b}', 'x/a', 'b'],
  ['{.a,b}', '.a', 'b'],
  ['.{ts,js}', '.ts', '.js'],
  ['[ab]', 'a', 'b', '[ab]'],
  ['[a-c]', 'b', 'c'],
  ['[!a]', '!', 'a'],
  ['[^a]', 'b', '.'],
  ['[.]', '.'],
  ['[a/b]', '/', 'a'],
  ['[]a]', ']', 'a'],
  ['\\*', '*'],
  ['\\{', '{'],
  ['\\[', '['],
];

/** Constructs after which micromatch rebuilds its expression, with text that survives the rebuild. */
const REBUILT: Piece[] = [
  ...['a', 'b', 'ab', '-'].map(literal),
  ['*', '', 'a', 'b1'],
  ['?', 'a', '1'],
  ['/', '/'],
  ['**/', '', 'a/', 'a/b/'],
  ['[[:alpha:]]', 'a', 'Z'],
  ['[[:digit:]]', '0', '9'],
  ['{a..c}', 'a', 'c'],
  ['{1..3}', '2'],
  ['[a-c]', 'b'],
];

const SEGMENTS = [
  'a',
  'b',
  'ab',
  'ba',
  'c',
  '.a',
  '.git',
  'a.ts',
  'b.ts',
  'x.ts',
  'a.b',
  'a.',
  '.ts',
  'src',
  'node_modules',
  '!',
  '*',
  '[ab]',
  '{a}',
  'é',
  'a\nb',
  '😀',
  '1',
  '2',
  ']',
  '-',
];

const normalised = (path: string) => path !== '' && path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');

/** What compilePattern did before: an exact path, or the literal base then micromatch. */
function previousPattern(glob: string): (path: string) => boolean {
  const scan = micromatch.scan(glob);
  if (!scan.isGlob) return (path) => path === glob;
  const prefix = scan.base === '' ? '' : `${scan.base}/`;
  const matches = micromatch.matcher(glob, MICROMATCH);
  return (path) => path.startsWith(prefix) && matches(path);
}

describe.each([
  ['common constructs', COMMON],
  ['constructs after which micromatch rebuilds its expression', REBUILT],
])('agrees with micromatch: %s', (_name, pieces) => {
  it(`${GLOBS} globs, ${PATHS_PER_GLOB} paths each`, () => {
    const random = seededRandom(SEED);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    let cases = 0;
    let matches = 0;
    for (let g = 0; g < GLOBS; g++) {
      const chosen = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(pieces));
      const start = pick(['', '', '', '', '', '', '', '', './', '!']);
      const glob = start + chosen.map(([text]) => text).join('');
      if (/\*\*\*|\$\$|\^\^/.test(glob)) continue;
      const theirs = micromatch.matcher(glob, MICROMATCH);
      const ours = globMatcher(glob);
      const pattern = compilePattern(glob, glob);
      const before = previousPattern(glob);
      for (let p = 0; p < PATHS_PER_GLOB; p++) {
        const sampled = chosen.map(([, ...samples]) => pick(samples)).join('');
        const path = p % 2 === 0 && normalised(sampled) ? sampled : Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(SEGMENTS)).join('/');
        const expected = theirs(path);
        expect(ours(path), `${JSON.stringify(glob)} on ${JSON.stringify(path)}`).toBe(expected);
        expect(pattern.test(path), `pattern ${JSON.stringify(glob)} on ${JSON.stringify(path)}`).toBe(before(path));
        cases++;
        if (expected) matches++;
      }
    }
    // Enough of both answers for the comparison to mean something.
    expect(cases).toBeGreaterThan(GLOBS * PATHS_PER_GLOB * 0.9);
    expect(matches / cases).toBeGreaterThan(0.1);
    expect(matches / cases).toBeLessThan(0.9);
  });
});
