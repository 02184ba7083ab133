export { buildGraph, type ImportEdge, type ImportGraph, type ParseFailure, type UnresolvedImport } from './build.js';
export { directoriesOf, workingTreeView, type RepoView } from './host.js';
export { isResolutionFile, memoryView, snapshotView, type SnapshotOptions, type SnapshotView } from './snapshot.js';
export { listFiles, selectSources, type Listing } from './list-files.js';
export { createResolver, type Resolution, type ResolvedVia, type Resolver, type ResolverOptions } from './resolve/resolver.js';
export { findWorkspacePackages } from './resolve/package-json.js';
export { scanImports } from './scan/scanner.js';
export type { ImportKind, ScannedImport } from './scan/types.js';
export { looksBinary } from './decode.js';
