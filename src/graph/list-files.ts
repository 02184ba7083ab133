import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { SYMLINK_MODE } from '../git/index.js';
import { anyGlob } from '../glob/index.js';

const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**'];

/** The files of a working tree, and which of them are symbolic links. */
export interface Listing {
  files: Set<string>;
  links: Set<string>;
}

/**
 * Every file under `root` that git would not ignore: tracked files plus untracked ones that
 * no .gitignore excludes, less tracked files deleted from the working tree. git answers this
 * in milliseconds; outside a git work tree the directory is walked with the same semantics.
 */
export function listFiles(root: string): Listing {
  let out: string;
  try {
    // -t tags each entry (`R`: a tracked file deleted from the working tree, `?`: untracked);
    // -s gives tracked entries their mode, so symbolic links are known without a stat each.
    out = execFileSync('git', ['ls-files', '-z', '-t', '-s', '--cached', '--deleted', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return walk(root);
  }
  const files = new Set<string>();
  const links = new Set<string>();
  const deleted: string[] = [];
  for (const entry of out.split('\0')) {
    if (entry === '') continue;
    if (entry[0] === '?') {
      const path = entry.slice(2);
      files.add(path);
      // Untracked files are few: ask the disk whether each is a link.
      if (lstatSync(join(root, path), { throwIfNoEntry: false })?.isSymbolicLink()) links.add(path);
      continue;
    }
    // `<tag> <mode> <object> <stage>\t<path>`
    const tab = entry.indexOf('\t');
    const path = entry.slice(tab + 1);
    if (entry[0] === 'R') deleted.push(path);
    else {
      files.add(path);
      if (entry.startsWith(SYMLINK_MODE, 2)) links.add(path);
    }
  }
  for (const path of deleted) {
    files.delete(path);
    links.delete(path);
  }
  return { files, links };
}

interface Scope {
  base: string;
  rules: Ignore;
}

function walk(root: string): Listing {
  const files = new Set<string>();
  const links = new Set<string>();
  const visit = (dir: string, scopes: Scope[]) => {
    const gitignore = readText(join(root, dir, '.gitignore'));
    const here = gitignore === undefined ? scopes : [...scopes, { base: dir, rules: ignore().add(gitignore) }];
    // As in git, the deepest .gitignore with a matching rule decides (it may re-include with `!`).
    const ignored = (path: string, isDir: boolean) => {
      for (let i = here.length - 1; i >= 0; i--) {
        const { base, rules } = here[i]!;
        const relative = base === '' ? path : path.slice(base.length + 1);
        const verdict = rules.test(isDir ? `${relative}/` : relative);
        if (verdict.ignored) return true;
        if (verdict.unignored) return false;
      }
      return false;
    };
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!ignored(path, true)) visit(path, here);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && !ignored(path, false)) {
        files.add(path);
        if (entry.isSymbolicLink()) links.add(path);
      }
    }
  };
  visit('', []);
  return { files, links };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The source files to check: `settings.include` minus `settings.exclude` and the built-in excludes. */
export function selectSources(files: Iterable<string>, include: string[], exclude: string[]): string[] {
  const included = anyGlob(include);
  const excluded = anyGlob([...ALWAYS_EXCLUDED, ...exclude]);
  const sources: string[] = [];
  for (const file of files) if (included(file) && !excluded(file)) sources.push(file);
  return sources.sort();
}
