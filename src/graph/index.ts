export { buildGraph, type ImportEdge, type ImportGraph, type ParseFailure, type UnresolvedImport } from './build.js';
export { looksBinary } from './decode.js';
export { directoriesOf, type RepoView, workingTreeView } from './host.js';
export { type Listing, listFiles, listFilesInParallel, selectSources } from './list-files.js';
export { findWorkspacePackages } from './resolve/package-json.js';
export { createResolver, type Resolution, type ResolvedVia, type Resolver, type ResolverOptions } from './resolve/resolver.js';
export { scanImports } from './scan/scanner.js';
export type { ImportKind, ScannedImport } from './scan/types.js';
export { isResolutionFile, memoryView, type SnapshotOptions, type SnapshotView, snapshotView } from './snapshot.js';
