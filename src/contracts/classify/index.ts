import type { Artifact } from '../../config/index.js';
import type { Json } from '../types.js';
import { type ContractChange, collector } from './change.js';
import { classifyJsonSchema } from './jsonschema.js';
import { classifyOpenapi } from './openapi.js';
import { classifyTypeScript } from './typescript.js';

export type { ContractChange, Flow } from './change.js';

/**
 * Every change between two surfaces of an artifact, classified (docs/contracts.md, "Breaking
 * changes"). Surfaces that differ in nothing the classification reads (a description, a schema
 * no operation uses) give one `info` change, so that the lock is still brought up to date.
 */
export function classifyChanges(
  artifact: Pick<Artifact, 'format' | 'path' | 'direction'>,
  before: Json | undefined,
  after: Json | undefined,
): ContractChange[] {
  const sink = collector();
  if (before === undefined || after === undefined) {
    // A `file` artifact has no surface: its bytes are all there is, and consumers may read any of them.
    sink.add({ id: 'file-changed', level: 'warning', flow: null, at: artifact.path, message: 'its content changed' });
    return sink.changes;
  }
  if (artifact.format === 'openapi') classifyOpenapi(before, after, sink);
  else if (artifact.format === 'jsonschema') classifyJsonSchema(before, after, artifact.path, artifact.direction ?? 'output', sink);
  else if (artifact.format === 'typescript') classifyTypeScript(before, after, sink);
  if (sink.changes.length === 0 && JSON.stringify(before) !== JSON.stringify(after)) {
    sink.add({
      id: 'surface-changed',
      level: 'info',
      flow: null,
      at: artifact.path,
      message: 'only what no consumer relies on changed (descriptions, unused schemas)',
    });
  }
  return sink.changes;
}
