import { describe, expect, it } from 'vitest';
import type { ArtifactFormat } from '../../src/config/index.js';
import { classifyChanges, contractFormat, type Json } from '../../src/contracts/index.js';

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

const API = `openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /users/{id}:
    get:
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: limit, in: query, schema: { type: integer, maximum: 100 } }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/User' }
    post:
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: { type: string, maxLength: 50 }
                role: { type: string, enum: [admin, user] }
      responses:
        '201': { description: created }
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Key }
  schemas:
    User:
      type: object
      required: [id, email]
      properties:
        id: { type: string }
        email: { type: string }
        status: { type: string, enum: [active, banned] }
`;

/** The changes from API to API with `from` replaced by `to`, as `id level`. */
async function openapiChanges(from: string, to: string, base = API): Promise<string[]> {
  expect(base).toContain(from);
  const surface = (text: string) => surfaceOf('openapi', 'api/o.yaml', { 'api/o.yaml': text });
  const changes = classifyChanges({ format: 'openapi', path: 'api/o.yaml' }, await surface(base), await surface(base.replace(from, to)));
  return changes.map((c) => `${c.id} ${c.level}`);
}

describe('OpenAPI changes: what clients send breaks when narrowed, what they receive when widened', () => {
  // [what, from, to, the change, its mirror (to → from)]
  const cases: [string, string, string, string, string][] = [
    [
      'an operation',
      '    post:\n      parameters:\n        - { name: id, in: path, required: true, schema: { type: string } }\n      requestBody:',
      '    put:\n      parameters:\n        - { name: id, in: path, required: true, schema: { type: string } }\n      requestBody:',
      'operation-removed error',
      'operation-removed error',
    ],
    [
      'a response status',
      "        '201': { description: created }",
      "        '202': { description: accepted }",
      'response-status-removed error',
      'response-status-removed error',
    ],
    [
      'a response property',
      '        id: { type: string }\n        email: { type: string }\n',
      '        id: { type: string }\n',
      'response-property-removed error',
      'response-required-property-added info',
    ],
    [
      'a response enum value',
      'enum: [active, banned]',
      'enum: [active, banned, deleted]',
      'response-enum-value-added error',
      'response-enum-value-removed info',
    ],
    [
      'a required response property',
      'required: [id, email]',
      'required: [id]',
      'response-property-became-optional error',
      'response-property-became-required info',
    ],
    [
      'a nullable response property',
      '        id: { type: string }',
      '        id: { type: string, nullable: true }',
      'response-type-widened error',
      'response-type-narrowed info',
    ],
    [
      'a required request property',
      'required: [name]',
      'required: [name, role]',
      'request-property-became-required error',
      'request-property-became-optional info',
    ],
    ['a request enum value', 'enum: [admin, user]', 'enum: [admin]', 'request-enum-value-removed error', 'request-enum-value-added info'],
    ['a request length bound', 'maxLength: 50', 'maxLength: 20', 'request-maxLength-tightened error', 'request-maxLength-loosened info'],
    ['a request type', 'name: { type: string, maxLength: 50 }', 'name: { type: integer }', 'request-type-widened info', 'request-type-widened info'],
    ['a parameter bound', 'maximum: 100', 'maximum: 10', 'parameter-maximum-tightened error', 'parameter-maximum-loosened info'],
    [
      'a required parameter',
      '        - { name: limit, in: query, schema: { type: integer, maximum: 100 } }',
      '        - { name: limit, in: query, schema: { type: integer, maximum: 100 } }\n        - { name: tenant, in: header, required: true, schema: { type: string } }',
      'new-required-parameter error',
      'parameter-removed warning',
    ],
    [
      'an optional parameter made required',
      '{ name: limit, in: query, schema',
      '{ name: limit, in: query, required: true, schema',
      'parameter-became-required error',
      'parameter-became-optional info',
    ],
    ['security', '    get:\n      parameters:', '    get:\n      security: [{ key: [] }]\n      parameters:', 'security-added error', 'security-relaxed info'],
    [
      'a response media type',
      '            application/json:\n              schema: { $ref',
      '            text/plain:\n              schema: { $ref',
      'response-media-type-removed error',
      'response-media-type-removed error',
    ],
  ];

  it.each(cases)('%s', async (_what, from, to, change, mirror) => {
    expect(await openapiChanges(from, to)).toContain(change);
    expect(await openapiChanges(to, from, API.replace(from, to))).toContain(mirror);
  });

  it('security requirements are alternatives: dropping one shuts its clients out, adding one shuts nobody out', async () => {
    const secured = API.replace('    get:\n      parameters:', '    get:\n      security: [{ key: [] }, { token: [] }]\n      parameters:').replace(
      '  securitySchemes:\n    key: { type: apiKey, in: header, name: X-Key }',
      '  securitySchemes:\n    key: { type: apiKey, in: header, name: X-Key }\n    token: { type: http, scheme: bearer }',
    );
    expect(await openapiChanges('security: [{ key: [] }, { token: [] }]', 'security: [{ key: [] }]', secured)).toEqual(['security-added error']);
    const single = secured.replace('security: [{ key: [] }, { token: [] }]', 'security: [{ key: [] }]');
    expect(await openapiChanges('security: [{ key: [] }]', 'security: [{ key: [] }, { token: [] }]', single)).toEqual(['security-relaxed info']);
  });

  it('a description changes nothing a consumer relies on', async () => {
    expect(await openapiChanges('          description: ok\n', '          description: the user, in full\n')).toEqual([]);
  });
});

describe('JSON Schema changes, by the declared direction (output unless said)', () => {
  const schema = (extra: string) =>
    `{"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "kind": {"enum": ["a", "b"]}${extra}}, "additionalProperties": false}`;
  const changes = async (before: string, after: string, direction?: 'input' | 'output' | 'both') => {
    const surface = (text: string) => surfaceOf('jsonschema', 'api/s.json', { 'api/s.json': text });
    return classifyChanges({ format: 'jsonschema', path: 'api/s.json', ...(direction && { direction }) }, await surface(before), await surface(after)).map(
      (c) => `${c.id} ${c.level}`,
    );
  };

  it('an enum value added breaks receivers, not senders; both: it breaks', async () => {
    const [a, b] = [schema(''), schema('').replace('["a", "b"]', '["a", "b", "c"]')];
    expect(await changes(a, b)).toEqual(['enum-value-added error']);
    expect(await changes(a, b, 'input')).toEqual(['enum-value-added info']);
    expect(await changes(a, b, 'both')).toEqual(['enum-value-added error']);
  });

  it('additional properties refused breaks senders; annotations never break', async () => {
    const open = schema('').replace(', "additionalProperties": false', '');
    expect(await changes(open, schema(''), 'input')).toEqual(['additional-properties-refused error']);
    expect(await changes(schema(''), schema('').replace('{"type": "object"', '{"title": "T", "description": "d", "type": "object"'))).toEqual([
      'surface-changed info',
    ]);
  });
});

describe('JSON Schema changes, keyword by keyword: each change and its mirror, for senders and for receivers', () => {
  const base = {
    type: 'object',
    required: ['id'],
    properties: {
      id: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[a-z]+$' },
      count: { type: 'integer', minimum: 0, maximum: 100 },
      kind: { enum: ['a', 'b'] },
      tags: { type: 'array', items: { type: 'string' }, maxItems: 10 },
      any: { anyOf: [{ type: 'string' }, { type: 'number' }] },
      ref: { $ref: '#/$defs/Id' },
    },
    $defs: { Id: { type: 'string' } },
  };
  type Edit = (s: typeof base) => void;
  const edited = (edit: Edit) => {
    const copy = structuredClone(base);
    edit(copy);
    return JSON.stringify(copy);
  };
  const changes = async (before: string, after: string, direction: 'input' | 'output') => {
    const surface = (text: string) => surfaceOf('jsonschema', 'api/s.json', { 'api/s.json': text });
    return classifyChanges({ format: 'jsonschema', path: 'api/s.json', direction }, await surface(before), await surface(after)).map(
      (c) => `${c.id} ${c.level}`,
    );
  };
  // [what, the edit, as sent (input), as received (output), and the mirror (the edit undone) as sent and as received]
  const cases: [string, Edit, string, string, string, string][] = [
    ['type', (s) => void (s.properties.count.type = 'number'), 'type-widened info', 'type-widened error', 'type-narrowed error', 'type-narrowed info'],
    [
      'enum',
      (s) => void s.properties.kind.enum.push('c'),
      'enum-value-added info',
      'enum-value-added error',
      'enum-value-removed error',
      'enum-value-removed info',
    ],
    [
      'required',
      (s) => void s.required.push('count'),
      'property-became-required error',
      'property-became-required info',
      'property-became-optional info',
      'property-became-optional error',
    ],
    [
      'minLength',
      (s) => void (s.properties.id.minLength = 5),
      'minLength-tightened error',
      'minLength-tightened info',
      'minLength-loosened info',
      'minLength-loosened error',
    ],
    [
      'maximum',
      (s) => void (s.properties.count.maximum = 10),
      'maximum-tightened error',
      'maximum-tightened info',
      'maximum-loosened info',
      'maximum-loosened error',
    ],
    [
      'maxItems',
      (s) => void (s.properties.tags.maxItems = 20),
      'maxItems-loosened info',
      'maxItems-loosened error',
      'maxItems-tightened error',
      'maxItems-tightened info',
    ],
    // Two regular expressions cannot be compared: a new pattern may narrow what is sent.
    [
      'pattern',
      (s) => void delete (s.properties.id as { pattern?: string }).pattern,
      'pattern-removed info',
      'pattern-removed error',
      'pattern-changed warning',
      'pattern-changed info',
    ],
    ['items', (s) => void (s.properties.tags.items.type = 'integer'), 'type-widened info', 'type-widened error', 'type-widened info', 'type-widened error'],
    [
      'anyOf',
      (s) => void s.properties.any.anyOf.push({ type: 'boolean' }),
      'anyOf-branch-added info',
      'anyOf-branch-added error',
      'anyOf-branch-removed error',
      'anyOf-branch-removed info',
    ],
    ['$ref/$defs', (s) => void (s.$defs.Id.type = 'integer'), 'type-widened info', 'type-widened error', 'type-widened info', 'type-widened error'],
    [
      'additionalProperties',
      (s) => void ((s as { additionalProperties?: boolean }).additionalProperties = false),
      'additional-properties-refused error',
      'additional-properties-refused info',
      'additional-properties-allowed info',
      'additional-properties-allowed error',
    ],
  ];
  it.each(cases)('%s', async (_what, edit, input, output, mirrorInput, mirrorOutput) => {
    const [a, b] = [JSON.stringify(base), edited(edit)];
    expect(await changes(a, b, 'input')).toContain(input);
    expect(await changes(a, b, 'output')).toContain(output);
    expect(await changes(b, a, 'input')).toContain(mirrorInput);
    expect(await changes(b, a, 'output')).toContain(mirrorOutput);
  });
});

describe('TypeScript changes: the new declarations must accept every old use', () => {
  const changes = async (before: string, after: string) => {
    const surface = (text: string) => surfaceOf('typescript', 'api/i.d.ts', { 'api/i.d.ts': text });
    return classifyChanges({ format: 'typescript', path: 'api/i.d.ts' }, await surface(before), await surface(after)).map((c) => `${c.id} ${c.level}`);
  };
  const cases: [string, string, string, string][] = [
    ['an export removed', 'export type A = string;\nexport type B = number;', 'export type A = string;', 'export-removed error'],
    ['an export added', 'export type A = string;', 'export type A = string;\nexport type B = number;', 'export-added info'],
    [
      'a required parameter added',
      'export declare function f(a: string): void;',
      'export declare function f(a: string, b: number): void;',
      'required-parameter-added error',
    ],
    [
      'an optional parameter added',
      'export declare function f(a: string): void;',
      'export declare function f(a: string, b?: number): void;',
      'signature-changed info',
    ],
    ['an optional property made required', 'export interface U { a?: string }', 'export interface U { a: string }', 'member-became-required error'],
    ['a property removed', 'export interface U { a: string; b: string }', 'export interface U { a: string }', 'member-removed error'],
    ['an enum member removed', 'export declare enum E { A = 1, B = 2 }', 'export declare enum E { A = 1 }', 'enum-member-removed error'],
    ['an enum member changed', 'export declare enum E { A = 1 }', 'export declare enum E { A = 2 }', 'enum-member-changed error'],
    ['a member made private', 'export declare class C { m(): void }', 'export declare class C { private m(): void }', 'member-made-private error'],
    ['a type parameter without default', 'export interface U { a: string }', 'export interface U<T> { a: T }', 'type-parameter-added error'],
    ['a type parameter removed', 'export interface Box<T> { value: string }', 'export interface Box { value: string }', 'type-parameter-removed error'],
    [
      'a generic function gains an optional type parameter and argument',
      'export declare function f<T>(a: T): T;',
      'export declare function f<T, U>(a: T, b?: U): T;',
      'signature-changed info',
    ],
    [
      'a callback-taking function gains a required parameter',
      'export declare function g(cb: (x: number) => void, b: string): void;',
      'export declare function g(cb: (x: number) => void, b: string, c: number): void;',
      'required-parameter-added error',
    ],
    [
      'a parameter narrowed (the compiler says so)',
      'export declare function f(a: string | number): string;',
      'export declare function f(a: string): string;',
      'incompatible-type error',
    ],
    [
      'a parameter widened',
      'export declare function f(a: string): string;',
      'export declare function f(a: string | number): string;',
      'signature-changed info',
    ],
    ['a return type widened', 'export declare function f(): string;', 'export declare function f(): string | number;', 'incompatible-type error'],
    ['a property type narrowed for readers', 'export interface U { a: string | number }', 'export interface U { a: string }', 'member-type-changed warning'],
    ['a property type widened for readers', 'export interface U { a: string }', 'export interface U { a: string | number }', 'incompatible-type error'],
    ['a type parameter with a default', 'export interface U { a: string }', 'export interface U<T = string> { a: T }', 'member-type-changed warning'],
  ];
  it.each(cases)('%s', async (_what, before, after, change) => {
    expect(await changes(before, after)).toContain(change);
  });
});

describe("what a contract's review found (each once silent or wrong)", () => {
  const diff = async (
    format: ArtifactFormat,
    before: Record<string, string>,
    after: Record<string, string>,
    path: string,
    direction?: 'input' | 'output' | 'both',
  ) => {
    const changes = classifyChanges(
      { format, path, ...(direction && { direction }) },
      await surfaceOf(format, path, before),
      await surfaceOf(format, path, after),
    );
    return changes.map((c) => `${c.id} ${c.level} ${c.at}`);
  };

  it('JSON Schema: a $ref inside a referenced file resolves in that file; anchors, tuples, prefixItems and boolean schemas compare', async () => {
    const defs = (b: string) => JSON.stringify({ definitions: { A: { $ref: '#/definitions/B' }, B: { type: b } } });
    const root = JSON.stringify({ type: 'object', properties: { a: { $ref: 'defs.json#/definitions/A' } } });
    expect(
      await diff(
        'jsonschema',
        { 'api/s.json': root, 'api/defs.json': defs('string') },
        { 'api/s.json': root, 'api/defs.json': defs('integer') },
        'api/s.json',
        'input',
      ),
    ).toEqual(['type-widened info .a', 'type-narrowed error .a']);
    const shapes = (t: string) =>
      JSON.stringify({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { p: { $ref: '#x' }, t: { prefixItems: [{ type: t }] }, b: true },
        $defs: { X: { $anchor: 'x', type: t } },
      });
    const changed = await diff(
      'jsonschema',
      { 'api/s.json': shapes('string') },
      { 'api/s.json': shapes('integer').replace('"b":true', '"b":{"type":"string"}') },
      'api/s.json',
      'input',
    );
    expect(changed).toEqual(expect.arrayContaining(['type-narrowed error .p', 'type-narrowed error .t[0]', 'schema-narrowed error .b']));
  });

  it('OpenAPI: a renamed path parameter is the same operation; parameter content, response headers and boolean exclusive bounds compare', async () => {
    const doc = (path: string, extra: string) => `openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  ${path}:
    get:
      parameters:
        - { name: ${path.includes('userId') ? 'userId' : 'id'}, in: path, required: true, schema: { type: string } }
        - { name: q, in: query, content: { application/json: { schema: { type: ${extra.includes('int') ? 'integer' : 'string'} } } } }
      responses:
        "200":
          description: ok
          headers: ${extra.includes('noheader') ? '{}' : '{ X-Rate: { schema: { type: integer } } }'}
          content:
            application/json:
              schema: { type: object, properties: { n: { type: number, minimum: 0, exclusiveMinimum: ${extra.includes('excl') ? 'true' : 'false'} } } }
`;
    expect(await diff('openapi', { 'api/o.yaml': doc('/users/{id}', '') }, { 'api/o.yaml': doc('/users/{userId}', '') }, 'api/o.yaml')).toEqual([
      'surface-changed info api/o.yaml',
    ]);
    expect(await diff('openapi', { 'api/o.yaml': doc('/users/{id}', '') }, { 'api/o.yaml': doc('/users/{id}', 'int noheader excl') }, 'api/o.yaml')).toEqual([
      'parameter-type-widened info GET /users/{id} query q application/json',
      'parameter-type-narrowed error GET /users/{id} query q application/json',
      'response-exclusiveMinimum-tightened info GET /users/{id} 200 application/json .n',
      'response-header-removed error GET /users/{id} 200 header X-Rate',
    ]);
  });

  it('TypeScript: namespaces and `export =` have surfaces too', async () => {
    expect(
      await diff(
        'typescript',
        { 'api/i.d.ts': 'export declare namespace API { function get(): void; }\n' },
        { 'api/i.d.ts': 'export declare namespace API { }\n' },
        'api/i.d.ts',
      ),
    ).toEqual(['export-removed error API.get']);
    expect(
      await diff(
        'typescript',
        { 'api/i.d.ts': 'declare function h(a: string): void;\nexport = h;\n' },
        { 'api/i.d.ts': 'declare function h(a: string, b: string): number;\nexport = h;\n' },
        'api/i.d.ts',
      ),
    ).toEqual(['required-parameter-added error export=']);
  });

  it('a graph of shared references is compared in bounded time', async () => {
    const levels = (leaf: string) => {
      const $defs: Record<string, unknown> = { L30: { type: leaf } };
      for (let i = 29; i >= 0; i--) $defs[`L${i}`] = { type: 'object', properties: { a: { $ref: `#/$defs/L${i + 1}` }, b: { $ref: `#/$defs/L${i + 1}` } } };
      return JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', $ref: '#/$defs/L0', $defs });
    };
    const started = Date.now();
    const changes = await diff('jsonschema', { 'api/s.json': levels('string') }, { 'api/s.json': levels('integer') }, 'api/s.json');
    expect(Date.now() - started).toBeLessThan(10_000);
    // 2^30 places use the leaf: its change is listed at the first 20,000, then the comparison says it stopped.
    expect(changes.length).toBeLessThan(21_000);
    expect(changes.filter((c) => c.startsWith('comparison-stopped warning'))).toHaveLength(1);
  });
});
