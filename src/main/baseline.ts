import { locateConfig } from '../config/index.js';
import { writeFileAtomically } from '../io/index.js';
import { ConfigError } from '../model/index.js';
import type { BaselineOutcome } from '../report/index.js';
import { applyBaseline, type BaselineEntry, baselineKey, baselineOf, parseBaseline, serializeBaseline } from '../rules/index.js';
import { workingTree } from './modes.js';
import { evaluateSnapshot } from './snapshot.js';

export interface BaselineOptions {
  cwd: string;
  config?: string;
  /** Only drop entries that match no violation any more; never add any. */
  prune?: boolean;
  today?: string;
}

/**
 * `cn-guard baseline`: record today's violations so only new ones fail (docs/modes.md, "Baselines").
 * With `--prune` the baseline can only shrink: stale entries go, nothing is added.
 */
export function runBaseline(options: BaselineOptions): BaselineOutcome {
  const { snapshot } = workingTree(locateConfig(options));
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const { findings } = evaluateSnapshot(snapshot, today, 'head');
  const { root } = snapshot.config;
  const file = snapshot.config.settings.baseline;
  const current = snapshot.view.readText(file);
  // Pruning reads the old baseline and must not guess; recording replaces it, even a malformed one.
  const existing = options.prune ? readExisting(current, file) : readExistingOrNone(current, file);
  const stale = new Set(applyBaseline(findings, existing).stale);
  const next = options.prune ? existing.filter((e) => !stale.has(e)) : baselineOf(findings);
  const text = serializeBaseline(next);
  const written = current !== text && !(options.prune && current === undefined);
  if (written) writeFileAtomically(root, file, text);
  const before = new Set(existing.map(baselineKey));
  const after = new Set(next.map(baselineKey));
  return {
    file,
    entries: after.size,
    added: [...after].filter((k) => !before.has(k)).length,
    removed: [...before].filter((k) => !after.has(k)).length,
    written,
  };
}

function readExisting(text: string | undefined, file: string): BaselineEntry[] {
  return text === undefined ? [] : parseBaseline(text, file);
}

function readExistingOrNone(text: string | undefined, file: string): BaselineEntry[] {
  try {
    return readExisting(text, file);
  } catch (error) {
    if (error instanceof ConfigError) return [];
    throw error;
  }
}
