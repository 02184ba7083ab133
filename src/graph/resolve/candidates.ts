import type { RepoView } from '../host.js';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mts', '.cts', '.mjs', '.cjs'];

/** ESM TypeScript imports `./x.js` and means `./x.ts` (and so on for each output extension). */
const OUTPUT_TO_SOURCE: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.d.ts'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts', '.d.mts'],
  '.cjs': ['.cts', '.d.cts'],
};

/**
 * What `find` answers for the first candidate a path-like specifier's `base` stands for: the source
 * a `.js` name stands for, the name itself, the name plus an extension, the folder's index.
 */
export function firstCandidate<T>(base: string, find: (path: string) => T | undefined): T | undefined {
  const extension = /\.(?:js|jsx|mjs|cjs)$/.exec(base)?.[0];
  if (extension) {
    const stem = base.slice(0, -extension.length);
    for (const replacement of OUTPUT_TO_SOURCE[extension]!) {
      const found = find(stem + replacement);
      if (found !== undefined) return found;
    }
  }
  let found = find(base);
  for (let i = 0; found === undefined && i < SOURCE_EXTENSIONS.length; i++) found = find(base + SOURCE_EXTENSIONS[i]);
  found ??= find(`${base}.json`);
  const dir = base === '.' || base === '' ? '' : `${base}/`;
  for (let i = 0; found === undefined && i < SOURCE_EXTENSIONS.length; i++) found = find(`${dir}index${SOURCE_EXTENSIONS[i]}`);
  return found;
}

/**
 * The file a path-like specifier names, as TypeScript and Node would find it: the source a
 * `.js` name stands for, the name itself, the name plus an extension, the directory's index.
 * Listed files are tried first; the disk (ignored, generated files) only when none matches.
 */
export function resolveFilePath(view: RepoView, base: string): string | undefined {
  return firstCandidate(base, (path) => (view.isListed(path) ? path : undefined)) ?? firstCandidate(base, (path) => (view.isFile(path) ? path : undefined));
}

/**
 * `posix.normalize(posix.join(dir, specifier))` for the common case of a relative specifier,
 * without the general-purpose parsing (it runs once per import of the repository).
 */
export function joinRelative(dir: string, specifier: string): string {
  let base = dir;
  let at = 0;
  // Leading `./` and `../` segments move the base directory; the rest is appended as written.
  for (;;) {
    if (specifier.startsWith('./', at)) at += 2;
    else if (specifier.startsWith('../', at) || (specifier.length - at === 2 && specifier.endsWith('..'))) {
      at += 3;
      base = base === '' || base === '..' || base.endsWith('/..') ? (base === '' ? '..' : `${base}/..`) : base.slice(0, Math.max(0, base.lastIndexOf('/')));
    } else if (specifier.length - at === 1 && specifier.endsWith('.')) at += 1;
    else break;
  }
  let rest = specifier.slice(Math.min(at, specifier.length));
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  if (rest.includes('/.') || rest.includes('//')) return normalizeSegments(base === '' ? rest : `${base}/${rest}`);
  return base === '' ? rest : rest === '' ? base : `${base}/${rest}`;
}

/** The general case: `.` and `..` in the middle of a path, or doubled slashes. */
function normalizeSegments(path: string): string {
  const segments: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') {
      if (segments.length === 0 || segments[segments.length - 1] === '..') segments.push('..');
      else segments.pop();
    } else if (part !== '.' && part !== '') segments.push(part);
  }
  return segments.join('/');
}
