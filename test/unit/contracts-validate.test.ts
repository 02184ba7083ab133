import { describe, expect, it } from 'vitest';
import type { ArtifactFormat } from '../../src/config/index.js';
import { type ContractProblem, contractFormat } from '../../src/contracts/index.js';

/** One artifact and the files beside it, as a snapshot's view would give them. */
async function validate(format: ArtifactFormat, path: string, files: Record<string, string>, domainDir = 'api'): Promise<ContractProblem[]> {
  const view = { readText: (p: string) => files[p], isFile: (p: string) => p in files };
  return (await contractFormat(format).read({ path, text: files[path]!, domainDir, files: view, root: process.cwd() })).problems;
}

const OPENAPI = `openapi: 3.0.3
info:
  title: Users
  version: 1.0.0
paths:
  /users/{id}:
    get:
      operationId: getUser
      parameters:
        - name: id
          in: path
          required: true
          schema: { type: string }
      responses:
        '200':
          description: the user
          content:
            application/json:
              schema:
                $ref: './schemas/user.yaml'
`;
const USER = 'type: object\nrequired: [id]\nproperties:\n  id: { type: string }\n  email: { type: string }\n';

describe('openapi', () => {
  it('a valid 3.0 document with a $ref to a file beside it', async () => {
    expect(await validate('openapi', 'api/openapi.yaml', { 'api/openapi.yaml': OPENAPI, 'api/schemas/user.yaml': USER })).toEqual([]);
  });

  it('a valid 3.1 document in JSON', async () => {
    const doc = { openapi: '3.1.0', info: { title: 'T', version: '1' }, paths: { '/a': { get: { responses: { 200: { description: 'ok' } } } } } };
    expect(await validate('openapi', 'api/openapi.json', { 'api/openapi.json': JSON.stringify(doc, null, 2) })).toEqual([]);
  });

  it('a schema violation at the line of the offending key', async () => {
    const broken = OPENAPI.replace('      responses:', '      responsess:');
    const problems = await validate('openapi', 'api/openapi.yaml', { 'api/openapi.yaml': broken, 'api/schemas/user.yaml': USER });
    expect(problems).toContainEqual(expect.objectContaining({ file: 'api/openapi.yaml', line: 14, message: expect.stringContaining('responsess') }));
  });

  it('a rule beyond the schema (an undeclared path parameter), located on its operation', async () => {
    const broken = OPENAPI.replace('          required: true\n', '          required: true\n').replace('- name: id', '- name: userId');
    const problems = await validate('openapi', 'api/openapi.yaml', { 'api/openapi.yaml': broken, 'api/schemas/user.yaml': USER });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ file: 'api/openapi.yaml', line: 7 });
  });

  it('a missing $ref target, a $ref out of the domain, a URL: each a problem that says so', async () => {
    expect(await validate('openapi', 'api/openapi.yaml', { 'api/openapi.yaml': OPENAPI })).toEqual([
      expect.objectContaining({ message: expect.stringContaining('api/schemas/user.yaml, which does not exist') }),
    ]);
    const outside = OPENAPI.replace('./schemas/user.yaml', '../../secrets/user.yaml');
    expect(await validate('openapi', 'api/openapi.yaml', { 'api/openapi.yaml': outside, 'secrets/user.yaml': USER })).toEqual([
      expect.objectContaining({ message: expect.stringContaining('leaves the directory of the domain') }),
    ]);
    const remote = OPENAPI.replace('./schemas/user.yaml', 'https://example.com/user.yaml');
    expect(await validate('openapi', 'api/openapi.yaml', { 'api/openapi.yaml': remote })).toEqual([
      expect.objectContaining({ message: expect.stringContaining('names a URL') }),
    ]);
  });

  it('not YAML, Swagger 2.0, no version: a problem each, never a throw', async () => {
    expect(await validate('openapi', 'api/o.yaml', { 'api/o.yaml': 'openapi: [3.0\n' })).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringContaining('not valid YAML') }),
    ]);
    expect(await validate('openapi', 'api/o.yaml', { 'api/o.yaml': 'swagger: "2.0"\n' })).toEqual([
      expect.objectContaining({ message: expect.stringContaining('Swagger 2.0') }),
    ]);
    expect(await validate('openapi', 'api/o.json', { 'api/o.json': '{"info": {}' })).toEqual([
      expect.objectContaining({ message: expect.stringContaining('not valid JSON') }),
    ]);
  });

  it('refuses a YAML alias bomb instead of expanding it', async () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n');
    const problems = await validate('openapi', 'api/o.yaml', { 'api/o.yaml': `${bomb}\n` });
    expect(problems).toEqual([expect.objectContaining({ message: expect.stringContaining('resource exhaustion') })]);
  });

  it('operation ids are unique, located on the second one', async () => {
    const twice = `${OPENAPI}  /users:\n    get:\n      operationId: getUser\n      responses:\n        '200': { description: all }\n`;
    const problems = await validate('openapi', 'api/openapi.yaml', { 'api/openapi.yaml': twice, 'api/schemas/user.yaml': USER });
    expect(problems).toEqual([
      expect.objectContaining({ line: 23, message: 'operationId "getUser" is also the id of GET /users/{id}: operation ids are unique' }),
    ]);
  });

  it('in 3.1, each Schema Object is held to JSON Schema 2020-12, even in a referenced file', async () => {
    const doc = OPENAPI.replace('openapi: 3.0.3', 'openapi: 3.1.0');
    const problems = await validate('openapi', 'api/openapi.yaml', { 'api/openapi.yaml': doc, 'api/schemas/user.yaml': 'type: object\nrequired: id\n' });
    expect(problems).toEqual([expect.objectContaining({ message: expect.stringContaining('/required must be array') })]);
    expect(await validate('openapi', 'api/openapi.yaml', { 'api/openapi.yaml': doc, 'api/schemas/user.yaml': USER })).toEqual([]);
  });

  it('terminates on $ref cycles', async () => {
    const cyclic =
      OPENAPI.replace("$ref: './schemas/user.yaml'", "$ref: '#/components/schemas/Node'") +
      'components:\n  schemas:\n    Node:\n      type: object\n      properties:\n        next: { $ref: "#/components/schemas/Node" }\n';
    expect(await validate('openapi', 'api/openapi.yaml', { 'api/openapi.yaml': cyclic })).toEqual([]);
  });
});

describe('jsonschema', () => {
  it('draft-07 by default, 2019-09 and 2020-12 when declared', async () => {
    expect(await validate('jsonschema', 'api/s.json', { 'api/s.json': '{"type": "object", "definitions": {"a": {"type": "string"}}}' })).toEqual([]);
    for (const uri of ['https://json-schema.org/draft/2019-09/schema', 'https://json-schema.org/draft/2020-12/schema']) {
      expect(
        await validate('jsonschema', 'api/s.json', { 'api/s.json': JSON.stringify({ $schema: uri, type: 'object', $defs: { a: { type: 'string' } } }) }),
      ).toEqual([]);
    }
  });

  it('a keyword of the wrong shape, located', async () => {
    const problems = await validate('jsonschema', 'api/s.yaml', { 'api/s.yaml': 'type: object\nproperties:\n  id:\n    type: strin\n' });
    expect(problems[0]).toMatchObject({ file: 'api/s.yaml', line: 4 });
  });

  it('a $ref to nothing, and one to a file beside it', async () => {
    const problems = await validate('jsonschema', 'api/s.json', { 'api/s.json': '{\n  "properties": {\n    "a": {"$ref": "#/definitions/missing"}\n  }\n}' });
    expect(problems).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining('resolve reference') })]);
    expect(
      await validate('jsonschema', 'api/s.json', {
        'api/s.json': '{"properties": {"a": {"$ref": "./defs.json#/definitions/id"}}}',
        'api/defs.json': '{"definitions": {"id": {"type": "string"}}}',
      }),
    ).toEqual([]);
  });

  it('an unsupported $schema says which are', async () => {
    const problems = await validate('jsonschema', 'api/s.json', { 'api/s.json': '{"$schema": "http://json-schema.org/draft-04/schema#"}' });
    expect(problems[0]!.message).toContain('draft-07');
  });
});

describe('typescript', () => {
  it('declarations that type-check standalone, importing a file beside them', async () => {
    const files = {
      'api/index.d.ts':
        "import type { Id } from './id';\nexport interface User { id: Id; tags: ReadonlyArray<string> }\nexport declare function getUser(id: Id): Promise<User>;\n",
      'api/id.d.ts': 'export type Id = string;\n',
    };
    expect(await validate('typescript', 'api/index.d.ts', files)).toEqual([]);
  });

  it('a type error and a package import, each at its line', async () => {
    const problems = await validate('typescript', 'api/index.d.ts', {
      'api/index.d.ts': "import type { z } from 'zod';\nexport interface User { id: Strin }\n",
    });
    expect(problems).toEqual([
      expect.objectContaining({ file: 'api/index.d.ts', line: 1, message: expect.stringContaining('TS2307') }),
      expect.objectContaining({ file: 'api/index.d.ts', line: 2, message: expect.stringContaining('TS2552') }),
    ]);
  });

  it('another domain’s file cannot be part of the contract', async () => {
    const problems = await validate('typescript', 'api/index.d.ts', {
      'api/index.d.ts': "export type { Row } from '../db/row';\n",
      'db/row.d.ts': 'export type Row = {};\n',
    });
    expect(problems).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining('TS2307') })]);
  });
});
