import { firstCandidate } from './candidates.js';

/** A listed folder: its subfolders and its files by name (each file's value is its listed path). */
export interface Folder {
  parent: Folder | undefined;
  folders: Map<string, Folder>;
  files: Map<string, string>;
}

/**
 * The listed files, folder by folder. A relative import is found by walking from the importing
 * file's folder, with lookups of short names in small maps, instead of building its whole path and
 * looking that up among every file of the repository (about twice as fast, measured over 430,000
 * imports in docs/development.md, "Performance decisions"); and what it finds is the listing's own
 * string, which edges share instead of holding copies.
 */
export function indexFolders(files: Iterable<string>): (dir: string) => Folder | undefined {
  const root: Folder = { parent: undefined, folders: new Map(), files: new Map() };
  const byPath = new Map<string, Folder>([['', root]]);
  const folderAt = (path: string): Folder => {
    let folder = byPath.get(path);
    if (folder === undefined) {
      const slash = path.lastIndexOf('/');
      const parent = folderAt(slash < 0 ? '' : path.slice(0, slash));
      folder = { parent, folders: new Map(), files: new Map() };
      parent.folders.set(path.slice(slash + 1), folder);
      byPath.set(path, folder);
    }
    return folder;
  };
  for (const file of files) {
    const slash = file.lastIndexOf('/');
    folderAt(slash < 0 ? '' : file.slice(0, slash)).files.set(file.slice(slash + 1), file);
  }
  return (dir) => byPath.get(dir);
}

/**
 * The listed file a relative specifier names from `folder`, by the candidates of `resolveFilePath`
 * in its order; undefined when no listed file answers, or when the specifier is one this walk
 * leaves to the general path (it leaves the root, has `.`, `..` or an empty segment past its start,
 * names a folder that is not listed, or ends with `/`).
 */
export function listedFile(folder: Folder, specifier: string): string | undefined {
  let at: Folder | undefined = folder;
  let start = 0;
  for (;;) {
    if (specifier.startsWith('./', start)) start += 2;
    else if (specifier.startsWith('../', start)) {
      start += 3;
      at = at.parent;
      if (at === undefined) return undefined;
    } else break;
  }
  for (let slash = specifier.indexOf('/', start); slash >= 0; slash = specifier.indexOf('/', start)) {
    // No listed folder is named `.` or `..`: such a segment ends the walk here.
    at = at.folders.get(specifier.slice(start, slash));
    if (at === undefined) return undefined;
    start = slash + 1;
  }
  const name = specifier.slice(start);
  if (name === '' || name === '.' || name === '..') return undefined;
  const here = at;
  return firstCandidate(name, (candidate) => {
    // A candidate is `name` plus an extension, or `name/index` plus one.
    const slash = candidate.indexOf('/');
    return slash < 0 ? here.files.get(candidate) : here.folders.get(candidate.slice(0, slash))?.files.get(candidate.slice(slash + 1));
  });
}
