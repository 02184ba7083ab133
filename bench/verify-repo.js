#!/usr/bin/env node
// Cross-checks a generated repository's ground truth without the generator's
// own bookkeeping: TypeScript parses every file and resolves every import
// (with the repository's tsconfig.json), and orchestrator.toml's rules are
// applied with picomatch. The resulting violations must equal
// .bench-expected.json. Run it after changing the generator.
//
//   node bench/verify-repo.js DIR
import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import picomatch from 'picomatch';
import { parse as parseToml } from 'smol-toml';
import ts from 'typescript';
import { diff } from './lib/compare.js';
import { EXPECTED_FILE } from './lib/generator.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/verify-repo.js DIR');
  process.exit(2);
}
const root = realpathSync(dir);

const { options } = ts.getParsedCommandLineOfConfigFile(
  join(root, 'tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  },
);
const resolutionCache = ts.createModuleResolutionCache(root, (name) => name, options);
const domains = Object.values(parseToml(readFileSync(join(root, 'orchestrator.toml'), 'utf8')).domains).map((d) => ({
  inScope: picomatch(d.scope),
  forbidden: picomatch(d.forbidden_imports ?? []),
}));

const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx'], { cwd: root, encoding: 'utf8' }).trim().split('\n');
const unresolved = new Map();
const violations = [];
let edges = 0;
let syntaxErrors = 0;
for (const file of files) {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(root, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  for (const d of source.parseDiagnostics) {
    syntaxErrors++;
    console.error(`${file}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  }
  const targets = new Set();
  for (const specifier of moduleSpecifiers(source)) {
    const resolved = ts.resolveModuleName(specifier, join(root, file), options, ts.sys, resolutionCache).resolvedModule;
    if (resolved) targets.add(relative(root, realpathSync(resolved.resolvedFileName)));
    else unresolved.set(specifier, (unresolved.get(specifier) ?? 0) + 1);
  }
  edges += targets.size;
  const owner = domains.find((d) => d.inScope(file));
  for (const target of targets) {
    if (owner && !owner.inScope(target) && owner.forbidden(target)) violations.push(`${file} -> ${target}`);
  }
}

const expected = JSON.parse(readFileSync(join(root, EXPECTED_FILE), 'utf8'));
const { identical, onlyLeft, onlyRight } = diff(expected, violations);
console.log(`${files.length} files, ${syntaxErrors} syntax errors, ${edges} resolved edges, ${violations.length} violations`);
console.log(`unresolved (externals): ${[...unresolved].map(([s, n]) => `${s} x${n}`).join(', ') || 'none'}`);
console.log(identical ? `matches ${EXPECTED_FILE}` : `DIFFERS from ${EXPECTED_FILE}:`);
for (const v of onlyLeft.slice(0, 10)) console.log(`  expected, not found: ${v}`);
for (const v of onlyRight.slice(0, 10)) console.log(`  found, not expected: ${v}`);
process.exitCode = identical && syntaxErrors === 0 ? 0 : 1;

/** Specifiers of real imports: import/export declarations, import() and require() calls. */
function moduleSpecifiers(source) {
  const found = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments.length > 0 &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
