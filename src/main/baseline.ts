import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { locateConfig } from '../config/index.js';
import { ConfigError } from '../model/index.js';
import { applyBaseline, baselineOf, parseBaseline, serializeBaseline, type BaselineEntry } from '../rules/index.js';
import { workingTree } from './modes.js';
import { evaluateSnapshot } from './snapshot.js';

export interface BaselineOptions {
  cwd: string;
  config?: string;
  /** Only drop entries that match no violation any more; never add any. */
  prune?: boolean;
  today?: string;
}

export interface BaselineOutcome {
  /** Root-relative path of the baseline. */
  file: string;
  entries: number;
  added: number;
  removed: number;
  written: boolean;
}

function readExistingOrNone(path: string, file: string): BaselineEntry[] {
  try {
    return readExisting(path, file);
  } catch (error) {
    if (error instanceof ConfigError) return [];
    throw error;
  }
}

function readExisting(path: string, file: string): BaselineEntry[] {
  try {
    return parseBaseline(readFileSync(path, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * `cn-guard baseline`: record today's violations so only new ones fail (spec §3.3).
 * With `--prune` the baseline can only shrink: stale entries go, nothing is added.
 */
export function runBaseline(options: BaselineOptions): BaselineOutcome {
  const { snapshot } = workingTree(locateConfig(options));
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const { findings } = evaluateSnapshot(snapshot, today, { sanity: true });
  const file = snapshot.config.settings.baseline;
  const path = join(snapshot.config.root, file);
  // Pruning reads the old baseline and must not guess; recording replaces it, even a malformed one.
  const existing = options.prune ? readExisting(path, file) : readExistingOrNone(path, file);
  const stale = new Set(applyBaseline(findings, existing).stale);
  const next = options.prune ? existing.filter((e) => !stale.has(e)) : baselineOf(findings);
  const text = serializeBaseline(next);
  const current = readText(path);
  const written = current !== text && !(options.prune && current === undefined);
  if (written) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  const before = keys(existing);
  const after = keys(next);
  return {
    file,
    entries: after.size,
    added: [...after].filter((k) => !before.has(k)).length,
    removed: [...before].filter((k) => !after.has(k)).length,
    written,
  };
}

const keys = (entries: BaselineEntry[]) => new Set(entries.map((e) => `${e.rule}\0${e.file}\0${e.target ?? ''}`));

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
