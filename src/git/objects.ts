import { git, gitText, records } from './run.js';

/** One file of a git tree or index: its mode (`100644`, `120000` symlink, `160000` submodule) and object id. */
export interface Entry {
  mode: string;
  oid: string;
}

export const SYMLINK_MODE = '120000';
export const SUBMODULE_MODE = '160000';

/** The index (honouring GIT_INDEX_FILE), paths relative to `cwd`; conflicted paths keep stage 2 ("ours"). */
export function indexEntries(cwd: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  for (const record of records(gitText(cwd, ['ls-files', '-s', '-z']))) {
    // <mode> SP <object> SP <stage> TAB <path>
    const tab = record.indexOf('\t');
    const [mode, oid, stage] = record.slice(0, tab).split(' ') as [string, string, string];
    const path = record.slice(tab + 1);
    if (stage === '0' || stage === '2' || !entries.has(path)) entries.set(path, { mode, oid });
  }
  return entries;
}

/** The files of a commit's tree, paths relative to `cwd` (and limited to it, as git does). */
export function treeEntries(cwd: string, revision: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  for (const record of records(gitText(cwd, ['ls-tree', '-r', '-z', revision]))) {
    // <mode> SP <type> SP <object> TAB <path>
    const tab = record.indexOf('\t');
    const [mode, , oid] = record.slice(0, tab).split(' ') as [string, string, string];
    entries.set(record.slice(tab + 1), { mode, oid });
  }
  return entries;
}

/** One file as a revision has it (`HEAD`, a commit, `:0` for the index), or undefined if it has none. */
export function fileAt(cwd: string, revision: string, path: string): string | undefined {
  try {
    return git(cwd, ['cat-file', 'blob', `${revision}:./${path}`]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Many blobs from one `git cat-file --batch` process. */
export function readBlobs(cwd: string, oids: string[]): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  const unique = [...new Set(oids)];
  if (unique.length === 0) return blobs;
  const out = git(cwd, ['cat-file', '--batch'], `${unique.join('\n')}\n`);
  let at = 0;
  while (at < out.length) {
    const newline = out.indexOf(10, at);
    const header = out.toString('utf8', at, newline);
    // `<oid> <type> <size>`, or `<oid> missing`
    const [oid, type, size] = header.split(' ') as [string, string, string?];
    at = newline + 1;
    if (type === 'missing' || size === undefined) continue;
    const length = Number(size);
    blobs.set(oid, out.subarray(at, at + length));
    at += length + 1;
  }
  return blobs;
}
