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
    if ((keys as readonly string[]).includes(key)) continue;
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
    document.exceptions.forEach((entry, i) => checkTable('exception', entry, ['exceptions', i], out));
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

