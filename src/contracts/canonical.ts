import type { Json } from './types.js';

/**
 * A value as JSON that reads the same however it was written: every object's keys sorted, what is
 * not JSON left out, and a value that contains itself cut at the repetition (`{ "$circular":
 * "/pointer" }`), so that a recursive schema still has a finite surface.
 */
export function canonical(value: unknown): Json {
  const ancestors = new Map<object, string>();
  const walk = (node: unknown, pointer: string): Json => {
    if (node === null || typeof node === 'boolean' || typeof node === 'string') return node;
    if (typeof node === 'number') return Number.isFinite(node) ? node : String(node);
    if (typeof node !== 'object') return null;
    const seen = ancestors.get(node);
    if (seen !== undefined) return { $circular: seen || '/' };
    ancestors.set(node, pointer);
    try {
      if (Array.isArray(node)) return node.map((item, i) => walk(item, `${pointer}/${i}`));
      const out: Record<string, Json> = {};
      for (const key of Object.keys(node).sort()) {
        const child = (node as Record<string, unknown>)[key];
        if (child !== undefined && typeof child !== 'function') out[key] = walk(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      }
      return out;
    } finally {
      ancestors.delete(node);
    }
  };
  return walk(value, '');
}
