import { describe, expect, it } from 'vitest';
import { domainFromBranch } from '../../src/rules/index.js';
import { loaded, problemsOf, toml } from '../support/config.js';

/**
 * orchestrator.toml written to hurt: inputs that once took seconds to minutes, crashed with an
 * internal error, vanished without a word or got a misleading message. Each must load, or fail
 * with configuration errors that name the line, quickly.
 */

/** Milliseconds `run` takes. */
function timed(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

const EXCEPTION = ['[[exceptions]]', 'from = "src/web/**"', 'to = "src/db/**"', 'reason = "legacy"'];

describe('line and column of a problem', () => {
  it('a multi-line string holding `[` and 3,000 spaces costs no time (it took 13–27 s)', () => {
    for (const quotes of ['"""', "'''"]) {
      const config = toml(
        '[domains.api]', //                                 1
        'scope = "src/api/**"', //                          2
        `description = ${quotes}`, //                       3
        `[${' '.repeat(3000)}`, //                          4
        `[${' '.repeat(500)}x`, //                          5
        quotes, //                                          6
        ...EXCEPTION, //                                    7–10
        'expirs = 2027-01-31', //                          11
      );
      let problems: ReturnType<typeof problemsOf> = [];
      expect(timed(() => (problems = problemsOf(config)))).toBeLessThan(1000);
      expect(problems).toEqual([expect.objectContaining({ keyPath: 'exceptions[0].expirs', line: 11, column: 1 })]);
    }
  });

  it('lines inside multi-line strings are not headers', () => {
    for (const quotes of ['"""', "'''"]) {
      const config = toml('[domains.api]', 'scope = "src/api/**"', `description = ${quotes}`, '[domains.web]', 'agent_nme = "no"', quotes, 'agent_nme = "yes"');
      expect(problemsOf(config)).toEqual([expect.objectContaining({ keyPath: 'domains.api.agent_nme', line: 7, column: 1 })]);
    }
  });

  it('nested arrays across lines are not headers', () => {
    const config = toml('[domains.api]', 'scope = ["src/api/**"]', 'matrix = [', '[1, 2],', '  [3],', ']', 'agent_nme = "x"');
    expect(problemsOf(config)).toEqual([expect.objectContaining({ keyPath: 'domains.api.agent_nme', line: 7, column: 1 })]);
  });

  it('quoted keys with dots, brackets or escapes, dotted keys, comments, arrays of tables', () => {
    expect(problemsOf(toml("[domains.'a.b']", 'scope = 5'))).toEqual([expect.objectContaining({ keyPath: 'domains."a.b".scope', line: 2, column: 1 })]);
    expect(problemsOf(toml('[ domains . "x]y" ] # ]', '  scope = 5'))).toEqual([
      expect.objectContaining({ keyPath: 'domains."x]y".scope', line: 2, column: 3 }),
    ]);
    expect(problemsOf(toml('[domains."\\u0041pi"]', 'scope = 5'))).toEqual([expect.objectContaining({ keyPath: 'domains.Api.scope', line: 2, column: 1 })]);
    expect(problemsOf(toml('domains.api.scope = "src/**"', 'domains.web.scope = 5'))).toEqual([
      expect.objectContaining({ keyPath: 'domains.web.scope', line: 2, column: 1 }),
    ]);
    const third = toml('[domains.api]', 'scope = "src/api/**"', ...EXCEPTION, ...EXCEPTION, '# [[exceptions]]', ...EXCEPTION, 'ticket = 1');
    expect(problemsOf(third)).toEqual([expect.objectContaining({ keyPath: 'exceptions[2].ticket', line: 16, column: 1 })]);
  });

  it('3,000 domains with a problem each: every problem at its line, in well under 2 s (it took 7–13 s)', () => {
    const domains = Array.from({ length: 3000 }, (_, i) => [`[domains.d${i}]`, `scope = "src/d${i}/**"`, 'agent_nme = "x"']).flat();
    let problems: ReturnType<typeof problemsOf> = [];
    expect(timed(() => (problems = problemsOf(toml(...domains))))).toBeLessThan(2000);
    expect(problems).toHaveLength(3000);
    for (const [i, problem] of problems.entries())
      expect(problem).toMatchObject({ keyPath: `domains.d${i}.agent_nme`, line: 3 * i + 3, hint: 'did you mean "agent_name"?' });
  });
});

describe('settings.branch_domain', () => {
  /** What the regular expression domainFromBranch used to build says: the reference for small inputs. */
  const byRegExp = (pattern: string, branch: string) =>
    new RegExp(
      `^${pattern
        .split('{domain}')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
        .join('([^/]+)')}$`,
    ).exec(branch)?.[1];

  it('keeps the meaning of ordinary patterns', () => {
    expect(domainFromBranch('swarm/*/{domain}', 'swarm/7/web')).toBe('web');
    expect(domainFromBranch('swarm/*/{domain}', 'swarm/7/web/fix')).toBeUndefined();
    expect(domainFromBranch('feature/{domain}', 'feature/api')).toBe('api');
    expect(domainFromBranch('feature/{domain}', 'feature/')).toBeUndefined();
    expect(domainFromBranch('{domain}/*', 'api/fix-login')).toBe('api');
    expect(domainFromBranch('{domain}-*', 'web-ui-fix')).toBe('web-ui');
    expect(domainFromBranch('a.b+{domain}', 'a.b+api')).toBe('api');
    expect(domainFromBranch('a.b+{domain}', 'axb+api')).toBeUndefined();
  });

  it('agrees with the regular expression on every small pattern and branch', () => {
    const patternParts = ['a', '-', '/', '*', '{domain}'];
    const branchChars = ['a', 'b', '-', '/'];
    let seed = 7;
    const pick = <T>(list: T[]): T => list[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % list.length]!;
    for (let n = 0; n < 3000; n++) {
      const pattern = Array.from({ length: 1 + (n % 6) }, () => pick(patternParts)).join('');
      const branch = Array.from({ length: n % 9 }, () => pick(branchChars)).join('');
      expect(domainFromBranch(pattern, branch), `${pattern} on ${branch}`).toBe(byRegExp(pattern, branch));
    }
  });

  it('answers pathological patterns at once (they took 14 s to over a minute)', () => {
    const branch = 'a'.repeat(200);
    expect(timed(() => expect(domainFromBranch('*{domain}*{domain}*!', branch)).toBeUndefined())).toBeLessThan(500);
    expect(timed(() => expect(domainFromBranch('*{domain}*{domain}*{domain}*{domain}*{domain}*!', branch)).toBeUndefined())).toBeLessThan(500);
    expect(timed(() => expect(domainFromBranch(`${'*a'.repeat(100)}{domain}`, `${branch}/`)).toBeUndefined())).toBeLessThan(500);
  });

  it('takes {domain} once', () => {
    expect(problemsOf(toml('[settings]', 'branch_domain = "*{domain}*{domain}*!"', '[domains.api]', 'scope = "src/api/**"'))).toEqual([
      {
        file: 'orchestrator.toml',
        keyPath: 'settings.branch_domain',
        line: 2,
        column: 1,
        message: 'must contain the placeholder {domain} only once, e.g. "swarm/*/{domain}"',
      },
    ]);
  });
});

describe('globs the glob engine cannot take are configuration errors, not internal errors', () => {
  const long = `src/${'a'.repeat(65_537)}`;
  it.each([
    ['a scope glob', toml('[domains.api]', `scope = "${long}"`), 'domains.api.scope', 2],
    ['a scope glob in an array', toml('[domains.api]', `scope = ["src/api/**", "${long}"]`), 'domains.api.scope[1]', 2],
    ['forbidden_imports', toml('[domains.api]', 'scope = "src/api/**"', `forbidden_imports = ["${long}"]`), 'domains.api.forbidden_imports[0]', 3],
    ['allowed_imports', toml('[domains.api]', 'scope = "src/api/**"', `allowed_imports = ["${long}"]`), 'domains.api.allowed_imports[0]', 3],
    ['public', toml('[domains.api]', 'scope = "src/api/**"', `public = ["${long}"]`), 'domains.api.public[0]', 3],
    [
      'exceptions.from',
      toml('[domains.api]', 'scope = "src/api/**"', '[[exceptions]]', `from = "${long}"`, 'to = "x"', 'reason = "r"'),
      'exceptions[0].from',
      4,
    ],
    ['exceptions.to', toml('[domains.api]', 'scope = "src/api/**"', '[[exceptions]]', 'from = "x"', `to = "${long}"`, 'reason = "r"'), 'exceptions[0].to', 5],
    ['settings.include', toml('[settings]', `include = ["${long}"]`, '[domains.api]', 'scope = "src/api/**"'), 'settings.include[0]', 2],
    ['settings.exclude', toml('[settings]', `exclude = ["${long}"]`, '[domains.api]', 'scope = "src/api/**"'), 'settings.exclude[0]', 2],
  ])('longer than cn-guard takes: %s', (_name, config, keyPath, line) => {
    expect(problemsOf(config)).toEqual([
      { file: 'orchestrator.toml', keyPath, line, column: 1, message: "is longer than 1,024 characters (cn-guard's limit for a glob)" },
    ]);
  });

  it.each([['a'.repeat(20_000)], ['?'.repeat(40_000)], ['{a,b}'.repeat(7000)], ['*a'.repeat(20_000)]])('longer than 1,024 characters (%#)', (glob) => {
    expect(problemsOf(toml('[domains.api]', `scope = "${glob}"`))).toEqual([
      expect.objectContaining({ keyPath: 'domains.api.scope', message: expect.stringContaining('1,024') }),
    ]);
  });

  // Thousands deep they take seconds to minutes to compile, or abort Node (out of memory).
  it.each([[`${'{a,'.repeat(200)}b${'}'.repeat(200)}`], [`${'+('.repeat(33)}a${')'.repeat(33)}`], ['('.repeat(1000)], ['{'.repeat(40)]])(
    'nested more than 32 deep (%#)',
    (glob) => {
      expect(problemsOf(toml('[domains.api]', `public = ["${glob}"]`, 'scope = "src/**"'))).toEqual([
        {
          file: 'orchestrator.toml',
          keyPath: 'domains.api.public[0]',
          line: 2,
          column: 1,
          message: "nests braces or parentheses more than 32 deep (cn-guard's limit for a glob)",
        },
      ]);
    },
  );

  it('loads globs at the limits', () => {
    const config = loaded(toml('[domains.api]', `scope = ["src/${'a'.repeat(1020)}", "${'{a,'.repeat(32)}b${'}'.repeat(32)}", "src/\\\\{${'{'.repeat(32)}"]`));
    expect(config.domains[0]!.scope).toHaveLength(3);
  });

  it('a domain path longer than a file system takes', () => {
    expect(problemsOf(toml('[domains.api]', `path = "${'a/'.repeat(2100)}"`, 'scope = "src/**"'))).toEqual([
      {
        file: 'orchestrator.toml',
        keyPath: 'domains.api.path',
        line: 2,
        column: 1,
        message: 'is longer than 4,096 characters (more than a file system takes)',
      },
    ]);
  });
});

describe('expires is a day of the calendar', () => {
  const withExpires = (value: string) => toml('[domains.api]', 'scope = "src/api/**"', ...EXCEPTION, `expires = ${value}`);

  it.each([
    ['10:00:00', 'must be a date such as 2027-01-31, not a time'],
    ['2027-01-31T10:00:00', 'must be a date such as 2027-01-31, without a time: an exception lasts through the end of its day'],
    ['2027-01-31 10:00:00Z', 'must be a date such as 2027-01-31, without a time: an exception lasts through the end of its day'],
  ])('expires = %s', (value, message) => {
    expect(problemsOf(withExpires(value))).toEqual([{ file: 'orchestrator.toml', keyPath: 'exceptions[0].expires', line: 7, column: 1, message }]);
  });

  // smol-toml reads them as the first days of the next month.
  it.each([['2027-02-30'], ['2027-02-29'], ['2027-04-31']])('expires = %s', (value) => {
    expect(problemsOf(withExpires(value))).toEqual([
      { file: 'orchestrator.toml', keyPath: 'exceptions[0].expires', line: 7, column: 11, message: `${value} is not a day of the calendar` },
    ]);
  });

  it('expires = 2027-02-30T10:00:00', () => {
    expect(problemsOf(withExpires('2027-02-30T10:00:00')).map((p) => p.message)).toEqual([
      '2027-02-30 is not a day of the calendar',
      'must be a date such as 2027-01-31, without a time: an exception lasts through the end of its day',
    ]);
  });

  it('finds an impossible date in an inline table too', () => {
    const config = toml('exceptions = [', '  { from = "a", to = "b", reason = "r", expires = 2027-02-30 },', ']', '[domains.api]', 'scope = "src/api/**"');
    expect(problemsOf(config)).toEqual([
      { file: 'orchestrator.toml', keyPath: 'exceptions', line: 2, column: 51, message: '2027-02-30 is not a day of the calendar' },
    ]);
  });

  it('loads a leap day, and a key that looks like a date', () => {
    expect(loaded(withExpires('2028-02-29')).exceptions[0]!.expires).toBe('2028-02-29');
    expect(loaded(toml('[domains.api]', 'scope = "src/api/**"', 'labels = { 2027-02-30 = "not a date" }')).domains).toHaveLength(1);
  });
});

describe('no key vanishes, no prototype is polluted', () => {
  const RESERVED = { message: 'key "__proto__" is reserved', hint: 'JavaScript gives __proto__ a meaning of its own; choose another name' };

  it.each([
    [
      'a domain',
      toml('[domains.__proto__]', 'scope = "src/**"', '[domains.api]', 'scope = "src/api/**"'),
      'domains.__proto__',
      1,
      'domain name "__proto__" is reserved',
    ],
    ['a domain as a dotted key', toml('[domains]', '__proto__.scope = "src/**"'), 'domains.__proto__', 2, 'domain name "__proto__" is reserved'],
    [
      'an imported domain',
      toml('[domains.api]', 'scope = "src/api/**"', 'imports = { __proto__ = ["X"] }'),
      'domains.api.imports.__proto__',
      3,
      RESERVED.message,
    ],
    [
      'an artifact',
      toml('[domains.api]', 'scope = "src/api/**"', 'exports = ["X"]', '[domains.api.artifacts.__proto__]', 'path = "x.yaml"'),
      'domains.api.artifacts.__proto__',
      4,
      RESERVED.message,
    ],
    [
      'an external project',
      toml('[external_projects]', '__proto__ = "../x"', '[domains.api]', 'scope = "src/api/**"'),
      'external_projects.__proto__',
      2,
      RESERVED.message,
    ],
    ['a setting', toml('[settings]', '__proto__ = { unowned = "allow" }', '[domains.api]', 'scope = "src/api/**"'), 'settings.__proto__', 2, RESERVED.message],
    ['an orchestrator key', toml('__proto__ = { scope = "x" }', '[domains.api]', 'scope = "src/api/**"'), '__proto__', 1, RESERVED.message],
    [
      'deep inside a value',
      toml('[domains.api]', 'scope = "src/api/**"', 'notes = [{ a = { __proto__ = 1 } }]'),
      'domains.api.notes[0].a.__proto__',
      3,
      RESERVED.message,
    ],
  ])('__proto__ as %s', (_name, config, keyPath, line, message) => {
    expect(problemsOf(config)).toEqual([{ file: 'orchestrator.toml', keyPath, line, column: 1, message, hint: RESERVED.hint }]);
    expect(({} as Record<string, unknown>).scope).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it('other names of Object.prototype are ordinary names', () => {
    const names = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
    const config = loaded(
      toml(
        ...names.flatMap((name) => [`[domains.${name}]`, `scope = "src/${name}/**"`, `exports = ["${name}"]`, `imports = { ${names[0]} = ["${names[0]}"] }`]),
        `[domains.toString.artifacts.toString]`,
        'path = "x.yaml"',
        '[external_projects]',
        'constructor = "../c"',
      ),
    );
    expect(config.domains.map((d) => d.name)).toEqual(names);
    expect(config.domains.map((d) => d.imports)).toEqual(names.map(() => ({ constructor: ['constructor'] })));
    expect(Object.keys(config.domains[1]!.artifacts)).toEqual(['toString']);
    expect(config.externalProjects).toEqual({ constructor: '../c' });
  });
});

describe('TOML syntax errors say what is wrong', () => {
  it.each([
    ['a string not closed on its line', toml('[project]', 'name = "abc', '[domains.api]'), 2, 8, 'unterminated string: the closing " is missing on this line'],
    [
      'a single-quoted string not closed',
      toml('[project]', "name = 'abc", '[domains.api]'),
      2,
      8,
      "unterminated string: the closing ' is missing on this line",
    ],
    ['a string not closed at the end of the file', '[project]\nname = "abc', 2, 8, 'unterminated string: the closing " is missing on this line'],
    [
      'a string not closed in a multi-line array',
      toml('[domains.api]', 'scope = [', '  """a"""', '  , "src/**,', ']'),
      4,
      5,
      'unterminated string: the closing " is missing on this line',
    ],
    [
      'a string with an escaped quote at its end',
      toml('[project]', 'name = "C:\\temp\\"', 'x = 1'),
      2,
      8,
      'unterminated string: the closing " is missing on this line',
    ],
    ['a quoted key not closed', toml('[domains."my api]', 'scope = "x"'), 1, 10, 'unterminated string: the closing " is missing on this line'],
    ['a multi-line string not closed', toml('[project]', 'name = """abc', 'x = 1'), 2, 8, 'unterminated multi-line string: the closing """ is missing'],
    [
      'a header without ]',
      toml('[settings]', 'unowned = "warn"', '  [domains.api', 'scope = "x"'),
      3,
      3,
      'unterminated table header: the closing ] is missing',
    ],
    ['a header without ] before a comment', toml('[domains.api # the API', 'scope = "x"'), 1, 1, 'unterminated table header: the closing ] is missing'],
    ['a header without ] at the end of the file', '[domains.api', 1, 1, 'unterminated table header: the closing ] is missing'],
    ['an array-of-tables header without ]]', toml('[[exceptions]', 'from = "x"'), 1, 1, 'unterminated table header: the closing ]] is missing'],
    ['a key without a value', toml('[project]', 'name = ', '[domains.api]'), 2, 8, 'missing value after "="'],
    ['a key without a value before a comment', toml('[project]', 'name = # later'), 2, 8, 'missing value after "="'],
    ['a key without =', toml('[project]', 'name "cn-guard"'), 2, 6, 'expected "=" after the key "name"'],
    ['a colon for =', toml('[domains.api]', 'scope: "src/**"'), 2, 6, 'expected "=" after the key "scope"'],
    ['typographic quotes', toml('[project]', 'name = “cn-guard”'), 2, 8, 'typographic quote “: TOML strings take straight quotes, "…" or \'…\''],
  ])('%s', (_name, config, line, column, message) => {
    expect(problemsOf(config)).toEqual([{ file: 'orchestrator.toml', line, column, message: `TOML syntax error: ${message}` }]);
  });

  it('keeps what smol-toml says where it is accurate', () => {
    expect(problemsOf(toml('[project]', 'name = "a\u0000b"'))).toEqual([
      { file: 'orchestrator.toml', line: 2, column: 10, message: 'TOML syntax error: control characters are not allowed in strings' },
    ]);
    expect(problemsOf(toml('[domains.my api]'))).toEqual([
      { file: 'orchestrator.toml', line: 1, column: 13, message: 'TOML syntax error: illegal character in key' },
    ]);
  });
});
