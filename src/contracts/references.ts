import type * as TypeScript from 'typescript';
import { typescriptCompiler } from './compiler.js';
import type { ContractFiles } from './types.js';

/** The repository's files appear to the compiler under this folder. */
const REPOSITORY = '/repository/';

/**
 * Where the importing files use each of a declaration file's exports, as the compiler's "find all
 * references" finds them: through renamed imports, not in comments or strings. Lines (1-based) by
 * symbol and by file; undefined when the compiler cannot be loaded. Files it resolves no import of
 * (an alias it does not know, say) have no entry: the caller decides what to do with them.
 */
export function referencesOf(
  files: ContractFiles,
  root: string,
  artifact: string,
  importers: string[],
  symbols: string[],
): Map<string, Map<string, number[]>> | undefined {
  const ts = typescriptCompiler(root);
  if (!ts) return undefined;
  const inRepository = (fileName: string) => (fileName.startsWith(REPOSITORY) ? fileName.slice(REPOSITORY.length) : undefined);
  const read = (fileName: string) => {
    const path = inRepository(fileName);
    return path !== undefined ? files.readText(path) : ts.sys.readFile(fileName);
  };
  const options: TypeScript.CompilerOptions = {
    allowJs: true,
    jsx: ts.JsxEmit.Preserve,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    lib: ['lib.es2022.d.ts'],
    types: [],
  };
  const host: TypeScript.LanguageServiceHost = {
    getScriptFileNames: () => [artifact, ...importers].map((path) => `${REPOSITORY}${path}`),
    getScriptVersion: () => '1',
    getScriptSnapshot: (fileName) => {
      const text = read(fileName);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => REPOSITORY,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (fileName) => {
      const path = inRepository(fileName);
      return path !== undefined ? files.isFile(path) : ts.sys.fileExists(fileName);
    },
    readFile: read,
  };
  const service = ts.createLanguageService(host);
  const program = service.getProgram();
  const source = program?.getSourceFile(`${REPOSITORY}${artifact}`);
  const module = source && program!.getTypeChecker().getSymbolAtLocation(source);
  if (!module) return undefined;
  const exported = new Map(
    program!
      .getTypeChecker()
      .getExportsOfModule(module)
      .map((symbol) => [symbol.name, symbol]),
  );
  const wanted = new Set(importers);
  const found = new Map<string, Map<string, number[]>>();
  for (const symbol of symbols) {
    const declaration = exported.get(symbol)?.declarations?.[0];
    const name = declaration && ts.getNameOfDeclaration(declaration);
    if (!name || name.getSourceFile() !== source) continue;
    const byFile = new Map<string, number[]>();
    for (const group of service.findReferences(source.fileName, name.getStart()) ?? []) {
      for (const reference of group.references) {
        const path = inRepository(reference.fileName);
        if (path === undefined || !wanted.has(path)) continue;
        const line = program!.getSourceFile(reference.fileName)!.getLineAndCharacterOfPosition(reference.textSpan.start).line + 1;
        byFile.set(
          path,
          [...new Set([...(byFile.get(path) ?? []), line])].sort((a, b) => a - b),
        );
      }
    }
    found.set(symbol, byFile);
  }
  return found;
}
