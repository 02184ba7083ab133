import { looksBinary } from './decode.js';
import type { RepoView } from './host.js';
import { createResolver, type ResolvedVia, type Resolver, type ResolverOptions } from './resolve/resolver.js';
import { scanImports } from './scan/scanner.js';
import type { ImportKind } from './scan/types.js';

interface ImportSite {
  /** The importing file, root-relative. */
  from: string;
  specifier: string;
  line: number;
  column: number;
  kind: ImportKind;
  typeOnly: boolean;
}

export interface ImportEdge extends ImportSite {
  /** The imported repository file, root-relative. */
  to: string;
  via: ResolvedVia;
}

export interface UnresolvedImport extends ImportSite {
  reason: string;
}

export interface ParseFailure {
  file: string;
  message: string;
  line: number;
  column: number;
}

export interface ImportGraph {
  /** The source files that were scanned, sorted. */
  files: string[];
  edges: ImportEdge[];
  unresolved: UnresolvedImport[];
  parseErrors: ParseFailure[];
  /** Imports of packages, built-ins and paths outside the root. */
  externalImports: number;
}

/**
 * A specifier sliced out of a file's text keeps the whole text alive (V8 slices share their parent
 * string): held by edges and caches, every source of the repository would stay in memory. A copy
 * detached from the text keeps only the specifier (a flattened concatenation, with no lookup).
 */
const detached = (text: string): string => ` ${text}`.slice(1);

/** Scans each source file once and resolves its imports; files that vanished since listing are skipped. */
export function buildGraph(view: RepoView, sources: string[], options: ResolverOptions, resolver: Resolver = createResolver(view, options)): ImportGraph {
  const graph: ImportGraph = { files: [], edges: [], unresolved: [], parseErrors: [], externalImports: 0 };
  for (const from of sources) {
    const text = view.readText(from);
    if (text === undefined) continue;
    graph.files.push(from);
    if (looksBinary(text)) {
      graph.parseErrors.push({ file: from, message: 'it holds binary content (a NUL byte), not JavaScript or TypeScript', line: 1, column: 1 });
      continue;
    }
    const { imports, error } = scanImports(text, from);
    if (error) graph.parseErrors.push({ file: from, ...error });
    for (const { specifier: scanned, line, column, kind, typeOnly } of imports) {
      const specifier = detached(scanned);
      const resolution = resolver.resolve(from, specifier);
      if (resolution.kind === 'file') {
        graph.edges.push({ from, specifier, line, column, kind, typeOnly, to: resolution.path, via: resolution.via });
      } else if (resolution.kind === 'unresolved') {
        graph.unresolved.push({ from, specifier, line, column, kind, typeOnly, reason: resolution.reason });
      } else {
        graph.externalImports++;
      }
    }
  }
  return graph;
}
