import { posix } from 'node:path';
import { escapesRoot } from '../glob/index.js';
import { DocumentError, type ParsedDocument, parseDocument } from './document.js';
import type { ContractFiles } from './types.js';

/**
 * The files an artifact's `$ref`s name, read from the state being checked. A reference may name a
 * file beside the artifact, never one outside the producing domain's directory (its contract would
 * then depend on files another domain owns) and never a URL (cn-guard reads nothing off the network).
 */
export class ReferencedFiles {
  private readonly documents = new Map<string, ParsedDocument>();

  constructor(
    private readonly files: ContractFiles,
    private readonly domainDir: string,
  ) {}

  /** The root-relative path `ref` names from the file `from`; throws a DocumentError (located at `from`) when it may not be read. */
  target(from: string, ref: string): string {
    const file = ref.split('#')[0]!;
    if (isUrl(file)) throw urlError(from, ref);
    if (posix.isAbsolute(file)) throw outsideError(from, ref, this.domainDir);
    return this.inside(posix.normalize(posix.join(posix.dirname(from), decodeURIComponent(file))), from, ref);
  }

  /** `path`, when it lies in the domain's directory. */
  inside(path: string, from: string, ref = path): string {
    const relative = this.domainDir === '' ? path : posix.relative(this.domainDir, path);
    if (escapesRoot(relative) || posix.isAbsolute(relative)) throw outsideError(from, ref, this.domainDir);
    return path;
  }

  /** A referenced file, parsed (once) with the same limits as the artifact itself. */
  document(path: string, from: string): ParsedDocument {
    let document = this.documents.get(path);
    if (!document) {
      // A link inside the folder may lead to another domain's file: where it leads must be inside too.
      this.inside(this.files.realPath?.(path) ?? path, from, path);
      const text = this.files.readText(this.inside(path, from));
      if (text === undefined) throw new DocumentError({ file: from, message: `a $ref names ${path}, which does not exist` });
      document = parseDocument(path, text);
      this.documents.set(path, document);
    }
    return document;
  }
}

export const isUrl = (ref: string): boolean => /^[a-z][a-z\d+.-]*:/i.test(ref) && !ref.startsWith('file:');

export const urlError = (from: string, ref: string): DocumentError =>
  new DocumentError({ file: from, message: `$ref "${ref}" names a URL: cn-guard reads nothing off the network` });

const outsideError = (from: string, ref: string, domainDir: string): DocumentError =>
  new DocumentError({
    file: from,
    message: `$ref "${ref}" leaves the directory of the domain (${domainDir || '.'}): a contract is made of its own domain's files`,
  });

/** Every `$ref` a parsed document holds. */
export function* refsIn(value: unknown): Generator<string> {
  const stack = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, child] of Object.entries(node)) {
      if (key === '$ref' && typeof child === 'string') yield child;
      else stack.push(child);
    }
  }
}
