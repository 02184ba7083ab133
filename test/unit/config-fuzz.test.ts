import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { ConfigError } from '../../src/model/index.js';
import { seededRandom } from '../support/random.js';

/**
 * A bounded, deterministic property test of `parseConfig`: a thousand damaged versions of real
 * configurations (cn-guard's own and the example of docs/configuration.md) each load, or fail with configuration
 * errors that all say something and point inside the document. Anything else (a TypeError, a
 * RangeError out of micromatch or V8) would reach the user as an internal error; anything slow
 * would stall every commit. The seed is fixed, so a failure names a case that can be replayed.
 */

const SEED = 20_261_201;
const CASES = 1000;
/** Generous: a case takes about a millisecond; the bugs this guards against took 10 s and more (case 628 took 38 s). */
const PER_CASE_MS = 500;

const docs = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
const docsExample = /```toml\n([\s\S]*?)```/.exec(docs)?.[1];
// The example imports from a domain it leaves out.
const BACKEND = '\n[domains.backend]\nscope = "src/backend/**"\nexports = ["ApiContract"]\n';
const BASES = [readFileSync(new URL('../../orchestrator.toml', import.meta.url), 'utf8'), docsExample + BACKEND];

/** What goes into the text: TOML's own punctuation, reserved and odd keys, values at and past the limits. */
const TOKENS = [
  '[',
  ']',
  '[[',
  ']]',
  '"',
  "'",
  '"""',
  "'''",
  '=',
  '.',
  ',',
  '{',
  '}',
  '#',
  '\n',
  '\r\n',
  '\t',
  '\\',
  '\\u0000',
  '\\U0010FFFF',
  '__proto__',
  'constructor',
  '"__proto__"',
  '[domains.__proto__]\n',
  '[domains."x y"]\nscope = "x/**"\n',
  '[[exceptions]]\n',
  '[domains.z]\n',
  '99999999999999999999',
  '1e400',
  '-0',
  'nan',
  '+inf',
  '0x_1',
  'true',
  '',
  '2027-02-30',
  '2027-13-01',
  '2028-02-29',
  '10:00:00',
  '25:00:00',
  '2027-01-31T10:00:00Z',
  '2027-01-31 10:00:00',
  '\u0000',
  '\u2028',
  '\u2029',
  '\uFEFF',
  '\uD800',
  '“',
  'é',
  '😀',
  '*',
  '**/',
  '!',
  '{domain}',
  '..',
  '/',
  '+(a)',
  '{a,b}',
  `"${'x'.repeat(10_000)}"`,
  `"${'{a,'.repeat(40)}b${'}'.repeat(40)}"`,
  `"${'a/'.repeat(5000)}"`,
  `${'{ a = '.repeat(60)}1${' }'.repeat(60)}`,
  `${'['.repeat(300)}${']'.repeat(300)}`,
  `${'['.repeat(1100)}${']'.repeat(1100)}`,
  `[${'a.'.repeat(2000)}a]\n`,
  `"""\n[${' '.repeat(3000)}\n"""`,
];

const VALUES = ['"src/**"', '[]', '["src/**", 5]', '5', 'true', '{ a = 1 }', '2027-01-31', '"*{domain}*{domain}*!"', '"check"', '""', '[[]]'];

type Mutation = (text: string, next: () => number) => string;

const pick = <T>(list: readonly T[], next: () => number): T => list[Math.floor(next() * list.length)]!;
const at = (text: string, next: () => number) => Math.floor(next() * (text.length + 1));
const lines = (text: string) => text.split('\n');

const MUTATIONS: Mutation[] = [
  (text, next) => {
    const i = at(text, next);
    return text.slice(0, i) + pick(TOKENS, next) + text.slice(i);
  },
  (text, next) => {
    const i = at(text, next);
    return text.slice(0, i) + text.slice(i + 1 + Math.floor(next() * 5));
  },
  (text, next) => {
    const i = at(text, next);
    return text.slice(0, i) + text[i] + text.slice(i);
  },
  (text, next) => {
    const all = lines(text);
    const i = Math.floor(next() * all.length);
    all.splice(i, 0, all[i]!);
    return all.join('\n');
  },
  (text, next) => {
    const all = lines(text);
    all.splice(Math.floor(next() * all.length), 1);
    return all.join('\n');
  },
  (text, next) => {
    const all = lines(text);
    const [i, j] = [Math.floor(next() * all.length), Math.floor(next() * all.length)];
    [all[i], all[j]] = [all[j]!, all[i]!];
    return all.join('\n');
  },
  // A value replaced keeps the document valid TOML more often, so the schema and the resolver get their share.
  (text, next) => {
    const all = lines(text);
    const candidates = all.flatMap((line, i) => (/^\w+ = /.test(line) ? [i] : []));
    if (candidates.length === 0) return text;
    const i = pick(candidates, next);
    all[i] = `${all[i]!.split(' = ')[0]} = ${pick(next() < 0.5 ? VALUES : TOKENS, next)}`;
    return all.join('\n');
  },
];

function mutate(base: string, next: () => number): string {
  let text = base;
  for (let n = 1 + Math.floor(next() * 3); n > 0; n--) text = pick(MUTATIONS, next)(text, next);
  return text;
}

describe('parseConfig on damaged configurations', () => {
  it('found both base configurations, and they load', () => {
    expect(docsExample).toContain('[domains.api]');
    for (const base of BASES) expect(() => parseConfig(base, '/nonexistent/orchestrator.toml', 'orchestrator.toml')).not.toThrow();
  });

  it(`${CASES} cases: a configuration or a ConfigError, each within ${PER_CASE_MS} ms`, () => {
    const next = seededRandom(SEED);
    const outcomes = { loaded: 0, failed: 0 };
    for (let n = 0; n < CASES; n++) {
      const text = mutate(BASES[n % BASES.length]!, next);
      const lineCount = text.split('\n').length;
      const start = performance.now();
      try {
        parseConfig(text, '/nonexistent/orchestrator.toml', 'orchestrator.toml');
        outcomes.loaded++;
      } catch (error) {
        if (!(error instanceof ConfigError)) throw new Error(`case ${n}: ${String(error)}\n--- text ---\n${text.slice(0, 2000)}`);
        outcomes.failed++;
        for (const problem of error.problems) {
          expect(problem.message, `case ${n}`).not.toBe('');
          if (problem.line !== undefined) {
            expect(problem.line, `case ${n}: ${problem.message}`).toBeGreaterThanOrEqual(1);
            expect(problem.line, `case ${n}: ${problem.message}`).toBeLessThanOrEqual(lineCount);
            expect(problem.column, `case ${n}: ${problem.message}`).toBeGreaterThanOrEqual(1);
          }
        }
      }
      expect(performance.now() - start, `case ${n}`).toBeLessThan(PER_CASE_MS);
    }
    // Both ways out are exercised, not only TOML syntax errors.
    expect(outcomes.loaded).toBeGreaterThan(CASES / 10);
    expect(outcomes.failed).toBeGreaterThan(CASES / 10);
    expect(({} as Record<string, unknown>).scope).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
