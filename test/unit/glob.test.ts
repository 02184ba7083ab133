import micromatch from 'micromatch';
import { describe, expect, it } from 'vitest';
import { anchorGlob, anyGlob, compilePattern, describeSpecificity, globMatcher, globProblem, literalBase } from '../../src/glob/index.js';
import { problemsOf, toml } from '../support/config.js';

/** What cn-guard passed to micromatch (`flags` is a string; @types/micromatch mistypes it). */
const MICROMATCH = { dot: true, flags: 's' } as unknown as micromatch.Options;

/** Milliseconds `run` takes. */
function timed(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

describe('every construct means what it means to micromatch', () => {
  // [glob, paths it matches, paths it does not]; each row is checked against micromatch too.
  const cases: [glob: string, matches: string[], misses: string[]][] = [
    ['src/a.ts', ['src/a.ts'], ['src/a.tsx', 'src/b.ts', 'a.ts', 'xsrc/a.ts']],
    // `*`: any run within a segment, dotfiles and any character included.
    ['src/*.ts', ['src/a.ts', 'src/.a.ts', 'src/.ts', 'src/a b.ts', 'src/a\nb.ts', 'src/a\rb\u2028.ts', 'src/é.ts'], ['src/a/b.ts', 'src/a.tsx', 'a.ts']],
    ['*', ['a', '.env', '*'], ['a/b']],
    ['*.*', ['a.b', '.a'], ['a.', 'a', 'a/b.c']],
    ['src/*.*', ['src/a.b', 'src/a.'], ['src/a']],
    ['a*b', ['ab', 'axxb', 'a.b'], ['a/b', 'abc']],
    // `?`: one UTF-16 code unit other than `/` (so not an emoji, which is two).
    ['src/?.ts', ['src/a.ts', 'src/é.ts', 'src/..ts'], ['src/ab.ts', 'src/.ts', 'src/😀.ts']],
    ['src/??.ts', ['src/ab.ts', 'src/😀.ts'], ['src/a.ts']],
    // `**`: a whole segment matches any number of segments; elsewhere it is a `*`.
    ['**', ['a', 'a/b', '.git/config', 'a\n/b'], []],
    ['src/**', ['src', 'src/a', 'src/a/b/c.ts', 'src/.git/x'], ['srcx', 'sr', 'lib/src/a']],
    ['src/**/*', ['src/a', 'src/a/b'], ['src']],
    ['**/*.ts', ['a.ts', 'src/a.ts', 'a/b/c.ts', '.a.ts'], ['a.tsx', 'a/b.ts/c', 'ts']],
    ['src/**/*.ts', ['src/a.ts', 'src/x/y/z.ts'], ['src.ts', 'lib/a.ts', 'src/a.tsx']],
    ['src/**/index.ts', ['src/index.ts', 'src/a/b/index.ts'], ['src/a/xindex.ts', 'index.ts']],
    ['src/**/**/x', ['src/x', 'src/a/b/x'], ['x']],
    ['**/node_modules/**', ['node_modules', 'node_modules/a', 'a/node_modules', 'a/node_modules/b/c'], ['a/node_modulesx/b', 'xnode_modules/a']],
    ['a/**b', ['a/b', 'a/xb'], ['a/x/b', 'a']],
    ['*/**', ['x/y', 'x/y/z'], ['x']],
    ['**.ts', ['a.ts', 'a/b.ts'], ['a.tsx']],
    ['x/**.ts', ['x/a.ts'], ['x/a/b.ts']],
    // Classes. Without a regex character, a class also matches its own text; `!` does not negate.
    ['[abc].ts', ['a.ts', 'c.ts', '[abc].ts'], ['d.ts', 'ab.ts']],
    ['[a-c].ts', ['b.ts', '[a-c].ts'], ['d.ts', '[a.ts', '-.ts']], // a path equal to the glob always matches
    ['[^a].ts', ['b.ts', '!.ts'], ['a.ts']],
    ['[!a].ts', ['!.ts', 'a.ts', '[!a].ts'], ['b.ts']],
    ['[]a].ts', ['].ts', 'a.ts'], ['b.ts']],
    ['[[:digit:]].ts', ['5.ts'], ['a.ts']],
    ['[[:alpha:][:digit:]]', ['a', 'Z', '5'], ['_', '-']],
    ['[^[:alpha:]]', ['5', '_'], ['a']],
    ['x[a/b]y', ['x/y', 'xay'], ['xy']],
    ['[z-a]', [], ['z', 'a', '-']],
    ['src/[id]/page.tsx', ['src/[id]/page.tsx', 'src/i/page.tsx', 'src/d/page.tsx'], ['src/id/page.tsx']],
    // Escapes.
    ['src/\\*.ts', ['src/*.ts'], ['src/a.ts']],
    ['a\\{b,c\\}', ['a{b,c}'], ['ab', 'ac']],
    ['a\\[b]', ['a[b]'], ['ab']],
    // Braces: alternatives (nested, empty, holding `/` or wildcards), literal without a comma, ranges.
    ['src/{a,b}/**', ['src/a/x', 'src/b', 'src/b/x/y'], ['src/c/x', 'src/ab/x']],
    ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}', ['a.ts', 'src/a.tsx', 'a/b.cjs', '.x.mts'], ['a.json', 'a.ts/b', 'a.d']],
    ['{src,lib}/**/*.ts', ['src/a.ts', 'lib/x/a.ts'], ['test/a.ts']],
    ['src/{a,b/c}/*.ts', ['src/a/x.ts', 'src/b/c/x.ts'], ['src/b/x.ts']],
    ['{a,{b,c}d}', ['a', 'bd', 'cd'], ['b', 'd']],
    ['a{,.test}.ts', ['a.ts', 'a.test.ts'], ['a.spec.ts']],
    ['x/{a,**}', ['x/a', 'x/b/c'], ['x']],
    ['{**/a,b}', ['x/a', 'b'], ['a']],
    ['{a}', ['{a}'], ['a']],
    ['{a..c}', ['a', 'b', 'c', '{a..c}'], ['d', 'ab']],
    ['v{1..3}', ['v1', 'v3'], ['v4', 'v12']],
    ['{a', ['{a'], ['a']],
    ['a}', ['a}'], ['a']],
    // Negation, `./`.
    ['!src/**', ['lib/a', 'srcx'], ['src', 'src/a']],
    ['!!src/**', ['src/a'], ['lib/a']],
    ['./src/*.ts', ['src/a.ts'], ['./src/a.ts']],
    ['!./src/**', ['lib/a'], ['src/a']],
    // Other characters are literal.
    ['a.b+c@d$e^f,g!h', ['a.b+c@d$e^f,g!h'], ['axb+c@d$e^f,g!h']],
  ];
  it.each(cases)('%j', (glob, matches, misses) => {
    const ours = globMatcher(glob);
    for (const path of matches) {
      expect(ours(path), `${glob} should match ${JSON.stringify(path)}`).toBe(true);
      expect(micromatch.isMatch(path, glob, MICROMATCH), `micromatch: ${glob} on ${JSON.stringify(path)}`).toBe(true);
    }
    for (const path of misses) {
      expect(ours(path), `${glob} should not match ${JSON.stringify(path)}`).toBe(false);
      expect(micromatch.isMatch(path, glob, MICROMATCH), `micromatch: ${glob} on ${JSON.stringify(path)}`).toBe(false);
    }
  });

  it('never matches the empty path', () => {
    for (const glob of ['**', '*', '!a', '{,a}']) expect(globMatcher(glob)('')).toBe(false);
  });
});

describe('where micromatch has a bug, the glob means what it says', () => {
  // [glob, path, cn-guard, micromatch]
  const cases: [glob: string, path: string, ours: boolean, theirs: boolean][] = [
    ['x/*|y', 'y', false, true], // `|` split micromatch's whole regular expression
    ['x/*|y', 'x/*|y', true, true],
    ['a/\\d', 'a/5', false, true], // `\d` was a regex digit class
    ['a/\\d', 'a/d', true, false],
    ['v[0-9]+', 'v12', false, true], // `+` was a regex quantifier
    ['v[0-9]+', 'v1+', true, false],
    ['src/[[:alpha:]]*/index.ts', 'src/a/xts', false, true], // text lost when micromatch rebuilt its expression
    ['src/[[:alpha:]]*/index.ts', 'src/a/index.ts', true, false],
    ['{1..10}', '0', false, true], // read as the class [1-10]
    ['{a.*,b}/x', 'a./x', true, false], // a dotfile rule applied inside braces
    ['{a**}', '{ab}', true, false], // an expression that did not compile
    ['app/(shop)/**', 'app/(shop)/page.tsx', true, false], // a regex group
    ['app/(shop)/**', 'app/shop/page.tsx', false, true],
    ['@(a|b)', 'a', false, true], // extended globs are not supported (and refused in orchestrator.toml)
  ];
  it.each(cases)('%j on %j', (glob, path, ours, theirs) => {
    expect(globMatcher(glob)(path)).toBe(ours);
    expect(micromatch.isMatch(path, glob, MICROMATCH)).toBe(theirs);
  });
});

describe('patterns', () => {
  it.each([
    ['src/api/**', 2, '2 literal segments'],
    ['src/**', 1, '1 literal segment'],
    ['src/*/internal/**', 1, '1 literal segment'],
    ['**/*.ts', 0, '0 literal segments'],
    ['{src,lib}/**', 0, '0 literal segments'],
    ['src/api/index.ts', Infinity, 'exact path'],
    ['src/{api}/index.ts', Infinity, 'exact path'],
  ])('%s has specificity %s (%s)', (glob, specificity, description) => {
    const pattern = compilePattern(glob, glob, 'domains.api.scope[0]');
    expect(pattern).toMatchObject({ source: glob, glob, specificity, keyPath: 'domains.api.scope[0]' });
    expect(describeSpecificity(pattern)).toBe(description);
  });

  it('rejects paths outside its literal base, as before (so `src/**` does not claim `src` itself)', () => {
    const pattern = compilePattern('src/api/**', 'src/api/**');
    expect(['src/api/a.ts', 'src/api/a/b.ts'].map((path) => pattern.test(path))).toEqual([true, true]);
    expect(['src/api', 'src/apix/a.ts', 'lib/src/api/a.ts', ''].map((path) => pattern.test(path))).toEqual([false, false, false, false]);
    expect(compilePattern('src/api/index.ts', 'src/api/index.ts').test('src/api/index.ts')).toBe(true);
    expect(compilePattern('src/*/index.ts', 'src/*/index.ts').test('src/a/index.ts')).toBe(true);
  });

  it('literalBase, anchorGlob and anyGlob', () => {
    expect(literalBase('src/api/**')).toBe('src/api');
    expect(literalBase('src/api/index.ts')).toBe('src/api/index.ts');
    expect(anchorGlob('packages/web', './src/**')).toBe('packages/web/src/**');
    expect(anchorGlob('', '/src/**')).toBe('src/**');
    const any = anyGlob(['**/node_modules/**', '**/.git/**']);
    expect(['node_modules/a/b.js', 'a/.git/HEAD', 'src/a.ts'].map(any)).toEqual([true, true, false]);
  });
});

describe('syntax a configuration may not use', () => {
  it.each(['src/@(a|b)/**', 'src/!(internal)/**', 'src/+(a)/**', 'src/*(a)', 'src/?(a).ts', '!(a)'])('extended glob %s', (glob) => {
    expect(globProblem(glob)).toMatch(/^uses an extended glob .* write alternatives as \{a,b\}/);
  });
  it.each(['src/a|b/**', '{a|b}'])('`|` in %s', (glob) => expect(globProblem(glob)).toMatch(/^uses `\|`/));
  it.each(['{1..10}', '{a..c,d}', '{a..}', '{{..b}'])('range %s', (glob) => expect(globProblem(glob)).toMatch(/^uses a range/));
  it.each(['src/**', 'app/(shop)/**', 'src/\\@(a)/**', 'src/[(|)]', '"@(a|b)"', '{a..e}', '{0..9}', 'a(b', '!src/**'])('fine: %s', (glob) => {
    expect(globProblem(glob)).toBeUndefined();
  });

  it('is a configuration error naming the key and the line', () => {
    expect(problemsOf(toml('[domains.api]', 'scope = "src/api/**"', 'forbidden_imports = ["src/db/**", "src/!(public)/**"]'))).toEqual([
      expect.objectContaining({ keyPath: 'domains.api.forbidden_imports[1]', line: 3, message: expect.stringMatching(/^uses an extended glob/) }),
    ]);
    expect(problemsOf(toml('[settings]', 'include = ["src/**/*.ts|js"]', '[domains.api]', 'scope = "src/**"'))).toEqual([
      expect.objectContaining({ keyPath: 'settings.include[0]', line: 2, message: expect.stringMatching(/^uses `\|`/) }),
    ]);
  });
});

describe('pathological globs answer at once (micromatch took seconds to minutes)', () => {
  const LIMIT_MS = 200;
  const a = (n: number) => 'a'.repeat(n);
  it.each<[string, string, string[], boolean]>([
    ['five `*a` against a 200-character folder name (21 s)', 'src/*a*a*a*a*a/x.ts', [`src/${a(200)}/y.ts`], false],
    ['eight `*a` against a 60-character name (32 s)', '*a'.repeat(8), [`${a(60)}b`], false],
    ['`!(a)` 256 times (4 s a path)', '!(a)'.repeat(256), ['src/a.ts', a(300)], false],
    ['fifty `*a` against a 255-character name', `${'*a'.repeat(50)}*b`, [a(255)], false],
    ['fifty `**/` against a 100-segment path', `${'**/'.repeat(50)}x`, [Array(100).fill('a').join('/')], false],
    ['fifty `/**/a` against a 100-segment path', `a${'/**/a'.repeat(50)}/x`, [Array(100).fill('a').join('/')], false],
    ['`{a,b}` 20 times (a million alternatives expanded)', '{a,b}'.repeat(20), ['ab'.repeat(10)], true],
    ['`{a,aa}` 20 times against 40 a and b', '{a,aa}'.repeat(20), [`${a(40)}b`], false],
    ['nested classes', `${'['.repeat(100)}a${']'.repeat(100)}`, ['a', '[[[a]'], false],
    ['classes against a near miss', '[ab]'.repeat(1000), [`${a(999)}c`], false],
    ['braces 32 deep, 40 times', `${'{a,'.repeat(32)}b${'}'.repeat(32)}`.repeat(40), [a(4000)], false],
  ])('%s', (_name, glob, paths, expected) => {
    const matches = globMatcher(glob);
    expect(timed(() => expect(paths.map(matches)).toEqual(paths.map(() => expected)))).toBeLessThan(LIMIT_MS);
  });

  it('the same glob against 10,000 paths', () => {
    const paths = Array.from({ length: 10_000 }, (_, i) => `src/${'a'.repeat(i % 250)}b/x.ts`);
    const pattern = compilePattern('src/*a*a*a*a*a/x.ts', 'src/*a*a*a*a*a/x.ts');
    expect(timed(() => expect(paths.filter((path) => pattern.test(path))).toEqual([]))).toBeLessThan(1000);
  });

  it('the longest glob a configuration takes against the longest file name: O(glob × path)', () => {
    // 1,024 × 255 steps of the automaton, hundreds of NFA states active at each: the worst there
    // is, a few milliseconds (micromatch: beyond any patience).
    const matches = globMatcher('*a'.repeat(512));
    expect(timed(() => expect(matches(`${'a'.repeat(254)}b`)).toBe(false))).toBeLessThan(500);
  });

  it('stays right when its DFA outgrows its memory bound and starts over', () => {
    // 2,000 distinct characters: 4,001 character classes, so some sixty DFA states fill the table.
    const name = Array.from({ length: 2000 }, (_, i) => String.fromCharCode(0x100 + i)).join('');
    const pattern = compilePattern('src/*', `src/${name}*`);
    for (let round = 0; round < 3; round++) {
      expect(pattern.test(`src/${name}x`)).toBe(true);
      expect(pattern.test(`src/${name.slice(0, -1)}x`)).toBe(false);
      expect(pattern.test(`src/${name}x/y`)).toBe(false);
    }
  });

  it('reads huge state sets on the automaton itself, and right', () => {
    expect(globMatcher(`${'*a'.repeat(300)}*`)(a(400))).toBe(true);
    expect(globMatcher(`${'*a'.repeat(300)}*`)(a(299))).toBe(false);
    expect(globMatcher(`${'*a'.repeat(300)}b`)(`${a(400)}b`)).toBe(true);
    expect(globMatcher(`${'*a'.repeat(300)}b`)(`${a(400)}c`)).toBe(false);
  });
});
