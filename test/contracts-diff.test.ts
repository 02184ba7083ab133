import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './support/repo.js';

/** `cn-guard contracts diff OLD NEW` on real files, outside any repository. */
const dir = mkdtempSync(join(tmpdir(), 'cn-guard-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function files(tree: Record<string, string>): void {
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

const USERS = `openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /users/{id}:
    get:
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [id, email]
                properties:
                  id: { type: string }
                  email: { type: string }
`;

describe('cn-guard contracts diff', () => {
  it('OpenAPI: the json contract, exit 1 for a breaking change', () => {
    files({
      'a/old.yaml': USERS,
      'a/new.yaml': USERS.replace('required: [id, email]', 'required: [id]').replace('                  email: { type: string }\n', ''),
    });
    const result = cli(dir, ['contracts', 'diff', 'a/old.yaml', 'a/new.yaml', '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      version: 1,
      kind: 'openapi',
      changes: [
        {
          id: 'response-property-removed',
          level: 'error',
          breaking: true,
          direction: 'output',
          location: 'GET /users/{id} 200 application/json .email',
          symbol: null,
          message: 'GET /users/{id} 200 application/json .email was removed',
        },
      ],
      summary: { breaking: 1, warnings: 0, info: 0 },
    });
  });

  it('exit 0 when nothing breaks; the text says so', () => {
    files({
      'b/old.yaml': USERS,
      'b/new.yaml': USERS.replace(
        '                  email: { type: string }\n',
        '                  email: { type: string }\n                  name: { type: string }\n',
      ),
    });
    const result = cli(dir, ['contracts', 'diff', 'b/old.yaml', 'b/new.yaml']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'info      response-property-added  GET /users/{id} 200 application/json .name was added\n\n✔ 0 breaking changes, 0 warnings, 1 info (openapi)\n',
    );
  });

  it('TypeScript folders with an index.d.ts; the export is the symbol', () => {
    files({
      'ts/old/index.d.ts': 'export declare function f(a: string): void;\n',
      'ts/new/index.d.ts': 'export declare function f(a: string, b: number): void;\n',
    });
    const result = JSON.parse(cli(dir, ['contracts', 'diff', 'ts/old', 'ts/new', '--format', 'json']).stdout);
    expect(result.kind).toBe('typescript');
    expect(result.changes).toEqual([expect.objectContaining({ id: 'required-parameter-added', symbol: 'f', location: null, breaking: true })]);
  });

  it('a JSON Schema in the direction asked for', () => {
    files({
      's/old.json': '{"type": "object", "properties": {"kind": {"enum": ["a"]}}}',
      's/new.json': '{"type": "object", "properties": {"kind": {"enum": ["a", "b"]}}}',
    });
    expect(cli(dir, ['contracts', 'diff', 's/old.json', 's/new.json']).code).toBe(1);
    expect(cli(dir, ['contracts', 'diff', 's/old.json', 's/new.json', '--direction', 'input']).code).toBe(0);
  });

  it('exit 2, saying why, for a missing file, an invalid one, or a kind it cannot guess', () => {
    files({ 'x/old.yaml': USERS, 'x/bad.yaml': 'openapi: 3.0.3\n', 'x/plain.txt': 'hello\n' });
    const missing = cli(dir, ['contracts', 'diff', 'x/old.yaml', 'x/none.yaml']);
    expect([missing.code, missing.stderr]).toEqual([2, 'cn-guard: x/none.yaml: no such file or folder\n']);
    const invalid = cli(dir, ['contracts', 'diff', 'x/old.yaml', 'x/bad.yaml']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('x/bad.yaml is not valid openapi: x/bad.yaml:1:1:');
    const unknown = cli(dir, ['contracts', 'diff', 'x/plain.txt', 'x/plain.txt']);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      'cn-guard: cannot tell what kind of contract x/plain.txt is: pass --kind openapi|jsonschema|typescript\n',
    ]);
  });
});
