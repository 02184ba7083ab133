import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './support/repo.js';

const generated = mkdtempSync(join(tmpdir(), 'cn-guard-parallel-'));
afterAll(() => rmSync(generated, { recursive: true, force: true }));

/** The benchmark's generator: a realistic repository (aliases, workspaces, every import form, violations). */
function generate(files: number): string {
  const dir = join(generated, `repo-${files}`);
  execFileSync(process.execPath, [resolve(import.meta.dirname, '../bench/generate.js'), dir, '--files', String(files), '--force'], { stdio: 'ignore' });
  return dir;
}

describe('a large working tree is read, scanned and resolved by several threads', () => {
  it('with exactly the findings, files and imports of one thread', () => {
    const root = generate(600);
    const threads = cli(root, ['check', '--format', 'json'], { CN_GUARD_PARALLEL_MIN_SOURCES: '100' });
    const single = cli(root, ['check', '--format', 'json'], { CN_GUARD_PARALLEL_MIN_SOURCES: '1000000' });
    expect(threads.code).toBe(1);
    expect(threads.stderr).toBe('');
    const [a, b] = [JSON.parse(threads.stdout), JSON.parse(single.stdout)];
    expect(a.findings.length).toBeGreaterThan(0);
    expect(a.findings).toEqual(b.findings);
    expect({ ...a.summary, durationMs: 0 }).toEqual({ ...b.summary, durationMs: 0 });
  });

  it('a thread that runs out of memory leaves its chunks to the main thread: the same report', () => {
    const root = generate(600);
    const starved = cli(root, ['check', '--format', 'json'], { CN_GUARD_PARALLEL_MIN_SOURCES: '100', CN_GUARD_THREAD_MEMORY_MB: '2' });
    const single = cli(root, ['check', '--format', 'json'], { CN_GUARD_PARALLEL_MIN_SOURCES: '1000000' });
    expect(starved.code).toBe(1);
    const [a, b] = [JSON.parse(starved.stdout), JSON.parse(single.stdout)];
    expect(a.findings).toEqual(b.findings);
    expect({ ...a.summary, durationMs: 0 }).toEqual({ ...b.summary, durationMs: 0 });
  });

  it('a thread that fails as it starts, before it is given its task, leaves every chunk to the main thread', async () => {
    const root = generate(600);
    // A thread's script that cannot load: the thread, started early, fails while the tree is listed.
    const script = join(generated, 'failing-thread.mjs');
    writeFileSync(script, 'throw new Error("this thread cannot start");\n');
    process.env.CN_GUARD_PARALLEL_MIN_SOURCES = '100';
    const { runCheck } = await import('../src/main/index.js');
    const { report } = await runCheck({ cwd: root, today: '2026-12-01' }, { graphWorker: pathToFileURL(script) });
    const single = JSON.parse(cli(root, ['check', '--format', 'json'], { CN_GUARD_PARALLEL_MIN_SOURCES: '1000000' }).stdout);
    expect(report.findings).toEqual(single.findings);
    expect({ ...report.summary, durationMs: 0 }).toEqual({ ...single.summary, durationMs: 0 });
  });

  it('stops on a configuration error, found while the threads run, exactly as one thread does', () => {
    const root = generate(600);
    // A second domain claiming src/core with the same specificity: a tie, a configuration error.
    appendFileSync(join(root, 'orchestrator.toml'), '\n[domains.twin]\nscope = ["src/core/**"]\n');
    const threads = cli(root, ['check'], { CN_GUARD_PARALLEL_MIN_SOURCES: '100' });
    const single = cli(root, ['check'], { CN_GUARD_PARALLEL_MIN_SOURCES: '1000000' });
    expect(threads.code).toBe(2);
    expect(threads.stderr).toMatch(/claimed by domain core .* and domain twin/);
    expect(threads).toEqual(single);
  });
});
