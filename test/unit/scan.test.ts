import { describe, expect, it } from 'vitest';
import { scanImports } from '../../src/graph/index.js';

const specs = (source: string, file = 'a.ts') => scanImports(source, file).imports.map((i) => i.specifier);
const one = (source: string, file = 'a.ts') => {
  const result = scanImports(source, file);
  expect(result.error).toBeUndefined();
  expect(result.imports).toHaveLength(1);
  return result.imports[0]!;
};

describe('scanImports: import forms of spec §2.2', () => {
  it.each([
    ["import x from './a';", 'import', false],
    ["import { a, b as c } from './a';", 'import', false],
    ["import * as ns from './a';", 'import', false],
    ["import x, { y } from './a';", 'import', false],
    ["import './a';", 'import', false],
    ["export { a } from './a';", 'export', false],
    ["export * from './a';", 'export', false],
    ["export * as ns from './a';", 'export', false],
    ["const m = await import('./a');", 'dynamic', false],
    ["const m = require('./a');", 'require', false],
    ["import x = require('./a');", 'import-equals', false],
    ["export import x = require('./a');", 'import-equals', false],
    ["import type { A } from './a';", 'import', true],
    ["import type A from './a';", 'import', true],
    ["import type * as A from './a';", 'import', true],
    ["export type { A } from './a';", 'export', true],
    ["export type * from './a';", 'export', true],
    ["import { type A, type B } from './a';", 'import', true],
    ["export { type A } from './a';", 'export', true],
    ["import type from './a';", 'import', false],
    ["import type, { a } from './a';", 'import', false],
    ["import { type A, b } from './a';", 'import', false],
    ["import data from './a.json' with { type: 'json' };", 'import', false],
    ['const m = import(`./a`);', 'dynamic', false],
  ] as const)('%s', (source, kind, typeOnly) => {
    const found = one(source);
    expect(found.specifier).toMatch(/^\.\/a/);
    expect(found.kind).toBe(kind);
    expect(found.typeOnly).toBe(typeOnly);
  });

  it('reports line and column of the statement', () => {
    const result = scanImports("// header\n\nconst a = 1;\n  import { b } from './b';\n", 'a.ts');
    expect(result.imports[0]).toMatchObject({ line: 4, column: 3 });
  });

  it('skips what only looks like an import', () => {
    const source = [
      'const s = \'import x from "./no1"\';',
      '// import y from "./no2"',
      '/* require("./no3") */',
      'const t = `import z from "./no4"`;',
      'const r = /import a from "no5"/g;',
      'obj.require("./no6"); obj.import("./no7");',
      'const o = { import: 1, export: 2, require: 3 };',
      'const dynamic = import(name); const req = require(base + "/x");',
      'import.meta.url;',
      'function require(x) { return x; }',
      'const tpl = import(`./x/${name}`);',
    ].join('\n');
    const result = scanImports(source, 'a.js');
    expect(result.error).toBeUndefined();
    expect(result.imports).toEqual([]);
  });

  it('finds imports inside template expressions and JSX expressions', () => {
    expect(specs('const a = `${await import("./t")}`;')).toEqual(['./t']);
    expect(specs('const el = <div title="it\'s">{require("./j")}</div>;', 'a.tsx')).toEqual(['./j']);
  });

  it('reads JSX text with quotes and regex-like slashes without losing its place', () => {
    const source = [
      "import React from 'react';",
      'export const A = () => (',
      "  <p className=\"x\">Don't / won't {'ok'} <b>it's</b> <br/></p>",
      ');',
      "import { b } from './after';",
    ].join('\n');
    const result = scanImports(source, 'a.tsx');
    expect(result.error).toBeUndefined();
    expect(result.imports.map((i) => i.specifier)).toEqual(['react', './after']);
  });

  it('tells TypeScript generics from JSX', () => {
    const source = ['const id = <T,>(x: T) => x;', 'const f = <T extends object>(x: T): T => x;', 'type Fn = <T>(x: T) => T;', "import { z } from './z';"].join(
      '\n',
    );
    expect(scanImports(source, 'a.tsx')).toEqual({ imports: [expect.objectContaining({ specifier: './z' })] });
    expect(specs("const x = <Foo>bar;\nimport a from './a';", 'a.ts')).toEqual(['./a']);
  });

  it('tells regular expressions from division', () => {
    const source = [
      'const a = b / c / d;',
      "const r = x.replace(/'/g, '\"');",
      "if (ok) { }\n/'/.test(s);",
      'const q = (a) / 2; const w = arr[0] / 2;',
      "import { y } from './y';",
    ].join('\n');
    expect(scanImports(source, 'a.ts')).toEqual({ imports: [expect.objectContaining({ specifier: './y' })] });
  });

  it('decodes escapes in specifiers and keeps a hashbang out of the way', () => {
    expect(specs("#!/usr/bin/env node\nimport a from './\\u0061';")).toEqual(['./a']);
  });
});

describe('scanImports: files it cannot read', () => {
  it('takes only a real marker line for a merge marker', () => {
    expect(scanImports('const s = 1;\n<<<<<<<x;\n', 'a.ts').error?.message).not.toBe('merge conflict marker');
    expect(scanImports('<<<<<<<\n', 'a.ts').error?.message).toBe('merge conflict marker');
  });

  it('keeps the imports above a leftover merge marker', () => {
    const result = scanImports("import a from './kept';\n<<<<<<< HEAD\nimport b from './lost';\n", 'a.ts');
    expect(result.imports.map((i) => i.specifier)).toEqual(['./kept']);
    expect(result.error).toMatchObject({ message: 'merge conflict marker', line: 2, column: 1 });
  });

  it.each([
    ["const s = 'unterminated;\nimport a from './a';", 'unterminated string literal', 1],
    ['/* never closed', 'unterminated comment', 1],
    ['const t = `never closed', 'unterminated template literal', 1],
    ['function f() {\n  return 1;\n', "'{' is never closed", 1],
    ['const x = (1 + 2;\n}', "unexpected '}'", 2],
    ["import { a from './a';", 'malformed import declaration', 1],
    ["<<<<<<< HEAD\nimport a from './a';\n=======\n>>>>>>> b\n", 'merge conflict marker', 1],
  ])('%s', (source, message, line) => {
    const result = scanImports(source, 'a.ts');
    expect(result.error?.message).toContain(message);
    expect(result.error?.line).toBe(line);
  });
});

/** The fastest of a few runs, in ms: noise only ever adds time. */
function fastest(run: () => unknown, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe('scanImports: escapes in specifiers', () => {
  it.each([
    ['an out-of-range code point', "import x from './a\\u{110000}';"],
    ['a code point past any integer', "import x from './a\\u{FFFFFFFFFF}';"],
    ['empty braces', "import x from './a\\u{}';"],
    ['unclosed braces', "import x from './a\\u{61';"],
    ['too few hex digits', "import x from './a\\u61';"],
    ['a short \\x escape', "import x from './a\\x6';"],
  ])('turns %s into a scan error at the escape', (_, source) => {
    expect(scanImports(source, 'a.ts').error).toEqual({ message: 'invalid escape sequence', line: 1, column: 19 });
  });

  it('decodes every valid form, lone surrogates included', () => {
    expect(specs("import a from './\\u{61}\\u{0000062}\\x63\\u0064\\uD800\\u{DC00}';")).toEqual(['./abcd\uD800\uDC00']);
  });
});

describe('scanImports: nesting', () => {
  const error = (source: string, file = 'a.tsx') => scanImports(source, file).error;

  it.each([
    ['templates', `x = ${'`${'.repeat(3500)}${'}`'.repeat(3500)}`],
    ['dynamic imports of templates', 'import(`${'.repeat(3500)],
    ['JSX attribute values', `x = ${'<a b='.repeat(5000)}<a/>${' />'.repeat(5000)}`],
    ['JSX expressions in children', `x = ${'<a>{'.repeat(3000)}${'}</a>'.repeat(3000)}`],
    ['JSX expressions in attributes', `x = ${'<a b={'.repeat(3000)}1${'} />'.repeat(3000)}`],
    ['templates in JSX in templates', `x = ${'`${<a>{'.repeat(2000)}`],
  ])('turns %s nested thousands deep into a scan error', (_, source) => {
    expect(error(source)).toMatchObject({ message: 'nesting deeper than 500 levels', line: 1 });
  });

  it('reads nesting up to the limit', () => {
    const deepest = (open: string, close: string, levels: number) => `x = ${open.repeat(levels)}require('./in')${close.repeat(levels)}`;
    for (const source of [deepest('`${', '}`', 500), deepest('<a>{', '}</a>', 250), deepest('<a b={', '} />', 250)]) {
      expect(scanImports(source, 'a.tsx')).toEqual({ imports: [expect.objectContaining({ specifier: './in' })] });
    }
  });

  it('reads brackets and JSX child elements nested far deeper: they use no recursion', () => {
    for (const [open, close] of [
      ['(', ')'],
      ['[', ']'],
      ['{', '}'],
      ['<a>', '</a>'],
    ]) {
      expect(error(`x = ${open!.repeat(100_000)}${close!.repeat(100_000)}`)).toBeUndefined();
    }
  });

  it('reads TypeScript generics that it tries as JSX, however many follow', () => {
    // Each `<T>` read as JSX would be a child of the one before, never closed.
    const source = `${'let f: <T>(x: T) => T;\nconst e = <div>{x}</div>;\n'.repeat(2000)}import('./end');`;
    expect(scanImports(source, 'a.tsx')).toEqual({ imports: [expect.objectContaining({ specifier: './end', line: 4001 })] });
  });
});

describe('scanImports: time linear in the input', () => {
  it('reads truncated JSX without re-reading it at every nesting level', () => {
    // A failed JSX attempt re-read what it had read, doubling per level: these 92 bytes took 30 s.
    for (const levels of [22, 40]) {
      const source = `x = ${'<a {'.repeat(levels)}`;
      let result: ReturnType<typeof scanImports> | undefined;
      expect(fastest(() => (result = scanImports(source, 'a.tsx')), 1)).toBeLessThan(2000);
      expect(result?.error?.message).toBe("'{' is never closed");
    }
  });

  it('reads the text after nested failed JSX attempts a few times, not once per level', () => {
    const tail = "\nimport { a } from './a';\nconst b = (c) => c / 2;\n".repeat(5000);
    const source = `x = ${'<a {'.repeat(200)}${tail}`;
    expect(scanImports(source, 'a.tsx').imports).toHaveLength(5000);
    expect(fastest(() => scanImports(source, 'a.tsx'))).toBeLessThan(10 * fastest(() => scanImports(tail, 'a.tsx')) + 20);
  });

  it('still reads JSX that follows a TypeScript generic it took for JSX', () => {
    const source = "let f: <T>(x: T) => T = id;\nconst el = <div>{require('./j')}</div>;\nlet g: <U>(u: U) => U;\n";
    expect(scanImports(source, 'a.tsx')).toEqual({ imports: [expect.objectContaining({ specifier: './j', line: 2 })] });
  });

  it('places imports on one long line in time linear in its length', () => {
    // Each position searched back to the line start: a minified 1 MB line with 40k imports took 23 s.
    const statement = 'import"./a";';
    const oneLine = statement.repeat(40_000);
    const { imports } = scanImports(oneLine, 'a.js');
    expect(imports).toHaveLength(40_000);
    expect(imports.every((found, i) => found.line === 1 && found.column === i * statement.length + 1)).toBe(true);
    const manyLines = `${statement}\n`.repeat(40_000);
    expect(scanImports(manyLines, 'a.js').imports.every((found, i) => found.line === i + 1 && found.column === 1)).toBe(true);
    expect(fastest(() => scanImports(oneLine, 'a.js'))).toBeLessThan(10 * fastest(() => scanImports(manyLines, 'a.js')) + 50);
  });

  it('places an import recorded after a later one', () => {
    // The JSDoc import inside the statement is found before the statement is.
    const result = scanImports("const s = 1;\nimport {\n  a, /** @type {import('./t')} */\n} from './b';\n", 'a.js');
    expect(result.imports.map(({ specifier, line, column }) => [specifier, line, column])).toEqual([
      ['./t', 3, 17],
      ['./b', 2, 1],
    ]);
  });
});

describe('scanImports: regular expressions after a statement head', () => {
  it.each([
    "if (x) /import('..\\/db\\/client')/.test(y);",
    "while (x) /import('.\\/a')/.test(y);",
    "for (const k of ks) /import('.\\/a')/.test(k);",
    "with (o) /import('.\\/a')/.test(y);",
    "do x(); while (y) /import('.\\/a')/.test(z);",
    "if (x) {}\n/import('.\\/a')/.test(y);",
    "if (a(b)) /import('.\\/a')/.test(y);",
  ])('%s', (source) => {
    expect(scanImports(source, 'a.js')).toEqual({ imports: [] });
  });

  it.each([
    "const x = (a) / import('./d') / 2;",
    "const x = Symbol.for(a) / import('./d') / 2;",
    "const x = o.if(a) / import('./d') / 2;",
    "if (x) y = (a) / import('./d') / 2;",
  ])('%s stays a division', (source) => {
    expect(specs(source)).toEqual(['./d']);
  });
});

describe('scanImports: JSDoc imports in JavaScript files', () => {
  const jsdoc = (source: string, file = 'a.js') => scanImports(source, file).imports.map(({ specifier, kind, typeOnly }) => [specifier, kind, typeOnly]);

  it.each([
    ["/** @type {import('./x').T} */\nlet a;", './x'],
    ['/**\n * @param {import("./y").U} u\n */\nfunction f(u) {}', './y'],
    ["/** @typedef {import('./z')} Z */", './z'],
    ["/** @type {Map<string, typeof import( './w' )>} */", './w'],
    ["/** @import { T } from './x' */", './x'],
    ["/** @import * as ns from './x' */", './x'],
    ["/** @import T, { U } from './x' */", './x'],
    ["/**\n * @import {\n *   T,\n *   U,\n * } from './x'\n */", './x'],
  ])('%s', (source, specifier) => {
    expect(jsdoc(source)).toEqual([[specifier, 'jsdoc', true]]);
  });

  it('reads them in .jsx, .mjs and .cjs files, not in TypeScript files', () => {
    const source = "/** @type {import('./x').T} */\nlet a;";
    for (const file of ['a.jsx', 'a.mjs', 'a.cjs']) expect(jsdoc(source, file)).toHaveLength(1);
    for (const file of ['a.ts', 'a.tsx', 'a.mts', 'a.d.ts']) expect(jsdoc(source, file)).toEqual([]);
  });

  it('places them at the word import', () => {
    const result = scanImports("const a = 1;\n/**\n * @import { T } from './t'\n * @type {import('./x').T}\n */", 'a.js');
    expect(result.imports.map(({ line, column }) => [line, column])).toEqual([
      [3, 5],
      [4, 11],
    ]);
  });

  it.each([
    "/* @type {import('./x').T} */",
    "// @type {import('./x').T}",
    "/** Loaded lazily, with import('./x'). */",
    '/** @type {reimport("./x")} */',
    "/** @type {a.import('./x')} */",
    "/** @import { T } from */ const s = './x';",
    "/** @type {import('./x' + y)} */",
    "/** @example\n * import x from './x';\n */",
  ])('ignores %s', (source) => {
    expect(jsdoc(source)).toEqual([]);
  });

  it('counts a comment once when look-ahead reads it twice', () => {
    const result = scanImports("import type from /** @type {import('./q')} */ './x';", 'a.js');
    expect(result.imports.map((i) => i.specifier)).toEqual(['./q', './x']);
  });

  it('counts a comment once when a failed JSX attempt rewinds over it', () => {
    const result = scanImports("x = <a /** @type {import('./q')} */ b", 'a.jsx');
    expect(result.imports.map((i) => i.specifier)).toEqual(['./q']);
  });
});
