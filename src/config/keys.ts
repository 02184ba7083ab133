import { closest } from '../model/index.js';
import { TABLE_KEYS } from './schema.js';

type Table = keyof typeof TABLE_KEYS;
type KeyPath = (string | number)[];

export interface UnknownKey {
  keyPath: KeyPath;
  message: string;
  hint?: string;
}

const isTable = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/**
 * Unknown keys in cn-guard's own tables are errors. Tables shared with the orchestrator
 * (the root, `[project]`, `[domains.*]`) keep keys cn-guard does not know, unless the key
 * looks like a misspelling of one it does know: that is an error with "did you mean".
 */
function checkTable(table: Table, value: unknown, keyPath: KeyPath, out: UnknownKey[]): void {
  if (!isTable(value)) return;
  const { keys, strict } = TABLE_KEYS[table];
  for (const key of Object.keys(value)) {
    if ((keys as readonly string[]).includes(key) || key === RESERVED) continue;
    const suggestion = closest(key, keys);
    if (suggestion !== undefined) {
      out.push({ keyPath: [...keyPath, key], message: `unknown key "${key}"`, hint: `did you mean "${suggestion}"?` });
    } else if (strict) {
      out.push({ keyPath: [...keyPath, key], message: `unknown key "${key}"`, hint: `known keys: ${keys.join(', ')}` });
    }
  }
}

export function findUnknownKeys(document: Record<string, unknown>): UnknownKey[] {
  const out: UnknownKey[] = [];
  checkTable('root', document, [], out);
  checkTable('project', document.project, ['project'], out);
  checkTable('settings', document.settings, ['settings'], out);
  if (isTable(document.domains)) {
    for (const [name, domain] of Object.entries(document.domains)) {
      checkTable('domain', domain, ['domains', name], out);
      if (isTable(domain) && isTable(domain.artifacts)) {
        for (const [kind, artifact] of Object.entries(domain.artifacts)) {
          checkTable('artifact', artifact, ['domains', name, 'artifacts', kind], out);
        }
      }
    }
  }
  if (Array.isArray(document.exceptions)) {
    for (const [i, entry] of document.exceptions.entries()) checkTable('exception', entry, ['exceptions', i], out);
  }
  return out;
}

const RESERVED = '__proto__';

interface Visit {
  value: unknown;
  key?: string | number;
  parent?: Visit;
}

function keyPathOf(visit: Visit): KeyPath {
  const keyPath: KeyPath = [];
  for (let v: Visit | undefined = visit; v?.parent; v = v.parent) keyPath.push(v.key!);
  return keyPath.reverse();
}

/**
 * `__proto__` as a key, anywhere: zod's records drop it without a word (`[domains.__proto__]`
 * would vanish), and copied onto an ordinary object it would replace the prototype. smol-toml keeps
 * it as a plain property, so it can be found and reported. The walk keeps its own stack, and links
 * to parents rather than copied paths: a header may nest tables thousands deep.
 */
export function findReservedKeys(document: Record<string, unknown>): UnknownKey[] {
  const out: UnknownKey[] = [];
  const stack: Visit[] = [{ value: document }];
  for (let visit = stack.pop(); visit; visit = stack.pop()) {
    const { value } = visit;
    const entries: [string | number, unknown][] = Array.isArray(value) ? [...value.entries()] : isTable(value) ? Object.entries(value) : [];
    for (const [key, item] of entries) {
      if (key !== RESERVED) {
        stack.push({ value: item, key, parent: visit });
        continue;
      }
      const keyPath = [...keyPathOf(visit), key];
      const what = keyPath.length === 2 && keyPath[0] === 'domains' ? 'domain name' : 'key';
      out.push({ keyPath, message: `${what} "${RESERVED}" is reserved`, hint: 'JavaScript gives __proto__ a meaning of its own; choose another name' });
    }
  }
  return out;
}

export function formatKeyPath(keyPath: readonly PropertyKey[]): string {
  return keyPath
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const text = String(segment);
      const quoted = /^[A-Za-z0-9_-]+$/.test(text) ? text : JSON.stringify(text);
      return i === 0 ? quoted : `.${quoted}`;
    })
    .join('');
}
