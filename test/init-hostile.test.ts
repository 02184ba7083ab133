import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLEAN_ENV, workTree } from './support/hooks.js';
import { cli, makeRepo } from './support/repo.js';

/**
 * `cn-guard init` on hostile input: links out of the project, package.json files npm itself
 * would refuse, and `kill -9` at any moment. It writes nothing outside the project, nothing at
 * all when it refuses, and never half a file.
 */

const BIN = resolve(import.meta.dirname, '../bin/cn-guard.js');
const SOURCES = { 'src/a/a.ts': 'export const a = 1;\n', 'src/b/b.ts': 'export const b = 1;\n' };
const outsideDirs: string[] = [];

afterAll(() => {
  for (const dir of outsideDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder outside every test repository. */
function outside(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cn-guard-outside-'));
  outsideDirs.push(dir);
  return dir;
}

/** init must refuse: exit 2, a message on stderr, and the work tree exactly as it was. */
function expectRefusal(root: string, message: RegExp): void {
  const before = workTree(root);
  const result = cli(root, ['init'], CLEAN_ENV);
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stdout).toBe('');
  expect(workTree(root)).toEqual(before);
}

describe('cn-guard init: nothing outside the project', () => {
  it('refuses a .github or .husky that links out of the project, or a package.json that is a link, writing nothing at all', () => {
    for (const [link, message] of [
      ['.github', /refusing to write \.github\/workflows\/cn-guard\.yml: \.github is a symbolic link to a folder outside the project/],
      ['.husky', /refusing to write \.husky\/pre-commit: \.husky is a symbolic link to a folder outside the project/],
    ] as const) {
      const target = outside();
      const root = makeRepo({ ...SOURCES, 'package.json': '{ "name": "app" }\n' }, { links: { [link]: target } });
      expectRefusal(root, message);
      expect(readdirSync(target)).toEqual([]);
    }
    const target = join(outside(), 'package.json');
    writeFileSync(target, '{ "name": "elsewhere" }\n');
    const root = makeRepo(SOURCES, { links: { 'package.json': target } });
    expectRefusal(root, /refusing to write package\.json: it is a symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('{ "name": "elsewhere" }\n');
  });
});

describe('cn-guard init: package.json that npm would refuse, or that init cannot edit safely', () => {
  it('each is a clear refusal naming the file, line and column, and nothing is written', () => {
    const root = makeRepo(SOURCES);
    for (const [manifest, message] of [
      ['{\n  // the app\n  "name": "app"\n}\n', 'package.json:2:3: a comment, which JSON does not allow'],
      ['{\n  "name": "app",\n}\n', 'package.json:3:1: a trailing comma, which JSON does not allow'],
      ['', 'package.json:1:1: the file is empty'],
      ['\n', 'package.json:2:1: the file is empty'],
      ['null', 'package.json:1:1: a package.json holds a JSON object, and this one holds null'],
      ['"str"', 'package.json:1:1: a package.json holds a JSON object, and this one holds a string'],
      ['[]\n', 'package.json:1:1: a package.json holds a JSON object, and this one holds an array'],
      ['{ "name": "app" } x', 'package.json:1:19: invalid symbol'],
      ['{\n  "scripts": {\n    "prepare": 5\n  }\n}\n', 'package.json:3:16: "scripts.prepare" must be a string, and it is a number'],
      ['{\n  "scripts": "x"\n}\n', 'package.json:2:14: "scripts" must be an object, and it is a string'],
      ['{\n  "devDependencies": "x"\n}\n', 'package.json:2:22: "devDependencies" must be an object, and it is a string'],
      ['{ "dependencies": [] }', 'package.json:1:19: "dependencies" must be an object, and it is an array'],
      // Duplicate keys where init edits: npm takes the last, init will not guess.
      ['{\n  "scripts": {},\n  "scripts": { "test": "x" }\n}\n', 'package.json:3:3: "scripts" appears twice'],
      ['{ "scripts": { "prepare": "a", "prepare": "b" } }', 'package.json:1:32: "scripts.prepare" appears twice'],
      ['{ "devDependencies": { "husky": "8", "husky": "9" } }', 'package.json:1:38: "devDependencies.husky" appears twice'],
    ] as const) {
      writeFileSync(join(root, 'package.json'), manifest);
      expectRefusal(root, new RegExp(`^cn-guard: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*nothing was written`));
    }
  });

  it('a byte order mark, which npm accepts, is kept', () => {
    const root = makeRepo({
      ...SOURCES,
      'package.json': '\uFEFF{\n  "name": "app",\n  "scripts": { "prepare": "husky" },\n  "devDependencies": { "cn-guard": "^0.1.0" }\n}\n',
    });
    const result = cli(root, ['init'], CLEAN_ENV);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(root, 'package.json'), 'utf8')).toBe(
      '\uFEFF{\n  "name": "app",\n  "scripts": { "prepare": "husky" },\n  "devDependencies": { "cn-guard": "^0.1.0", "husky": "^9.1.7" }\n}\n',
    );
  });
});

const TEMPORARY = /\.cn-guard\.tmp$/;

/** The temporary files writeFilesAtomically left in the folders init writes to. */
function temporaries(root: string): string[] {
  return ['', '.husky', '.github/workflows'].flatMap((dir) =>
    existsSync(join(root, dir))
      ? readdirSync(join(root, dir))
          .filter((name) => TEMPORARY.test(name))
          .map((name) => join(dir, name))
      : [],
  );
}

/** Spawns init and kills it with SIGKILL after `delay` ms (or lets it finish first). */
function initKilledAfter(root: string, delay: number): Promise<void> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'init'], { cwd: root, env: { ...process.env, ...CLEAN_ENV, NO_COLOR: '1' }, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), delay);
    child.on('exit', () => {
      clearTimeout(timer);
      done();
    });
  });
}

describe('cn-guard init: killed at any moment', () => {
  it('leaves every file absent, as it was, or complete, orchestrator.toml last; a later run completes the work and removes stale temporary files', async () => {
    // ~10 MB, so that writing package.json takes long enough to be interrupted.
    const original = `${JSON.stringify({ name: 'big', version: '1.0.0', scripts: { test: 'vitest' }, description: 'x'.repeat(10_000_000) }, null, 2)}\n`;
    const root = makeRepo({ ...SOURCES, 'package.json': original });
    const written = ['orchestrator.toml', 'package.json', '.husky/pre-commit', '.github/workflows/cn-guard.yml'];
    const reset = () => {
      // The files only: temporary files a killed run left in their folders stay, for the last run to clear.
      for (const path of written) rmSync(join(root, path), { force: true });
      writeFileSync(join(root, 'package.json'), original);
    };
    const started = performance.now();
    expect(cli(root, ['init'], CLEAN_ENV).code).toBe(0);
    const runTime = performance.now() - started;
    const complete = Object.fromEntries(written.map((path) => [path, readFileSync(join(root, path), 'utf8')]));
    const runs = 12;
    for (let run = 0; run < runs; run++) {
      reset();
      // Spread over the whole run, start-up included.
      await initKilledAfter(root, (runTime * (run + 0.5)) / runs);
      for (const path of written) {
        const content = existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : undefined;
        const allowed = path === 'package.json' ? [original, complete[path]] : [undefined, complete[path]];
        expect(allowed, `${path} after a kill ${run + 1}/${runs}`).toContain(content);
      }
      expect(() => JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))).not.toThrow();
      // orchestrator.toml is written last: once it is there, so is everything else.
      if (existsSync(join(root, 'orchestrator.toml'))) {
        for (const path of written) expect(readFileSync(join(root, path), 'utf8'), `${path} beside orchestrator.toml`).toBe(complete[path]);
      }
    }
    // Running init again finishes what a killed run began, and clears what it left behind.
    expect(cli(root, ['init'], CLEAN_ENV).code).toBe(0);
    for (const path of written) expect(readFileSync(join(root, path), 'utf8')).toBe(complete[path]);
    expect(temporaries(root)).toEqual([]);
  });
});
