import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../model/index.js';

export const CONFIG_FILE = 'orchestrator.toml';

export interface ConfigLocation {
  /** Absolute path. */
  file: string;
  /** As the user should read it: relative to where cn-guard was started. */
  displayFile: string;
  /** Named with --config rather than found. */
  given: boolean;
}

const isWithin = (dir: string, path: string) => {
  const rel = relative(dir, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
};

/** The work tree holding `dir` (the nearest folder with a `.git`), without starting git: this runs before every check. */
function workTreeOf(dir: string): string | undefined {
  for (let at = resolve(dir); ; at = dirname(at)) {
    if (existsSync(join(at, '.git'))) return at;
    if (dirname(at) === at) return undefined;
  }
}

/** orchestrator.toml in `start` or the nearest directory above it, up to `limit` (inclusive). */
function findConfigFile(start: string, limit: string | undefined): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (dir === limit || dirname(dir) === dir) return undefined;
  }
}

/**
 * `--config PATH`, or the nearest orchestrator.toml at or above `cwd` inside its repository.
 * The project checked is the directory holding the configuration, so a configuration outside
 * the repository (or, outside any repository, unrelated to `--cwd`) would silently check
 * something else: that is refused with a sentence saying what to do.
 */
export function locateConfig(options: { config?: string; cwd: string }): ConfigLocation {
  const cwd = resolve(options.cwd);
  const repository = workTreeOf(cwd);
  const displayOf = (file: string) => relative(cwd, file) || CONFIG_FILE;
  if (options.config === undefined) {
    const file = findConfigFile(cwd, repository);
    if (file) return { file, displayFile: displayOf(file), given: false };
    const above = repository === undefined ? undefined : findConfigFile(dirname(repository), undefined);
    if (above) {
      throw new UsageError(
        `no ${CONFIG_FILE} in the repository ${repository}; the nearest one, ${above}, lies outside it and would check another project. Create one with \`cn-guard init\`, or pass --config PATH`,
      );
    }
    throw new UsageError(`no ${CONFIG_FILE} in ${cwd} or any directory above it; create one with \`cn-guard init\`, or pass --config PATH`);
  }
  const file = resolve(cwd, options.config);
  const project = dirname(file);
  if (repository !== undefined && !isWithin(repository, project)) {
    throw new UsageError(
      `--config ${options.config} lies outside the repository ${repository}; cn-guard checks the directory holding the configuration, so run it there (--cwd ${project})`,
    );
  }
  if (repository === undefined && !isWithin(project, cwd) && !isWithin(cwd, project)) {
    throw new UsageError(
      `--config ${options.config} lies outside --cwd ${cwd}; cn-guard checks the directory holding the configuration, so run it there (--cwd ${project})`,
    );
  }
  return { file, displayFile: displayOf(file), given: true };
}
