import { describe, expect, it } from 'vitest';
import { checkSubject, type MemoryCheck, memorySubject } from '../../src/main/index.js';
import type { Finding } from '../../src/model/index.js';
import { render } from '../../src/report/index.js';

/** The whole check over an in-memory repository: findings as `rule file -> target`. */
function check(input: MemoryCheck) {
  return checkSubject(memorySubject(input), { today: '2026-12-01', failOn: 'error' }).report;
}
const brief = (findings: Finding[]) => findings.map((f) => `${f.rule} ${f.file}${f.target ? ` -> ${f.target}` : ''}`);

const LAYERS = `
[domains.a]
scope = "src/a/**"
forbidden_imports = ["src/b/**"]
[domains.b]
scope = "src/b/**"
`;

describe('symbolic links are followed to their real path (no import is smuggled past a boundary)', () => {
  const files = { 'orchestrator.toml': LAYERS, 'src/a/x.ts': "import { y } from './bdir/y';\n", 'src/b/y.ts': 'export const y = 1;\n' };

  it.each<[string, Record<string, string>, string[]]>([
    ['a folder link inside a domain', { 'src/a/bdir': '../b' }, ['forbidden-import src/a/x.ts -> src/b/y.ts']],
    ['a file link inside a domain', { 'src/a/bdir/y.ts': '../../b/y.ts' }, ['forbidden-import src/a/x.ts -> src/b/y.ts']],
    ['a chain of links', { 'src/a/bdir': '../c', 'src/c': 'b' }, ['forbidden-import src/a/x.ts -> src/b/y.ts']],
  ])('%s', (_, links, expected) => {
    const report = check({ head: { files, links } });
    expect(brief(report.findings.filter((f) => f.rule === 'forbidden-import'))).toEqual(expected);
  });

  it('a link is never scanned under its own name, and a link out of the repository is never read', () => {
    const report = check({
      head: {
        files: { 'orchestrator.toml': LAYERS, 'src/a/x.ts': "import { o } from './out';\n", 'src/b/y.ts': '' },
        links: { 'src/a/out.ts': '../../../outside/secret.ts', 'src/a/abs.ts': '/etc/passwd', 'src/a/again.ts': 'x.ts' },
      },
    });
    // x.ts once (not again through again.ts); out.ts and abs.ts lead outside: external, unread.
    expect(report.summary.files).toBe(2);
    expect(report.findings.filter((f) => f.rule !== 'unowned-file')).toEqual([]);
  });
});

describe('patterns that match no file are reported (a typo never disables a rule silently)', () => {
  const files = { 'src/a/x.ts': '', 'src/b/y.ts': '', 'src/shared/types.ts': '' };
  const config = (domain: string) => `[settings]\nunowned = "allow"\n[domains.b]\nscope = "src/b/**"\n[domains.a]\nscope = "src/a/**"\n${domain}`;

  it.each([
    ['forbidden_imports', 'forbidden_imports = ["src/bb/**"]', 'forbidden_imports pattern "src/bb/**" of domain a matches no file', 'did you mean "src/b/**"?'],
    [
      'allowed_imports',
      'allowed_imports = ["src/shared/typez.ts"]',
      'allowed_imports pattern "src/shared/typez.ts" of domain a matches no file',
      'did you mean "src/shared/types.ts"?',
    ],
    [
      'public',
      'public = ["src/a/index.ts"]',
      'public pattern "src/a/index.ts" of domain a matches no file',
      'fix the pattern; if it guards against code that does not exist yet (or any more), keep it: this warning does not fail the run',
    ],
  ])('%s: a warning with the key, the line and the nearest existing path', (_, line, message, hint) => {
    const report = check({ head: { files: { ...files, 'orchestrator.toml': config(line) } } });
    expect(report.failed).toBe(false);
    expect(report.findings).toEqual([
      expect.objectContaining({ rule: 'unmatched-pattern', severity: 'warning', file: 'orchestrator.toml', line: 7, domain: 'a', message, hint }),
    ]);
  });

  it('an exact path to a file outside the listing (generated, ignored) counts as matched only if it exists', () => {
    const report = check({ head: { files: { ...files, 'orchestrator.toml': config('forbidden_imports = ["src/b/y.ts", "src/b/gone.ts"]') } } });
    expect(report.findings.map((f) => f.message)).toEqual(['forbidden_imports pattern "src/b/gone.ts" of domain a matches no file']);
  });

  it("a PR that deletes a domain's last file: a failing finding, and the other findings still show", () => {
    const before = { files: { ...files, 'orchestrator.toml': LAYERS } };
    const head = { files: { 'orchestrator.toml': LAYERS, 'src/a/x.ts': "import '../b/gone';\n" } };
    const report = check({ head, before, mode: 'pr' });
    expect(report.failed).toBe(true);
    expect(report.findings).toEqual([
      expect.objectContaining({ rule: 'unmatched-pattern', severity: 'warning', message: 'forbidden_imports pattern "src/b/**" of domain a matches no file' }),
      expect.objectContaining({ rule: 'unresolved-import', file: 'src/a/x.ts' }),
      expect.objectContaining({ rule: 'unmatched-pattern', severity: 'error', status: 'new', message: 'scope glob "src/b/**" of domain b matches no file' }),
    ]);
  });
});

describe('no file is skipped without a word', () => {
  const config = '[domains.a]\nscope = "src/a/**"\nforbidden_imports = ["src/b/**"]\n[domains.b]\nscope = "src/b/**"\n';
  const violation = "import { y } from '../b/y';\n";
  const utf16 = (text: string, bigEndian: boolean) => {
    const le = Buffer.from(`\ufeff${text}`, 'utf16le');
    return bigEndian ? Buffer.from(le).swap16() : le;
  };

  it.each([
    ['UTF-16 LE', utf16(violation, false)],
    ['UTF-16 BE', utf16(violation, true)],
    ['UTF-8 with a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(violation)])],
  ])('a %s source is decoded and checked', (_, bytes) => {
    const report = check({ head: { files: { 'orchestrator.toml': config, 'src/a/x.ts': bytes, 'src/b/y.ts': '' } } });
    expect(brief(report.findings)).toEqual(['forbidden-import src/a/x.ts -> src/b/y.ts']);
    expect(report.findings[0]).toMatchObject({ line: 1, column: 1 });
  });

  it('a binary file named .ts is a parse-error that says so', () => {
    const report = check({ head: { files: { 'orchestrator.toml': config, 'src/a/x.ts': '\u0000\u0001\u0002PNG', 'src/b/y.ts': '' } } });
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'parse-error',
        file: 'src/a/x.ts',
        message: 'cannot parse src/a/x.ts: it holds binary content (a NUL byte), not JavaScript or TypeScript; imports after this point were not checked',
      }),
    ]);
  });

  it.each([
    ['a newline', 'src/a/x\ny.ts'],
    ['a carriage return', 'src/a/x\ry.ts'],
    ['U+2028', 'src/a/x\u2028y.ts'],
    ['a tab', 'src/a/x\ty.ts'],
  ])('a file whose name holds %s is scanned, owned and reported', (_, name) => {
    const report = check({ head: { files: { 'orchestrator.toml': config, [name]: violation, 'src/b/y.ts': '' } } });
    expect(brief(report.findings)).toEqual([`forbidden-import ${name} -> src/b/y.ts`]);
    expect(report.findings[0]!.domain).toBe('a');
  });

  it('control characters in names never reach the terminal raw', () => {
    const name = 'src/a/\u001b[2J\u001b[1;1Hevil\u202e.ts';
    const report = check({ head: { files: { 'orchestrator.toml': config, [name]: violation, 'src/b/y.ts': '' } } });
    const text = render('text', { kind: 'check', report }, { color: false, quiet: false, rulesDir: 'rules' });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(text).toContain('src/a/\\u001b[2J\\u001b[1;1Hevil\\u202e.ts:1:1');
  });
});

describe('resolution', () => {
  it('a package importing itself by its own name through its exports reaches the repository file', () => {
    const report = check({
      head: {
        files: {
          'orchestrator.toml':
            '[domains.core]\nscope = "src/core/**"\nforbidden_imports = ["src/internal/**"]\n[domains.internal]\nscope = "src/internal/**"\n',
          'package.json': JSON.stringify({ name: 'my-pkg', exports: { '.': './src/index.ts', './sub': './src/internal/sub.ts' } }),
          'src/index.ts': '',
          'src/core/a.ts': "import { s } from 'my-pkg/sub';\n",
          'src/internal/sub.ts': '',
        },
      },
    });
    expect(brief(report.findings.filter((f) => f.rule === 'forbidden-import'))).toEqual(['forbidden-import src/core/a.ts -> src/internal/sub.ts']);
  });
});

describe('globs from the repository obey the same limits as the configuration', () => {
  it('a workspaces glob nested thousands deep, or past the length limit, is no workspace (and no crash)', () => {
    const hostile = [`${'{a,'.repeat(5000)}b${'}'.repeat(5000)}`, `packages/${'*a'.repeat(5000)}`, 'packages/*'];
    const report = check({
      head: {
        files: {
          'orchestrator.toml': LAYERS,
          'package.json': JSON.stringify({ workspaces: hostile }),
          'packages/lib/package.json': JSON.stringify({ name: 'lib', main: 'index.ts' }),
          'packages/lib/index.ts': '',
          'src/a/x.ts': "import 'lib';\n",
          'src/b/y.ts': '',
        },
      },
    });
    expect(report.summary.edges).toBe(1);
  });
});

describe('check FILE…', () => {
  const files = { 'orchestrator.toml': LAYERS, 'src/a/x.ts': "import '../b/y';\n", 'src/a/z.ts': "import '../b/y';\n", 'src/b/y.ts': '', 'README.md': '' };

  it('checks exactly the named files, and says which it did not check', () => {
    const report = check({ head: { files }, named: ['src/a/z.ts', 'README.md'] });
    expect(brief(report.findings)).toEqual(['forbidden-import src/a/z.ts -> src/b/y.ts']);
    expect(report.summary.files).toBe(1);
    expect(report.notes).toEqual(['README.md is not a source file under settings.include and settings.exclude, so it was not checked']);
  });

  it('refuses a file that does not exist', () => {
    expect(() => check({ head: { files }, named: ['src/a/nope.ts'] })).toThrow('src/a/nope.ts: no such file in the project');
  });
});
