import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { type Config, type ConfigLocation, readConfig } from '../config/index.js';
import { buildGraph, createResolver, type RepoView, workingTreeView } from '../graph/index.js';
import { createOwners, evaluateImports, type Owners } from '../rules/index.js';
import type { Subject } from './modes.js';
import { type ImportsEvaluated, ownersOf, type Snapshot, settleConfiguration } from './snapshot.js';

/**
 * A large working tree's import rules, evaluated by several threads: reading, scanning and
 * resolving a file, and judging its imports, depend on nothing but the file, the (read-only)
 * repository and the configuration. The sources are cut into chunks that the threads claim one at
 * a time from a shared counter, so a thread that starts late or runs slow simply takes fewer, and
 * all end together. Each thread sends back only its findings and counts per chunk — never the
 * half a million edges it built, which would cost more to copy between threads than to build —
 * and the chunks are merged in order, so the result is the one a single thread gives. How often
 * each exception matched is summed, so that stale and expired exceptions are judged on the whole
 * repository.
 */

/** What the front end lends the pipeline: a script that can serve these threads (the bundle itself). */
export interface Runtime {
  graphWorker?: URL;
}

/** Below this many sources, starting a thread costs more than it saves. */
const PARALLEL_MIN_SOURCES = Number(process.env.CN_GUARD_PARALLEL_MIN_SOURCES ?? 4000);

/** Marks a thread started to evaluate a share (the CLI's entry then serves it instead of running). */
const THREAD_MARK = { cnGuardImportsThread: true };

/**
 * Sources per chunk: small enough that the threads end within a chunk's time of each other, and
 * that a chunk's edges (dropped before the next is read) are mostly gone before a young-generation
 * collection would copy them (500 a chunk took 6% longer and 60 MB more at 50,000 files); large
 * enough that claiming one, and sending its findings, costs nothing.
 */
const CHUNK = 100;

interface Task {
  root: string;
  files: string[];
  links: string[];
  sources: string[];
  configText: string;
  location: ConfigLocation;
  today: string;
  /** The next chunk to claim, shared by every thread (an Int32Array of one). */
  next: SharedArrayBuffer;
}

interface Part extends ImportsEvaluated {
  chunk: number;
}

interface Inputs {
  view: RepoView;
  config: Config;
  owners: Owners;
  sources: string[];
  today: string;
}

/** Evaluates the chunks `claim` hands out until none is left. */
function evaluateChunks({ view, config, owners, sources, today }: Inputs, claim: () => number, take: (part: Part) => void): void {
  const options = { tsconfig: config.settings.tsconfig };
  const resolver = createResolver(view, options);
  for (let chunk = claim(); chunk * CHUNK < sources.length; chunk = claim()) {
    const graph = buildGraph(view, sources.slice(chunk * CHUNK, (chunk + 1) * CHUNK), options, resolver);
    take({ chunk, ...evaluateImports({ config, graph, owners, today }), files: graph.files.length, edges: graph.edges.length });
  }
}

const claimer = (next: SharedArrayBuffer) => {
  const counter = new Int32Array(next);
  return () => Atomics.add(counter, 0, 1);
};

/** A thread's side: the repository and the configuration rebuilt from the task, then its chunks. */
function evaluateTask(task: Task, take: (part: Part) => void): void {
  const view = workingTreeView(task.root, { files: new Set(task.files), links: new Set(task.links) });
  const { config } = readConfig(task.configText, task.location.file, task.location.displayFile, (path) => view.isDirectory(path));
  evaluateChunks({ view, config, owners: createOwners(config), sources: task.sources, today: task.today }, claimer(task.next), take);
}

/** The chunks in order, as one thread would have produced them. */
function merge(parts: Part[]): ImportsEvaluated {
  const merged: ImportsEvaluated = { findings: [], exceptionUses: [], files: 0, edges: 0 };
  for (const part of parts.sort((a, b) => a.chunk - b.chunk)) {
    for (const finding of part.findings) merged.findings.push(finding);
    part.exceptionUses.forEach((uses, i) => {
      merged.exceptionUses[i] = (merged.exceptionUses[i] ?? 0) + uses;
    });
    merged.files += part.files;
    merged.edges += part.edges;
  }
  return merged;
}

/** Threads for this many sources: one per 4,000, at most one per core and at most four. */
function threadsFor(sources: number): number {
  return Math.min(4, availableParallelism(), Math.floor(sources / PARALLEL_MIN_SOURCES) + 1);
}

/**
 * A thread's old generation, capped at about twice what it holds for a tree of this size (its
 * caches grow with the files): uncapped, V8 let it grow well past its live size before collecting
 * (388 MB before a collection, 181 MB after, at 200,000 files), and the run peaked 100 MB higher.
 * A thread that still runs out of memory fails like any other: the main thread evaluates its chunks.
 * `CN_GUARD_THREAD_MEMORY_MB` sets the cap (the tests make a thread run out with it).
 */
const FILES_PER_MB = 500;
const oldGenerationMb = (files: number) => Number(process.env.CN_GUARD_THREAD_MEMORY_MB) || Math.max(256, Math.ceil(files / FILES_PER_MB));

/** Threads that have ended: one started early can fail before it is given its task. */
const ended = new WeakSet<Worker>();

function startThread(script: URL, files: number): Worker {
  const worker = new Worker(script, { workerData: THREAD_MARK, resourceLimits: { maxOldGenerationSizeMb: oldGenerationMb(files) } });
  // A failure is seen as the thread's end. Unheard, an `error` (running out of memory while it
  // loads, before `inThread` listens) would end the whole run with a stack trace and no report.
  worker.on('error', () => {});
  worker.once('exit', () => ended.add(worker));
  return worker;
}

/**
 * A thread's parts, received chunk by chunk (`null` ends them), so that neither thread holds all of
 * a thread's findings twice. A thread that fails keeps what it sent; the chunks it claimed and did
 * not send are evaluated here.
 */
function inThread(worker: Worker, task: Task): Promise<Part[]> {
  return new Promise((resolve) => {
    const parts: Part[] = [];
    if (ended.has(worker)) return resolve(parts);
    worker.on('message', (part: Part | null) => {
      if (part) return void parts.push(part);
      resolve(parts);
      void worker.terminate();
    });
    worker.once('exit', () => resolve(parts));
    worker.postMessage(task);
  });
}

/** git's index holds about this many bytes per file (62 fixed, the path, padding). */
const INDEX_BYTES_PER_FILE = 100;

/**
 * Threads started before a working tree is listed, when git's index says the tree is large: a
 * thread's start-up (a new isolate, the bundle: about 0.1 s) then overlaps git's listing instead of
 * delaying its share. `evaluateAhead` takes them, or stops those it does not need.
 */
export function startThreadsEarly(root: string, runtime: Runtime): Worker[] {
  if (!runtime.graphWorker) return [];
  const index = statSync(join(root, '.git', 'index'), { throwIfNoEntry: false });
  const files = Math.floor((index?.size ?? 0) / INDEX_BYTES_PER_FILE);
  return Array.from({ length: threadsFor(files) - 1 }, () => startThread(runtime.graphWorker!, files));
}

export function stopThreads(workers: Worker[]): void {
  for (const worker of workers) void worker.terminate();
}

/**
 * Evaluates a whole working tree's imports ahead, on several threads, when it has many sources:
 * staged and PR snapshots are read from git, and small trees are faster on one thread.
 */
export async function evaluateAhead(subject: Subject, location: ConfigLocation, today: string, runtime: Runtime, early: Worker[] = []): Promise<void> {
  const { snapshot } = subject;
  const threads = threadsFor(snapshot.sources.length);
  if (!runtime.graphWorker || !subject.onDisk || snapshot.partial || threads < 2) return stopThreads(early);
  const script = runtime.graphWorker;
  stopThreads(early.slice(threads - 1));
  const workers = Array.from({ length: threads - 1 }, (_, i) => early[i] ?? startThread(script, snapshot.view.files.size));
  snapshot.imports = await evaluateInThreads(snapshot, location, today, workers);
}

async function evaluateInThreads(snapshot: Snapshot, location: ConfigLocation, today: string, workers: Worker[]): Promise<ImportsEvaluated> {
  const { view, config, sources } = snapshot;
  const next = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const task: Task = {
    root: view.root,
    files: [...view.files],
    links: [...view.links],
    sources,
    configText: view.readText(snapshot.configFile) ?? '',
    location,
    today,
    next,
  };
  const others = workers.map((worker) => inThread(worker, task));
  // While the others start, this thread looks for configuration errors (a whole working tree is
  // always a check's head), then claims chunks too, with the view, configuration and owners it has.
  try {
    settleConfiguration(snapshot, today, 'head');
  } catch (error) {
    stopThreads(workers);
    throw error;
  }
  const inputs = { view, config, owners: ownersOf(snapshot), sources, today };
  const parts: Part[] = [];
  const take = (part: Part) => void parts.push(part);
  evaluateChunks(inputs, claimer(next), take);
  for (const part of await Promise.all(others)) parts.push(...part);
  // Chunks claimed by a thread that failed: evaluated here (slower, never wrong).
  const done = new Set(parts.map((part) => part.chunk));
  const missing = Array.from({ length: Math.ceil(sources.length / CHUNK) }, (_, chunk) => chunk).filter((chunk) => !done.has(chunk));
  evaluateChunks(inputs, () => missing.shift() ?? Number.MAX_SAFE_INTEGER, take);
  return merge(parts);
}

/** Whether this thread was started to evaluate a share. */
export const isImportsThread = (): boolean => (workerData as typeof THREAD_MARK | null)?.cnGuardImportsThread === true;

/** The thread's side: evaluate the chunks it claims, and send back each one's findings and counts as soon as it has them. */
export function serveImportsThread(): void {
  parentPort!.once('message', (task: Task) => {
    evaluateTask(task, (part) => parentPort!.postMessage(part));
    parentPort!.postMessage(null);
  });
}
