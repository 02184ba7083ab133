import { availableParallelism } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { buildGraph, type ImportEdge, type ImportGraph, type UnresolvedImport } from './build.js';
import { workingTreeView } from './host.js';
import type { ResolvedVia, ResolverOptions } from './resolve/resolver.js';
import type { ImportKind } from './scan/types.js';

/**
 * The graph of a large working tree, built by several threads: reading, scanning and resolving
 * a file depend on nothing but the file and the (read-only) repository, so each thread takes a
 * contiguous share of the sources, and the shares are joined in order. Threads send back a
 * compact form — numbers in typed arrays and each distinct string once — because copying half a
 * million edge objects between threads costs more than building them.
 */

/** Below this many sources, starting a thread costs more than it saves. */
export const PARALLEL_MIN_SOURCES = Number(process.env.CN_GUARD_PARALLEL_MIN_SOURCES ?? 4000);

interface Task {
  cnGuardGraphTask: true;
  root: string;
  files: string[];
  links: string[];
  sources: string[];
  options: ResolverOptions;
}

/** One thread's share of the graph, in the compact form that crosses threads cheaply. */
interface PackedGraph {
  files: string[];
  strings: string[];
  /** Per edge: file, specifier, line, column, kind and type-only flag, target, via (indices into `files` and `strings`). */
  edges: Int32Array;
  /** Per unresolved import: file, specifier, line, column, kind and flag, reason. */
  unresolved: Int32Array;
  parseErrors: ImportGraph['parseErrors'];
  externalImports: number;
}

const KINDS: ImportKind[] = ['import', 'export', 'dynamic', 'require', 'import-equals', 'jsdoc'];
const EDGE_FIELDS = 7;
const UNRESOLVED_FIELDS = 6;

function pack(graph: ImportGraph): PackedGraph {
  const fileIndex = new Map(graph.files.map((file, i) => [file, i]));
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const idOf = (text: string) => {
    let id = stringIndex.get(text);
    if (id === undefined) stringIndex.set(text, (id = strings.push(text) - 1));
    return id;
  };
  const putSite = (data: Int32Array, at: number, i: ImportEdge | UnresolvedImport) => {
    data[at] = fileIndex.get(i.from)!;
    data[at + 1] = idOf(i.specifier);
    data[at + 2] = i.line;
    data[at + 3] = i.column;
    data[at + 4] = KINDS.indexOf(i.kind) * 2 + (i.typeOnly ? 1 : 0);
  };
  const edges = new Int32Array(graph.edges.length * EDGE_FIELDS);
  graph.edges.forEach((e, i) => {
    const at = i * EDGE_FIELDS;
    putSite(edges, at, e);
    edges[at + 5] = idOf(e.to);
    edges[at + 6] = idOf(e.via);
  });
  const unresolved = new Int32Array(graph.unresolved.length * UNRESOLVED_FIELDS);
  graph.unresolved.forEach((u, i) => {
    const at = i * UNRESOLVED_FIELDS;
    putSite(unresolved, at, u);
    unresolved[at + 5] = idOf(u.reason);
  });
  return { files: graph.files, strings, edges, unresolved, parseErrors: graph.parseErrors, externalImports: graph.externalImports };
}

function unpackInto(graph: ImportGraph, packed: PackedGraph): void {
  const { files, strings, edges, unresolved } = packed;
  const site = (data: Int32Array, at: number) => ({
    from: files[data[at]!]!,
    specifier: strings[data[at + 1]!]!,
    line: data[at + 2]!,
    column: data[at + 3]!,
    kind: KINDS[data[at + 4]! >> 1]!,
    typeOnly: (data[at + 4]! & 1) === 1,
  });
  for (const file of files) graph.files.push(file);
  for (let at = 0; at < edges.length; at += EDGE_FIELDS) {
    graph.edges.push({ ...site(edges, at), to: strings[edges[at + 5]!]!, via: strings[edges[at + 6]!]! as ResolvedVia } satisfies ImportEdge);
  }
  for (let at = 0; at < unresolved.length; at += UNRESOLVED_FIELDS) {
    graph.unresolved.push({ ...site(unresolved, at), reason: strings[unresolved[at + 5]!]! } satisfies UnresolvedImport);
  }
  for (const failure of packed.parseErrors) graph.parseErrors.push(failure);
  graph.externalImports += packed.externalImports;
}

function shareOf(sources: string[], shares: number, index: number): string[] {
  const size = Math.ceil(sources.length / shares);
  return sources.slice(index * size, (index + 1) * size);
}

/**
 * The working tree's graph, built by this thread and up to `availableParallelism() - 1` others
 * running `workerScript` (a file that calls `serveGraphTask` when started as a worker).
 * The result equals `buildGraph` on the same sources, edge for edge.
 */
export async function buildGraphInParallel(
  root: string,
  listing: { files: ReadonlySet<string>; links: ReadonlySet<string> },
  sources: string[],
  options: ResolverOptions,
  workerScript: URL,
): Promise<ImportGraph> {
  const threads = Math.min(4, availableParallelism(), Math.max(1, Math.floor(sources.length / PARALLEL_MIN_SOURCES) + 1));
  const files = [...listing.files];
  const links = [...listing.links];
  // The other threads take the first shares: this one starts on the last at once, while they start up.
  const shares = Array.from({ length: threads }, (_, i) => shareOf(sources, threads, i));
  const view = workingTreeView(root, listing);
  const helpers = shares.slice(0, -1).map((share) => {
    const task: Task = { cnGuardGraphTask: true, root, files, links, sources: share, options };
    return new Promise<PackedGraph | undefined>((resolve) => {
      const worker = new Worker(workerScript, { workerData: task });
      worker.once('message', (packed: PackedGraph) => {
        resolve(packed);
        void worker.terminate();
      });
      // A thread that fails leaves its share to this one: the check is slower, never wrong.
      worker.once('error', () => resolve(undefined));
      worker.once('exit', () => resolve(undefined));
    });
  });
  const own = buildGraph(view, shares.at(-1)!, options);
  const graph: ImportGraph = { files: [], edges: [], unresolved: [], parseErrors: [], externalImports: 0 };
  const parts = await Promise.all(helpers);
  for (const [i, packed] of parts.entries()) {
    if (packed) unpackInto(graph, packed);
    else appendGraph(graph, buildGraph(view, shares[i]!, options));
  }
  appendGraph(graph, own);
  return graph;
}

function appendGraph(graph: ImportGraph, part: ImportGraph): void {
  for (const file of part.files) graph.files.push(file);
  for (const edge of part.edges) graph.edges.push(edge);
  for (const unresolved of part.unresolved) graph.unresolved.push(unresolved);
  for (const failure of part.parseErrors) graph.parseErrors.push(failure);
  graph.externalImports += part.externalImports;
}

/** Whether this thread was started to build a share of a graph (the CLI's entry then serves it instead). */
export const isGraphTask = (): boolean => (workerData as Partial<Task> | null)?.cnGuardGraphTask === true;

/** The worker's side: build the share it was given and send it back packed. */
export function serveGraphTask(): void {
  const task = workerData as Task;
  const view = workingTreeView(task.root, { files: new Set(task.files), links: new Set(task.links) });
  parentPort!.postMessage(pack(buildGraph(view, task.sources, task.options)));
}
