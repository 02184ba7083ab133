import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Bd, BdError, runBd } from './bd.js';
import { issueFrom } from './issue.js';
import { ISSUES_JSONL, parseIssuesJsonl } from './jsonl.js';
import type { BeadsIssue, BeadsProject, ProjectIssues, ReadProblem } from './types.js';

export const BEADS_DIR = '.beads';

/** A project's files, relative to its root: the snapshot's view for this project, the disk for the others. */
export interface ProjectFiles {
  readText(path: string): string | undefined;
  isDirectory(path: string): boolean;
}

export function diskFiles(root: string): ProjectFiles {
  return {
    // Missing is undefined; anything else (a folder, no permission) is said by readProject.
    readText: (path) => {
      try {
        return readFileSync(join(root, path), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    isDirectory: (path) => isFolder(join(root, path)),
  };
}

/** A folder that is there; a path through a file, or one that may not be looked at, is not one. */
function isFolder(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

function isFolderIn(files: ProjectFiles, path: string): boolean {
  try {
    return files.isDirectory(path);
  } catch {
    return false;
  }
}

const EXPORT_HINT = 'make it readable: run `bd export -o .beads/issues.jsonl` there (or `bd config set export.auto true`), or put bd on PATH';

/** `bd list --json --all --limit 0`: every issue, closed ones included, as records. */
async function listWithBd(bd: Bd, root: string): Promise<BeadsIssue[]> {
  const payload = await runBd(bd, root, ['list', '--all', '--limit', '0']);
  if (!Array.isArray(payload)) throw new BdError('bd list answered with something that is not a list of issues');
  const issues: BeadsIssue[] = [];
  for (const record of payload) {
    const issue = issueFrom(record);
    if (typeof issue !== 'string') issues.push(issue);
  }
  return issues;
}

function fromJsonl(files: ProjectFiles): { issues: BeadsIssue[]; problems: ReadProblem[] } | undefined {
  let text: string | undefined;
  try {
    text = files.readText(ISSUES_JSONL);
  } catch (error) {
    return { issues: [], problems: [{ file: ISSUES_JSONL, message: `cannot read ${ISSUES_JSONL}: ${(error as Error).message}` }] };
  }
  return text === undefined ? undefined : parseIssuesJsonl(text);
}

/**
 * One project's issues: through bd when it is installed (bd's database is the source of truth),
 * else from the JSONL export. A failing bd falls back to the export when there is one; a project
 * with neither is a problem that says how to make it readable — never an empty set in silence.
 */
export async function readProject(project: BeadsProject, files: ProjectFiles, bd: Bd | undefined): Promise<ProjectIssues> {
  const where = project.self ? '' : ` (external project "${project.name}", declared in ${project.declaredIn})`;
  const problems: ReadProblem[] = [];
  const result = (source: ProjectIssues['source'], issues: BeadsIssue[]): ProjectIssues => ({ ...project, source, issues, problems });
  if (!project.self && !isFolder(project.root)) {
    const what = existsSync(project.root) ? 'is not a folder' : 'does not exist';
    problems.push({ file: project.root, message: `${project.root} ${what}${where}`, hint: 'check it out beside this repository, or correct the path' });
    return result('none', []);
  }
  // bd walks up to the nearest .beads: without one here it would read some other project's.
  if (!isFolderIn(files, BEADS_DIR)) {
    if (!project.self) problems.push({ file: BEADS_DIR, message: `${project.root} has no .beads folder${where}`, hint: 'run `bd init` there' });
    return result('none', []);
  }
  if (bd) {
    try {
      return result('bd', await listWithBd(bd, project.root));
    } catch (error) {
      if (!(error instanceof BdError)) throw error;
      const exported = fromJsonl(files);
      problems.push({
        file: BEADS_DIR,
        message: `${error.message}${where}${exported ? `; read ${ISSUES_JSONL} instead, which may be older` : ''}`,
        ...(!exported && { hint: EXPORT_HINT }),
      });
      if (!exported) return result('none', []);
      problems.push(...exported.problems.map((p) => ({ ...p, message: `${p.message}${where}` })));
      return result('jsonl', exported.issues);
    }
  }
  const exported = fromJsonl(files);
  if (!exported) {
    problems.push({
      file: BEADS_DIR,
      message: `${project.root}/.beads has no ${ISSUES_JSONL.slice(BEADS_DIR.length + 1)} and bd is not installed${where}`,
      hint: EXPORT_HINT,
    });
    return result('none', []);
  }
  problems.push(...exported.problems.map((p) => ({ ...p, message: `${p.message}${where}` })));
  return result('jsonl', exported.issues);
}
