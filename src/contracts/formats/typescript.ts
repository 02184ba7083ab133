import { posix } from 'node:path';
import type * as TypeScript from 'typescript';
import { escapesRoot } from '../../glob/index.js';
import { canonical } from '../canonical.js';
import { typescriptCompiler } from '../compiler.js';
import type { ArtifactInput, ContractFormat, ContractProblem, Reading } from '../types.js';
import { MAX_PROBLEMS } from './schema-errors.js';
import { exportedSurface } from './typescript-surface.js';

/**
 * TypeScript declarations, type-checked standalone by the TypeScript compiler: the artifact and
 * the files it imports from its own domain's directory, read from the state being checked, with
 * the standard library and nothing else — a contract that needs a package (or another domain's
 * file) to type-check cannot be read by its consumers alone.
 */
export const typescriptFormat: ContractFormat = {
  format: 'typescript',
  async read(input) {
    const ts = typescriptCompiler(input.root);
    if (!ts) {
      const message = 'the typescript package, which checks TypeScript artifacts, is not installed: npm install --save-dev typescript';
      return { problems: [{ file: input.path, line: 1, column: 1, message }] };
    }
    return typeCheck(ts, input);
  },
};

/** The standard library's files, parsed once for all the TypeScript artifacts of a run (they never change). */
const libraryFiles = new Map<string, TypeScript.SourceFile>();

/** The repository's files appear to the compiler under this folder, so that none is confused with a real path. */
const REPOSITORY = '/repository/';

function typeCheck(ts: typeof TypeScript, input: ArtifactInput): Reading {
  const options: TypeScript.CompilerOptions = {
    noEmit: true,
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
    types: [],
    // The standard library is not checked again; the artifact, a declaration file too, is (skipLibCheck would skip it).
    skipDefaultLibCheck: true,
    allowImportingTsExtensions: true,
  };
  const libDir = posix.dirname(ts.getDefaultLibFilePath(options).split('\\').join('/'));
  const inRepository = (fileName: string) => (fileName.startsWith(REPOSITORY) ? fileName.slice(REPOSITORY.length) : undefined);
  const inside = (path: string) => {
    const relative = input.domainDir === '' ? path : posix.relative(input.domainDir, path);
    return !escapesRoot(relative) && !posix.isAbsolute(relative);
  };
  // A link inside the folder may lead to another domain's file: where it leads must be inside too.
  const inDomain = (path: string) => inside(path) && inside(input.files.realPath?.(path) ?? path);
  const readText = (fileName: string): string | undefined => {
    const path = inRepository(fileName);
    if (path !== undefined) return inDomain(path) ? input.files.readText(path) : undefined;
    return fileName.startsWith(`${libDir}/`) ? ts.sys.readFile(fileName) : undefined;
  };
  const host: TypeScript.CompilerHost = {
    getSourceFile: (fileName, languageVersion) => {
      const cached = libraryFiles.get(fileName);
      if (cached) return cached;
      const text = readText(fileName);
      if (text === undefined) return undefined;
      const file = ts.createSourceFile(fileName, text, languageVersion, true);
      if (inRepository(fileName) === undefined) libraryFiles.set(fileName, file);
      return file;
    },
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    writeFile: () => {},
    getCurrentDirectory: () => REPOSITORY,
    getCanonicalFileName: (fileName) => fileName,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (fileName) => {
      const path = inRepository(fileName);
      if (path !== undefined) return inDomain(path) && input.files.isFile(path);
      return fileName.startsWith(`${libDir}/`) && ts.sys.fileExists(fileName);
    },
    readFile: readText,
    directoryExists: (directory) => !directory.includes('node_modules'),
    getDirectories: () => [],
  };
  const program = ts.createProgram([`${REPOSITORY}${input.path}`], options, host);
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()];
  const problems = diagnostics.map((diagnostic): ContractProblem => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const file = diagnostic.file && inRepository(diagnostic.file.fileName);
    if (!diagnostic.file || file === undefined || diagnostic.start === undefined) return { file: input.path, line: 1, column: 1, message };
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return { file, line: line + 1, column: character + 1, message: `TS${diagnostic.code}: ${message}` };
  });
  if (problems.length > 0) return { problems: problems.slice(0, MAX_PROBLEMS) };
  const entry = program.getSourceFile(`${REPOSITORY}${input.path}`);
  return { problems: [], surface: canonical(entry ? exportedSurface(ts, program.getTypeChecker(), entry) : {}) };
}
