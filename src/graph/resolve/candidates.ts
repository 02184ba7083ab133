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
 * The file a path-like specifier names, as TypeScript and Node would find it: the source a
 * `.js` name stands for, the name itself, the name plus an extension, the directory's index.
 */
export function resolveFilePath(view: RepoView, base: string): string | undefined {
  const extension = /\.[cm]?jsx?$/.exec(base)?.[0];
  if (extension) {
    const stem = base.slice(0, -extension.length);
    for (const replacement of OUTPUT_TO_SOURCE[extension]!) {
      if (view.isFile(stem + replacement)) return stem + replacement;
    }
  }
  if (view.isFile(base)) return base;
  for (const extension of SOURCE_EXTENSIONS) {
    if (view.isFile(base + extension)) return base + extension;
  }
  if (view.isFile(`${base}.json`)) return `${base}.json`;
  const dir = base === '.' || base === '' ? '' : `${base}/`;
  for (const extension of SOURCE_EXTENSIONS) {
    if (view.isFile(`${dir}index${extension}`)) return `${dir}index${extension}`;
  }
  return undefined;
}
