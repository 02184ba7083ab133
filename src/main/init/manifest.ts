import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { UsageError } from '../../model/index.js';
import { appendToString, applyTextEdits, byNpmOrder, detectStyle, insertMembers, type JsonValue, type TextEdit } from './json-edit.js';

/**
 * package.json as init edits it: validated first (init refuses what it cannot edit safely, with
 * the line and column), then changed only by inserting text.
 */

const BOM = '\uFEFF';
const FILE = 'package.json';
const DEPENDENCY_LISTS = ['dependencies', 'devDependencies'] as const;

export interface Manifest {
  /** The text after a byte order mark, which npm accepts and init keeps. */
  text: string;
  bom: string;
  root: Node;
}

function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - (before.lastIndexOf('\n') + 1) + 1}`;
}

function refuse(manifest: Pick<Manifest, 'text'>, offset: number, problem: string): never {
  throw new UsageError(`${FILE}:${position(manifest.text, offset)}: ${problem}; fix it and run cn-guard init again (nothing was written)`);
}

function describeSyntaxError(text: string, error: ParseError): string {
  const code = printParseErrorCode(error.error);
  if (text.trim() === '') return 'the file is empty, and npm reads no package from it';
  if (code === 'InvalidCommentToken') return 'a comment, which JSON does not allow (npm cannot read this file)';
  if (code === 'PropertyNameExpected' && /,\s*$/.test(text.slice(0, error.offset)))
    return 'a trailing comma, which JSON does not allow (npm cannot read this file)';
  return `${code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} (npm cannot read this file)`;
}

const kindOf = (node: Node) => (node.type === 'object' ? 'an object' : node.type === 'array' ? 'an array' : node.type === 'null' ? 'null' : `a ${node.type}`);

/** The property nodes named `key` of an object; two of them make an edit ambiguous, and init refuses it. */
function member(manifest: Manifest, object: Node, key: string, path: string): Node | undefined {
  const found = (object.children ?? []).filter((p) => p.children?.[0]?.value === key);
  if (found.length > 1) refuse(manifest, found[1]!.offset, `"${path}" appears twice; npm uses the last one, and init will not guess which one to edit`);
  return found[0]?.children?.[1];
}

function objectMember(manifest: Manifest, object: Node, key: string, path = key): Node | undefined {
  const value = member(manifest, object, key, path);
  if (value && value.type !== 'object') refuse(manifest, value.offset, `"${path}" must be an object, and it is ${kindOf(value)}`);
  return value;
}

/** Reads and validates package.json: JSON (with an optional byte order mark), an object, and the right types where init reads or edits. */
export function parseManifest(raw: string): Manifest {
  const bom = raw.startsWith(BOM) ? BOM : '';
  const text = raw.slice(bom.length);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const [error] = errors;
  if (error) refuse({ text }, error.offset, describeSyntaxError(text, error));
  if (root?.type !== 'object') refuse({ text }, root?.offset ?? 0, `a package.json holds a JSON object, and this one holds ${root ? kindOf(root) : 'nothing'}`);
  const manifest = { text, bom, root };
  const scripts = objectMember(manifest, root, 'scripts');
  const prepare = scripts && member(manifest, scripts, 'prepare', 'scripts.prepare');
  if (prepare && prepare.type !== 'string') refuse(manifest, prepare.offset, `"scripts.prepare" must be a string, and it is ${kindOf(prepare)}`);
  for (const list of DEPENDENCY_LISTS) {
    const dependencies = objectMember(manifest, root, list);
    for (const name of ['husky', 'cn-guard']) if (dependencies) member(manifest, dependencies, name, `${list}.${name}`);
  }
  return manifest;
}

/** The value of `key` in an object node, as npm reads it: the last one wins. */
const valueAt = (object: Node | undefined, key: string) =>
  object?.type === 'object' ? object.children?.findLast((p) => p.children?.[0]?.value === key)?.children?.[1] : undefined;

/** A string at a path (`engines.node`, `scripts.prepare`), when it is one. */
export function stringAt(manifest: Manifest, ...path: string[]): string | undefined {
  const node = path.reduce<Node | undefined>(valueAt, manifest.root);
  return node?.type === 'string' ? (node.value as string) : undefined;
}

export function dependsOn(manifest: Manifest, name: string): boolean {
  return DEPENDENCY_LISTS.some((list) => valueAt(valueAt(manifest.root, list), name) !== undefined);
}

export interface ManifestAdditions {
  /** Members of `scripts` to add, or to extend when they exist (`prepare`: `… && husky`). */
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
}

/**
 * The edited text: `scripts.prepare` runs husky (appended to an existing script), and the
 * devDependencies gain what is missing. Each addition is an insertion into the original text.
 */
export function editManifest(manifest: Manifest, additions: ManifestAdditions): string {
  const { text, root } = manifest;
  const style = detectStyle(text, root);
  const edits: TextEdit[] = [];
  const atRoot: [string, JsonValue][] = [];
  const scripts = objectMember(manifest, root, 'scripts');
  const newScripts: [string, JsonValue][] = [];
  for (const [name, command] of Object.entries(additions.scripts)) {
    const existing = scripts && member(manifest, scripts, name, `scripts.${name}`);
    if (existing) edits.push(appendToString(existing, ` && ${command}`));
    else newScripts.push([name, command]);
  }
  if (newScripts.length > 0) {
    if (scripts) edits.push(...insertMembers(text, scripts, newScripts, style, { sorted: false }));
    else atRoot.push(['scripts', Object.fromEntries(newScripts)]);
  }
  const devDependencies = objectMember(manifest, root, 'devDependencies');
  const newDevDependencies = Object.entries(additions.devDependencies);
  if (newDevDependencies.length > 0) {
    if (devDependencies) edits.push(...insertMembers(text, devDependencies, newDevDependencies, style, { sorted: true }));
    else atRoot.push(['devDependencies', Object.fromEntries(newDevDependencies.sort(([a], [b]) => byNpmOrder(a, b)))]);
  }
  if (atRoot.length > 0) edits.push(...insertMembers(text, root, atRoot, style, { sorted: false }));
  return manifest.bom + applyTextEdits(text, edits);
}
