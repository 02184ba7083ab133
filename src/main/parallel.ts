import { buildGraphInParallel, PARALLEL_MIN_SOURCES } from '../graph/index.js';
import type { Subject } from './modes.js';

/** What the front end lends the pipeline: a script that can serve graph threads (the bundle itself). */
export interface Runtime {
  graphWorker?: URL;
}

/**
 * A whole working tree with many sources has its graph built ahead by several threads. Staged and
 * PR snapshots are read from git, and small trees are faster on one thread.
 */
export async function buildAhead(subject: Subject, runtime: Runtime): Promise<void> {
  const { snapshot } = subject;
  if (!runtime.graphWorker || !subject.onDisk || snapshot.partial || snapshot.sources.length < PARALLEL_MIN_SOURCES) return;
  const { view, sources, config } = snapshot;
  snapshot.graph = await buildGraphInParallel(view.root, view, sources, { tsconfig: config.settings.tsconfig }, runtime.graphWorker);
}
