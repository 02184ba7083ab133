import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { anyGlob } from '../glob/index.js';

const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**'];

/**
 * Every file under `root` that git would not ignore: tracked files plus untracked ones that
 * no .gitignore excludes. git answers this in milliseconds; outside a git work tree the
 * directory is walked with the same .gitignore semantics.
 */
export function listFiles(root: string): string[] {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return [...new Set(out.split('\0').filter((path) => path !== ''))];
  } catch {
    return walk(root);
  }
}

interface Scope {
  base: string;
  rules: Ignore;
}

function walk(root: string): string[] {
  const files: string[] = [];
  const visit = (dir: string, scopes: Scope[]) => {
    const gitignore = readText(join(root, dir, '.gitignore'));
    const here = gitignore === undefined ? scopes : [...scopes, { base: dir, rules: ignore().add(gitignore) }];
    const ignored = (path: string, isDir: boolean) =>
      here.some(({ base, rules }) => {
        const relative = base === '' ? path : path.slice(base.length + 1);
        return rules.ignores(isDir ? `${relative}/` : relative);
      });
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!ignored(path, true)) visit(path, here);
      } else if (entry.isFile() && !ignored(path, false)) {
        files.push(path);
      }
    }
  };
  visit('', []);
  return files;
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
