import type * as TypeScript from 'typescript';
import { typescriptCompiler } from '../compiler.js';
import type { Json } from '../types.js';

type Node = Record<string, Json>;
const node = (value: Json | undefined): Node => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {});
const strings = (value: Json | undefined): string[] => (Array.isArray(value) ? value.map(String) : []);

/** What the compiler says of one export: can the new one be used where the old one was read (called), and built? */
export interface Compatibility {
  /** New values work where old ones were read or called: `undefined` when it could not be asked. */
  reads?: string | true;
  /** Old values are still accepted where new ones are built or passed. */
  writes?: string | true;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const property = (name: string) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

/** An export written back as a declaration, from what the surface recorded (undefined: it cannot be). */
function declaration(name: string, exported: Node): string | undefined {
  const parameters = strings(exported.typeParameters);
  const generic = parameters.length > 0 ? `<${parameters.join(', ')}>` : '';
  switch (exported.kind) {
    case 'type':
      return `export type ${name}${generic} = ${String(exported.type)};`;
    case 'const':
    case 'let':
      return `export declare const ${name}: ${String(exported.type)};`;
    case 'function':
      return strings(exported.signatures)
        .map((signature) => `export declare function ${name}${signature};`)
        .join('\n');
    case 'interface':
    case 'class': {
      const members = Object.entries(node(exported.members)).map(([key, type]) => {
        const text = String(type);
        if (key === '()') return `${text};`;
        if (key.startsWith('[')) return `[key: ${key.slice(1, -1)}]: ${text};`;
        const optional = key.endsWith('?');
        const bare = optional ? key.slice(0, -1) : key;
        const modifiers = text.match(/^((?:private |protected |readonly )*)/)![1]!;
        if (modifiers.includes('private') || modifiers.includes('protected')) return `${modifiers}${property(bare)};`;
        return `${modifiers}${property(bare)}${optional ? '?' : ''}: ${text.slice(modifiers.length)};`;
      });
      if (exported.kind === 'interface') return `export interface ${name}${generic} {\n${members.join('\n')}\n}`;
      const constructors = strings(exported.constructors).map((signature) => `constructor${signature.replace(/\):[^)]*$/, ')')};`);
      return `export declare class ${name}${generic} {\n${[...constructors, ...members].join('\n')}\n}`;
    }
    case 'enum': {
      const members = Object.entries(node(exported.members)).map(
        ([member, value]) => `${property(member)}${value === null ? '' : ` = ${JSON.stringify(value)}`}`,
      );
      return `export declare enum ${name} { ${members.join(', ')} }`;
    }
    default:
      return undefined;
  }
}

/** Both surfaces' exports, written back as two modules; undefined when an export cannot be. */
function modules(before: Node, after: Node): { old: string; now: string } | undefined {
  const write = (exports: Node) => {
    const lines: string[] = [];
    for (const [name, exported] of Object.entries(exports)) {
      if (name === 'export=' || !IDENTIFIER.test(name)) continue;
      const text = declaration(name, node(exported));
      if (text === undefined) return undefined;
      lines.push(text);
    }
    return lines.join('\n');
  };
  const [old, now] = [write(node(before.exports)), write(node(after.exports))];
  return old === undefined || now === undefined ? undefined : { old, now };
}

/**
 * Asks the compiler, export by export, whether the new declarations accept every old use: a new
 * value where an old one was read or called (`reads`), an old value where a new one is built or
 * passed (`writes`). The surfaces are written back as two modules; when they do not compile as
 * written (a type printed with a path, say), nothing is asked and the printed types decide.
 */
export function compatibility(before: Json, after: Json, names: string[]): Map<string, Compatibility> {
  const answers = new Map<string, Compatibility>();
  const ts = typescriptCompiler();
  const sources = modules(node(before), node(after));
  if (!ts || !sources) return answers;
  const [oldExports, newExports] = [node(node(before).exports), node(node(after).exports)];
  const lines = ["import * as Old from './old';", "import * as New from './new';"];
  const asked: { line: number; name: string; side: 'reads' | 'writes' }[] = [];
  const ask = (name: string, side: 'reads' | 'writes', text: string) => {
    asked.push({ line: lines.length, name, side });
    lines.push(text);
  };
  names.forEach((name, i) => {
    const [a, b] = [node(oldExports[name]), node(newExports[name])];
    if (strings(a.typeParameters).length > 0 || strings(b.typeParameters).length > 0 || a.kind !== b.kind) return;
    if (a.kind === 'function' || a.kind === 'const' || a.kind === 'let') {
      lines.push(`declare const read${i}: typeof New.${name};`);
      ask(name, 'reads', `const readCheck${i}: typeof Old.${name} = read${i};`);
    } else if (a.kind === 'interface' || a.kind === 'type' || a.kind === 'class') {
      lines.push(`declare const read${i}: New.${name};`, `declare const write${i}: Old.${name};`);
      ask(name, 'reads', `const readCheck${i}: Old.${name} = read${i};`);
      ask(name, 'writes', `const writeCheck${i}: New.${name} = write${i};`);
    }
  });
  if (asked.length === 0) return answers;
  const files = new Map([
    ['/compare/old.d.ts', sources.old],
    ['/compare/new.d.ts', sources.now],
    ['/compare/check.ts', lines.join('\n')],
  ]);
  const options: TypeScript.CompilerOptions = {
    noEmit: true,
    strict: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: [],
    skipDefaultLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, version, ...rest) => {
    const text = files.get(fileName);
    return text !== undefined ? ts.createSourceFile(fileName, text, version, true) : original(fileName, version, ...rest);
  };
  host.fileExists = (fileName) => files.has(fileName) || (!fileName.startsWith('/compare/') && ts.sys.fileExists(fileName));
  host.readFile = (fileName) => files.get(fileName) ?? (fileName.startsWith('/compare/') ? undefined : ts.sys.readFile(fileName));
  host.directoryExists = (directory) => directory === '/compare' || (!directory.startsWith('/compare/') && ts.sys.directoryExists(directory));
  const program = ts.createProgram([...files.keys()], options, host);
  const declarationsCompile = ['/compare/old.d.ts', '/compare/new.d.ts'].every(
    (file) => program.getSemanticDiagnostics(program.getSourceFile(file)).length === 0,
  );
  if (!declarationsCompile) return answers;
  const check = program.getSourceFile('/compare/check.ts')!;
  const failures = new Map<number, string>();
  const askedLines = new Set(asked.map((a) => a.line));
  for (const diagnostic of program.getSemanticDiagnostics(check)) {
    const line = diagnostic.start === undefined ? -1 : check.getLineAndCharacterOfPosition(diagnostic.start).line;
    // Anything but an answer (the modules not found, say) means the question was not asked.
    if (!askedLines.has(line)) return new Map();
    failures.set(line, ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ').replace(/\s+/g, ' '));
  }
  for (const { line, name, side } of asked) {
    const answer = answers.get(name) ?? {};
    answer[side] = failures.get(line) ?? true;
    answers.set(name, answer);
  }
  return answers;
}
