import { readConfigFile, type Config } from '../config/index.js';
import { listFiles, selectSources, workingTreeView, type RepoView } from '../graph/index.js';
import { ConfigError } from '../model/index.js';
import { checkScopes, createOwners, type Owners } from '../rules/index.js';

/** A loaded configuration with the files it governs: the common start of `check` and `explain`. */
export interface Repository {
  config: Config;
  view: RepoView;
  sources: string[];
  owners: Owners;
}

export interface RepositoryOptions {
  cwd: string;
  config?: string;
}

export function openRepository(options: RepositoryOptions): Repository {
  const { config, problems: sanity } = readConfigFile(options);
  const files = listFiles(config.root);
  const view = workingTreeView(config.root, new Set(files));
  const governed = selectSources(files, ['**'], config.settings.exclude);
  const problems = [...sanity, ...checkScopes(config, governed)];
  if (problems.length > 0) throw new ConfigError(problems);
  const sources = selectSources(governed, config.settings.include, []);
  return { config, view, sources, owners: createOwners(config) };
}
