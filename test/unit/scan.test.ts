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
      "const s = 'import x from \"./no1\"';",
      '// import y from "./no2"',
      '/* require("./no3") */',
      'const t = `import z from "./no4"`;',
      'const r = /import a from "no5"/g;',
      'obj.require("./no6"); obj.import("./no7");',
      "const o = { import: 1, export: 2, require: 3 };",
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
    const source = [
      'const id = <T,>(x: T) => x;',
      'const f = <T extends object>(x: T): T => x;',
      "type Fn = <T>(x: T) => T;",
      "import { z } from './z';",
    ].join('\n');
    expect(scanImports(source, 'a.tsx')).toEqual({ imports: [expect.objectContaining({ specifier: './z' })] });
    expect(specs("const x = <Foo>bar;\nimport a from './a';", 'a.ts')).toEqual(['./a']);
  });

  it('tells regular expressions from division', () => {
    const source = [
      "const a = b / c / d;",
      "const r = x.replace(/'/g, '\"');",
      "if (ok) { }\n/'/.test(s);",
      "const q = (a) / 2; const w = arr[0] / 2;",
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
    expect(scanImports("const s = 1;\n<<<<<<<x;\n", 'a.ts').error?.message).not.toBe('merge conflict marker');
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
