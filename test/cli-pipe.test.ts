import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo, type Tree } from './support/repo.js';

const BIN = resolve(import.meta.dirname, '../bin/cn-guard.js');

describe('a reader that stops early (cn-guard check | head)', () => {
  it('ends the run quietly, with the exit code of the check', async () => {
    // 600 unowned files: a json report of some 190 KB, more than a pipe holds.
    const tree: Tree = { 'orchestrator.toml': '[settings]\nunowned = "warn"\n\n[domains.a]\nscope = ["src/a/**"]\n', 'src/a/x.ts': 'export {};\n' };
    for (let i = 0; i < 600; i++) tree[`src/other/file-${i}.ts`] = `export const v${i} = ${i};\n`;
    const root = makeRepo(tree);
    const child = spawn(process.execPath, [BIN, 'check', '--format', 'json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // The reader is gone before the first write.
    child.stdout.destroy();
    const code = await new Promise((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
