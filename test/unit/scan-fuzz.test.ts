/**
 * A bounded, deterministic fuzzer for the import scanner: real-looking sources, mutated by a seeded
 * PRNG, must scan without throwing, in little time, with every position inside the file. Cheap
 * enough for every CI run; a failure names the case and shows its source.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { scanImports } from '../../src/graph/index.js';
import { seededRandom } from '../support/random.js';

const SEED = 0x5ca11;
const CASES = 400;
/** Far above what any case needs (a few ms), far below what the bugs it guards against took (seconds to days). */
const CASE_LIMIT_MS = 500;

const CORPUS: [file: string, source: string][] = [
  [
    'module.ts',
    `import fs, { readFile as read } from 'node:fs';
import type { Config } from './config.js';
import * as path from "node:path";
import { type Logger, createLogger } from '../log/index.js';
export { parse } from './parse.js';
export * as util from './util.js';
export type { Options } from './options.js';
import json from './data.json' with { type: 'json' };
import legacy = require('./legacy');
import './polyfill';

const re = /^(?:import|export)\\s+["'\\/]/gm;
const ratio = total / count / 2;
const label = \`\${name}: \${count > 1 ? \`\${count} items\` : 'one item'}\`;
function load<T extends object>(file: string): Promise<T> {
  if (file.endsWith('.json')) /\\.json$/.test(file);
  return import(\`./loaders/json.js\`).then((m) => m.load<T>(file));
}
export async function plugin(name: string) {
  const mod = await import('./plugins/' + name);
  return mod.default as (typeof mod)['default'];
}
// import { commented } from './commented';
/* export * from './block-commented'; */
const s = 'import x from "./in-string"';
`,
  ],
  [
    'Panel.tsx',
    `import React, { useMemo } from 'react';
import type { Item } from '../types';
import { Button } from '@ui/button';

const identity = <T,>(value: T) => value;
const pick = <K extends string>(key: K) => key;
const Lazy = React.lazy(() => import('./Heavy'));

export function Panel({ items, title }: { items: Item[]; title: string }) {
  const total = useMemo(() => items.reduce((sum, item) => sum + item.price, 0) / 100, [items]);
  return (
    <section className="panel" data-title={\`\${title} (\${items.length})\`}>
      <h2>Don't panic / it's fine {title}</h2>
      {items.length > 0 ? (
        <ul>
          {items.map((item) => (
            <li key={item.id} style={{ color: item.price > 10 ? 'red' : "green" }}>
              {item.name} &amp; <b>{identity(item.price)}</b>
            </li>
          ))}
        </ul>
      ) : (
        <>
          <p>Nothing here.</p>
          <Button onClick={() => import('./analytics').then((a) => a.track('empty'))} />
        </>
      )}
      <Lazy fallback={<span>…</span>} />
      <footer>{total > 1 ? 'many' : 'one'}</footer>
    </section>
  );
}
export { pick };
`,
  ],
  [
    'server.js',
    `'use strict';
const http = require('http');
const { join } = require("path");
const config = require(\`./config.json\`);
const routes = require('./routes/' + name);

/** @type {import('./types').Handler} */
const handler = (req, res) => {
  if (/^\\/api\\//.test(req.url)) return require('./api')(req, res);
  const parts = req.url.split('/').filter(Boolean);
  const size = parts.length / 2;
  res.end(\`\${size} parts\`);
};

/**
 * @param {import("./types").Options} options
 * @returns {Promise<import('./server-types').Server>}
 */
async function start(options) {
  outer: for (const port of options.ports) {
    while (busy(port)) /retry/.test(port) || sleep(port);
    if (port) continue outer;
  }
  return http.createServer(handler);
}
/* require('./not-this') */
module.exports = { start, obj: { require: 1 } };
`,
  ],
  [
    'widget.jsx',
    `/** @import { Theme } from './theme' */
/** @import * as tokens from "./tokens" */
import { h } from 'preact';
import styles from './widget.module.css';

/** @param {{ theme: import('./theme').Theme }} props */
export default function Widget(props) {
  const pattern = /<[a-z]+>/i;
  return (
    <div class={styles.root} title='a "quoted" title'>
      {props.children}
      {pattern.test('<b>') && <em>tags</em>}
      <input value={props.value} onInput={(e) => props.set(e.target.value)} />
    </div>
  );
}
`,
  ],
  [
    'loader.mjs',
    `import { readFile } from 'node:fs/promises';
const data = await import('./data.json', { with: { type: 'json' } });
const text = await readFile(new URL('./x.txt', import.meta.url), 'utf8');
export const lines = text.split(/\\r?\\n/).length / 2;
export * from './reexported.mjs';
`,
  ],
  [
    'model.ts',
    `import { Component, Input } from '@angular/core';
import type * as Types from './types';
export import Legacy = require('./legacy-model');

type Fn = <T>(value: T) => T;
declare const id: Fn;
enum Kind { A = 1 << 0, B = 1 << 1 }
@Component({ selector: 'app-model', template: '<div>{{ value }}</div>' })
export abstract class Model<T extends Types.Base = Types.Base> {
  #secret = 0x1f_ff;
  static readonly big = 10n ** 3n;
  @Input() value?: T;
  ratio(a: number, b: number) { return (a) / b / (b ?? 1); }
  get label() { return this.value?.name ?? \`model \${Kind.A}\`; }
}
const café = './unicode', x = <any>id;
export { default as helper, type Helper } from './helper';
export { Model as Base };
`,
  ],
];

/** Fragments a mutation inserts: the characters and tokens that change how the rest of a file reads. */
const TOKENS = [
  "'",
  '"',
  '`',
  '${',
  '}',
  '{',
  '(',
  ')',
  '[',
  ']',
  '<',
  '>',
  '/',
  '\\',
  '\\u{',
  '\\u{110000}',
  '\\u{}',
  '\\x',
  '\0',
  '\u2028',
  '\u2029',
  '\uD800',
  '\uDC00',
  '\uFEFF',
  '\r',
  '\n',
  '/*',
  '*/',
  '/**',
  '//',
  '#!',
  '=>',
  '?.',
  'import',
  'export',
  'require',
  ' from ',
  "import('./x')",
  "require('./y')",
  'import type ',
  "export * from './z';",
  '<a>',
  '</a>',
  '<a {',
  '<a b={',
  '/>',
  '<>',
  '</>',
  '@import ',
  '{import(',
  'if (x) ',
  '<<<<<<< HEAD\n',
];
/** Openers that nest, repeated far deeper than real code goes. */
const NESTERS = ['`${', '<a>', '<a {', '<a>{', '<a b={', '<a b=', 'import(`${', '(', '[', '{', '/**{', '<T>'];

function mutator(random: () => number) {
  const below = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[below(items.length)]!;
  const insert = (source: string, text: string) => {
    const at = below(source.length + 1);
    return source.slice(0, at) + text + source.slice(at);
  };
  const range = (source: string, max: number) => {
    const start = below(source.length + 1);
    return [start, Math.min(source.length, start + 1 + below(max))] as const;
  };
  const mutations: ((source: string) => string)[] = [
    (source) => insert(source, pick(TOKENS)),
    (source) => {
      // Just inside a string, often a module specifier.
      const quotes = [...source.matchAll(/['"`]/g)];
      if (quotes.length === 0) return source;
      const at = pick(quotes).index + 1;
      return source.slice(0, at) + pick(TOKENS) + source.slice(at);
    },
    (source) => {
      const [start, end] = range(source, 40);
      return source.slice(0, start) + source.slice(end);
    },
    (source) => {
      const [start, end] = range(source, 200);
      return insert(source, source.slice(start, end));
    },
    (source) => {
      const [, other] = pick(CORPUS);
      const [start, end] = range(other, 300);
      return insert(source, other.slice(start, end));
    },
    (source) => insert(source, pick(NESTERS).repeat(100 + below(3000))),
    (source) => source.replace(/\n/g, pick([' ', ';', ''])),
    (source) => insert(source, pick(TOKENS).repeat(1000 + below(20_000))),
    (source) => source.slice(0, below(source.length + 1)),
  ];
  return (source: string) => {
    for (let n = 1 + below(4); n > 0; n--) source = pick(mutations)(source);
    return source;
  };
}

/** What is wrong with the scan of `source`, or undefined. */
function problemWith(source: string, file: string): string | undefined {
  let result: ReturnType<typeof scanImports>;
  const start = performance.now();
  try {
    result = scanImports(source, file);
  } catch (error) {
    return `throws ${String(error)}`;
  }
  const ms = performance.now() - start;
  if (ms > CASE_LIMIT_MS) return `takes ${Math.round(ms)} ms`;
  const lines = source.split('\n');
  const outside = (line: number, column: number) =>
    !(Number.isInteger(line) && line >= 1 && line <= lines.length && Number.isInteger(column) && column >= 1 && column <= lines[line - 1]!.length + 1);
  for (const found of result.imports) {
    if (outside(found.line, found.column)) return `places ${JSON.stringify(found)} outside the file`;
  }
  if (result.error && outside(result.error.line, result.error.column)) return `places error ${JSON.stringify(result.error)} outside the file`;
  return undefined;
}

/** The specifiers TypeScript's parser sees: static, `import()`, `require()` with a literal; JSDoc ones in JavaScript. */
function typescriptSpecifiers(file: string, source: string): string[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const javascript = /\.(jsx|js|mjs|cjs)$/.test(file);
  const found: string[] = [];
  const literal = (node: ts.Node | undefined) =>
    node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
  const visit = (node: ts.Node): void => {
    let specifier: string | undefined;
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) specifier = literal(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) specifier = literal(node.moduleReference.expression);
    else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    ) {
      specifier = literal(node.arguments[0]);
    } else if (ts.isJSDocImportTag(node)) specifier = literal(node.moduleSpecifier);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) specifier = literal(node.argument.literal);
    if (specifier !== undefined) found.push(specifier);
    if (javascript) for (const doc of (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? []) visit(doc);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found.sort();
}

describe('scanImports under fuzzing', () => {
  it(`returns, quickly, with positions inside the file, for ${CASES} mutated sources`, () => {
    const random = seededRandom(SEED);
    const mutate = mutator(random);
    const problems: string[] = [];
    for (let n = 0; n < CASES; n++) {
      const [file, original] = CORPUS[Math.floor(random() * CORPUS.length)]!;
      const source = mutate(original);
      const problem = problemWith(source, file);
      if (problem !== undefined) problems.push(`case ${n} (${file}) ${problem}: ${JSON.stringify(source.length > 400 ? `${source.slice(0, 400)}…` : source)}`);
    }
    expect(problems).toEqual([]);
  });

  it.each(CORPUS)('agrees with TypeScript on the imports of %s', (file, source) => {
    const result = scanImports(source, file);
    expect(result.error).toBeUndefined();
    expect(result.imports.map((found) => found.specifier).sort()).toEqual(typescriptSpecifiers(file, source));
  });
});
