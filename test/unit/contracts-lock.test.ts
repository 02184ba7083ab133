import { describe, expect, it } from 'vitest';
import type { ArtifactFormat } from '../../src/config/index.js';
import { contractFormat, type Json, surfaceChanges } from '../../src/contracts/index.js';

async function surfaceOf(format: ArtifactFormat, path: string, files: Record<string, string>): Promise<Json | undefined> {
  const view = { readText: (p: string) => files[p], isFile: (p: string) => p in files };
  const reading = await contractFormat(format).read({ path, text: files[path]!, domainDir: 'api', files: view, root: process.cwd() });
  expect(reading.problems).toEqual([]);
  return reading.surface;
}

describe('surfaces', () => {
  it('OpenAPI: operations with the path item’s parameters merged, parameter refs followed, schema refs kept, files bundled', async () => {
    const surface = await surfaceOf('openapi', 'api/openapi.yaml', {
      'api/openapi.yaml': `openapi: 3.0.3
info: { title: Users, version: "1" }
paths:
  /users/{id}:
    parameters:
      - { name: id, in: path, required: true, schema: { type: string } }
    get:
      parameters:
        - $ref: '#/components/parameters/Verbose'
      responses:
        '200':
          description: the user
          content:
            application/json:
              schema: { $ref: './schemas/user.yaml' }
components:
  parameters:
    Verbose: { name: verbose, in: query, schema: { type: boolean } }
  schemas:
    Node: { type: object, properties: { next: { $ref: '#/components/schemas/Node' } } }
`,
      'api/schemas/user.yaml': 'type: object\nrequired: [id]\nproperties:\n  id: { type: string }\n',
    });
    expect(surface).toEqual({
      openapi: '3.0.3',
      operations: {
        'GET /users/{id}': {
          parameters: { 'path id': { required: true, schema: { type: 'string' } }, 'query verbose': { required: false, schema: { type: 'boolean' } } },
          responses: { 200: { content: { 'application/json': { properties: { id: { type: 'string' } }, required: ['id'], type: 'object' } } } },
        },
      },
      schemas: { Node: { properties: { next: { $ref: '#/components/schemas/Node' } }, type: 'object' } },
    });
  });

  it('TypeScript: every kind of export, as the compiler prints it', async () => {
    const surface = (await surfaceOf('typescript', 'api/index.d.ts', {
      'api/index.d.ts': [
        'export interface User<T = string> { readonly id: T; tags?: string[]; (x: number): void }',
        'export type Id = string | number;',
        'export declare function get(id: Id): Promise<User>;',
        'export declare function get(id: Id, all: true): Promise<User[]>;',
        "export declare enum Color { Red = 0, Green = 'g' }",
        'export declare class Client { private secret; constructor(url: string); fetch(id: Id): Promise<User>; }',
        "export declare const VERSION: '1.0';",
        'export { Id as Key };',
      ].join('\n'),
    })) as { exports: Record<string, unknown> };
    expect(surface.exports).toEqual({
      User: { kind: 'interface', typeParameters: ['T = string'], members: { '()': '(x: number): void', id: 'readonly T', 'tags?': 'string[] | undefined' } },
      Id: { kind: 'type', type: 'string | number' },
      Key: { kind: 'type', type: 'string | number' },
      get: { kind: 'function', signatures: ['(id: Id): Promise<User<string>>', '(id: Id, all: true): Promise<User<string>[]>'] },
      Color: { kind: 'enum', members: { Green: 'g', Red: 0 } },
      Client: { kind: 'class', constructors: ['(url: string): Client'], members: { fetch: '(id: Id) => Promise<User>', secret: 'private any' } },
      VERSION: { kind: 'const', type: '"1.0"' },
    });
  });
});

describe('what changed between two surfaces, by name', () => {
  it('operations, schemas and exports added, removed or changed; a schema by its keywords; nothing for equal surfaces', () => {
    expect(surfaceChanges({ operations: { 'GET /a': {}, 'GET /b': { x: 1 } } }, { operations: { 'GET /b': { x: 2 }, 'GET /c': {} } })).toEqual([
      'operations GET /a: removed',
      'operations GET /b: changed',
      'operations GET /c: added',
    ]);
    expect(surfaceChanges({ schema: { type: 'object', required: ['a'] } }, { schema: { type: 'object', required: ['a', 'b'], title: 'T' } })).toEqual([
      '/schema/required: changed',
      '/schema/title: added',
    ]);
    expect(surfaceChanges({ exports: { A: { kind: 'type' } } }, { exports: { A: { kind: 'type' } } })).toEqual([]);
  });
});
