import { posix } from 'node:path';
import { pointerSegments } from '../document.js';
import type { Json } from '../types.js';
import type { ChangeSink, Flow } from './change.js';
import { compareSchemas, type RefResolver } from './schema.js';

type Node = Record<string, Json>;
const node = (value: Json | undefined): Node => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {});

/**
 * `#/$defs/Id` or `#anchor` in the document the reference is in, `./defs.json#/Id` in a file the
 * surface holds (by root-relative path, relative to that document): each answer carries the
 * resolver of the document it comes from, so a reference inside a referenced file resolves there.
 */
function resolverOf(surface: Node, path: string): RefResolver {
  const documents = new Map<string, Json | undefined>([[path, surface.schema]]);
  for (const [file, value] of Object.entries(node(surface.files))) documents.set(file, value);
  const inDocument =
    (documentPath: string): RefResolver =>
    (ref) => {
      const [file = '', fragment = ''] = ref.split('#');
      const targetPath = file ? posix.normalize(posix.join(posix.dirname(documentPath), file)) : documentPath;
      const document = documents.get(targetPath);
      if (document === undefined) return undefined;
      const resolve = inDocument(targetPath);
      if (fragment !== '' && !fragment.startsWith('/')) return { schema: anchored(document, fragment), resolve };
      let target: Json | undefined = document;
      for (const segment of pointerSegments(fragment)) target = Array.isArray(target) ? target[Number(segment)] : node(target)[segment];
      return { schema: target, resolve };
    };
  return inDocument(path);
}

/** The subschema a plain-name fragment names: `$anchor` (2019-09 and later) or `$id: "#name"` (draft-07). */
function anchored(document: Json | undefined, name: string): Json | undefined {
  const stack: (Json | undefined)[] = [document];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current !== 'object' || current === null) continue;
    if (!Array.isArray(current) && (current.$anchor === name || current.$id === `#${name}`)) return current;
    stack.push(...(Array.isArray(current) ? current : Object.values(current)));
  }
  return undefined;
}

/** Two JSON Schema surfaces, in the direction the artifact declares (output: consumers receive the data). */
export function classifyJsonSchema(before: Json, after: Json, path: string, flow: Flow, out: ChangeSink): void {
  const [a, b] = [node(before), node(after)];
  compareSchemas({ schema: a.schema, resolve: resolverOf(a, path) }, { schema: b.schema, resolve: resolverOf(b, path) }, flow, '', out);
}
