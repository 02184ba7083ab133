import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_IDS, rulePage } from '../../src/model/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');

/** The rules table of src/model/rules.ts is the one list: every page and index must follow it. */
describe('every rule has its page and its row', () => {
  it.each(RULE_IDS)('%s', (id) => {
    expect(existsSync(resolve(ROOT, rulePage(id))), `${rulePage(id)} is missing`).toBe(true);
    expect(read(rulePage(id)).split('\n')[0]).toBe(`# ${id}`);
    expect(read('rules/README.md')).toContain(`| [${id}](${id}.md) |`);
    expect(read('README.md')).toContain(`| [\`${id}\`](${rulePage(id)}) |`);
  });

  it('and no page or row for a rule that does not exist', () => {
    const documented = [...read('rules/README.md').matchAll(/^\| \[([a-z-]+)\]\(\1\.md\) \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...RULE_IDS].sort());
  });
});
