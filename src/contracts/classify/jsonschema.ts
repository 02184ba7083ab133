import { posix } from 'node:path';
import { pointerSegments } from '../document.js';
import type { Json } from '../types.js';
import type { ChangeSink, Flow } from './change.js';
import { compareSchemas, type RefResolver } from './schema.js';

type Node = Record<string, Json>;
const node = (value: Json | undefined): Node => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {});

/** `#/$defs/Id` in the schema itself, `./defs.json#/Id` in a file the surface holds (by root-relative path). */
function resolverOf(surface: Node, path: string): RefResolver {
  return (ref) => {
    const [file, pointer = ''] = ref.split('#');
    const document = file ? node(surface.files)[posix.normalize(posix.join(posix.dirname(path), file))] : surface.schema;
    let target: Json | undefined = document;
    for (const segment of pointerSegments(pointer)) target = Array.isArray(target) ? target[Number(segment)] : node(target)[segment];
    return target;
  };
}

/** Two JSON Schema surfaces, in the direction the artifact declares (output: consumers receive the data). */
export function classifyJsonSchema(before: Json, after: Json, path: string, flow: Flow, out: ChangeSink): void {
  const [a, b] = [node(before), node(after)];
  compareSchemas({ schema: a.schema, resolve: resolverOf(a, path) }, { schema: b.schema, resolve: resolverOf(b, path) }, flow, '', out);
}
