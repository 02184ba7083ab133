import { basename, isAbsolute, resolve } from 'node:path';
import type { BeadsProject, ReadProblem } from './types.js';
import { yamlLibrary } from './yaml.js';

export const BEADS_CONFIG = '.beads/config.yaml';

/** What decides which projects are read: orchestrator.toml's, and bd's own configuration text. */
export interface ProjectsInput {
  /** The folder holding orchestrator.toml (and this project's `.beads/`). */
  root: string;
  /** `[project] name`; the folder's name when it is not set. */
  projectName?: string;
  /** `[external_projects]`, paths relative to the root. */
  externalProjects: Record<string, string>;
  /** `.beads/config.yaml`, when there is one. */
  beadsConfig?: string;
}

export interface Projects {
  projects: BeadsProject[];
  problems: ReadProblem[];
}

/** The `external_projects` map of `.beads/config.yaml`; a file that does not parse is a problem, not a crash. */
function yamlProjects(text: string, problems: ReadProblem[]): Record<string, string> {
  try {
    const document = yamlLibrary().parseDocument(text, { uniqueKeys: false });
    const error = document.errors[0];
    if (error) {
      const [line, column] = [error.linePos?.[0].line, error.linePos?.[0].col];
      problems.push({
        file: BEADS_CONFIG,
        ...(line !== undefined && { line }),
        message: `not valid YAML${line !== undefined ? ` at ${line}:${column}` : ''}: ${error.message.split('\n')[0]}`,
      });
      return {};
    }
    const value = (document.toJS({ maxAliasCount: 100 }) as { external_projects?: unknown } | null)?.external_projects;
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ file: BEADS_CONFIG, message: 'external_projects must map project names to paths' });
      return {};
    }
    const entries = Object.entries(value as Record<string, unknown>);
    const bad = entries.filter(([, path]) => typeof path !== 'string' || path === '').map(([name]) => name);
    if (bad.length > 0) problems.push({ file: BEADS_CONFIG, message: `external_projects.${bad[0]} must be a path` });
    return Object.fromEntries(entries.filter(([, path]) => typeof path === 'string' && path !== '')) as Record<string, string>;
  } catch (error) {
    problems.push({ file: BEADS_CONFIG, message: `cannot be read: ${(error as Error).message}` });
    return {};
  }
}

/**
 * This project and every external one: `[external_projects]` of orchestrator.toml merged with
 * `.beads/config.yaml`'s, relative paths joined to the root as bd joins them. Where both name a
 * project, orchestrator.toml (the reviewed policy) wins.
 */
export function projectsOf(input: ProjectsInput): Projects {
  const problems: ReadProblem[] = [];
  const self: BeadsProject = { name: input.projectName ?? basename(input.root), root: input.root, self: true, declaredIn: 'orchestrator.toml' };
  const declared = new Map<string, BeadsProject>();
  const add = (entries: Record<string, string>, declaredIn: string) => {
    for (const [name, path] of Object.entries(entries)) {
      declared.set(name, { name, root: isAbsolute(path) ? path : resolve(input.root, path), self: false, declaredIn });
    }
  };
  if (input.beadsConfig !== undefined) add(yamlProjects(input.beadsConfig, problems), BEADS_CONFIG);
  add(input.externalProjects, 'orchestrator.toml');
  declared.delete(self.name);
  return { projects: [self, ...[...declared.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))], problems };
}
