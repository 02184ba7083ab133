import { availableParallelism } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { type ConfigLocation, readConfig } from '../config/index.js';
import { buildGraph, createResolver, workingTreeView } from '../graph/index.js';
import { createOwners, evaluateImports } from '../rules/index.js';
import type { Subject } from './modes.js';
import type { ImportsEvaluated, Snapshot } from './snapshot.js';

/**
 * A large working tree's import rules, evaluated by several threads: reading, scanning and
 * resolving a file, and judging its imports, depend on nothing but the file, the (read-only)
 * repository and the configuration, so each thread takes a contiguous share of the sources and
 * sends back only its findings and counts — never the half a million edges it built, which would
 * cost more to copy between threads than to build. How often each exception matched is summed, so
 * that stale and expired exceptions are judged on the whole repository.
 */

/** What the front end lends the pipeline: a script that can serve these threads (the bundle itself). */
export interface Runtime {
  graphWorker?: URL;
}

/** Below this many sources, starting a thread costs more than it saves. */
const PARALLEL_MIN_SOURCES = Number(process.env.CN_GUARD_PARALLEL_MIN_SOURCES ?? 4000);

/** Marks a thread started to evaluate a share (the CLI's entry then serves it instead of running). */
const THREAD_MARK = { cnGuardImportsThread: true };

interface Task {
  root: string;
  files: string[];
  links: string[];
  sources: string[];
  configText: string;
  location: ConfigLocation;
  today: string;
}

/** Sources evaluated at a time: a chunk's edges are dropped before the next chunk is read, so memory stays flat however large the share. */
const CHUNK = 5000;

function evaluateShare(task: Task): ImportsEvaluated {
  const view = workingTreeView(task.root, { files: new Set(task.files), links: new Set(task.links) });
  const { config } = readConfig(task.configText, task.location.file, task.location.displayFile, (path) => view.isDirectory(path));
  const options = { tsconfig: config.settings.tsconfig };
  const resolver = createResolver(view, options);
  const owners = createOwners(config);
  const parts: ImportsEvaluated[] = [];
  for (let at = 0; at < task.sources.length; at += CHUNK) {
    const graph = buildGraph(view, task.sources.slice(at, at + CHUNK), options, resolver);
    parts.push({ ...evaluateImports({ config, graph, owners, today: task.today }), files: graph.files.length, edges: graph.edges.length });
  }
  return merge(parts);
}

/** Contiguous shares of equal size (measured on 50,000 files: the threads then end together). */
function divide(sources: string[], shares: number): string[][] {
  const size = Math.ceil(sources.length / shares);
  return Array.from({ length: shares }, (_, i) => sources.slice(i * size, (i + 1) * size));
}

function merge(parts: ImportsEvaluated[]): ImportsEvaluated {
  const merged: ImportsEvaluated = { findings: [], exceptionUses: [], files: 0, edges: 0 };
  for (const part of parts) {
    for (const finding of part.findings) merged.findings.push(finding);
    part.exceptionUses.forEach((uses, i) => {
      merged.exceptionUses[i] = (merged.exceptionUses[i] ?? 0) + uses;
    });
    merged.files += part.files;
    merged.edges += part.edges;
  }
  return merged;
}

/** One thread's share; a thread that fails leaves its share to this one (slower, never wrong). */
function inThread(script: URL, task: Task): Promise<ImportsEvaluated> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (part: () => ImportsEvaluated) => {
      if (settled) return;
      settled = true;
      resolve(part());
    };
    const worker = new Worker(script, { workerData: THREAD_MARK });
    worker.once('message', (part: ImportsEvaluated) => {
      settle(() => part);
      void worker.terminate();
    });
    worker.once('error', () => settle(() => evaluateShare(task)));
    worker.once('exit', () => settle(() => evaluateShare(task)));
    worker.postMessage(task);
  });
}

/**
 * Evaluates a whole working tree's imports ahead, on several threads, when it has many sources:
 * staged and PR snapshots are read from git, and small trees are faster on one thread.
 */
export async function evaluateAhead(subject: Subject, location: ConfigLocation, today: string, runtime: Runtime): Promise<void> {
  const { snapshot } = subject;
  const threads = Math.min(4, availableParallelism(), Math.floor(snapshot.sources.length / PARALLEL_MIN_SOURCES) + 1);
  if (!runtime.graphWorker || !subject.onDisk || snapshot.partial || threads < 2) return;
  snapshot.imports = await evaluateInThreads(snapshot, location, today, runtime.graphWorker, threads);
}

async function evaluateInThreads(snapshot: Snapshot, location: ConfigLocation, today: string, script: URL, threads: number): Promise<ImportsEvaluated> {
  const { view } = snapshot;
  const base = {
    root: view.root,
    files: [...view.files],
    links: [...view.links],
    configText: view.readText(snapshot.configFile) ?? '',
    location,
    today,
  };
  // The other threads take the first shares; this one, the last.
  const shares = divide(snapshot.sources, threads);
  const others = shares.slice(0, -1).map((sources) => inThread(script, { ...base, sources }));
  const own = evaluateShare({ ...base, sources: shares.at(-1)! });
  return merge([...(await Promise.all(others)), own]);
}

/** Whether this thread was started to evaluate a share. */
export const isImportsThread = (): boolean => (workerData as typeof THREAD_MARK | null)?.cnGuardImportsThread === true;

/** The thread's side: evaluate the share it is given, and send back its findings and counts. */
export function serveImportsThread(): void {
  parentPort!.once('message', (task: Task) => parentPort!.postMessage(evaluateShare(task)));
}
