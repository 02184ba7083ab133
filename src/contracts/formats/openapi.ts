import { DocumentError, type ParsedDocument, parseDocument } from '../document.js';
import { isUrl, ReferencedFiles, refsIn, urlError } from '../refs.js';
import type { ArtifactInput, ContractFormat, ContractProblem, Reading } from '../types.js';
import { ajvFor } from './jsonschema.js';
import { openapiRuleProblems, schemaObjects } from './openapi-rules.js';
import { openapiSurface } from './openapi-surface.js';
import { type AjvError, readableErrors } from './schema-errors.js';

/**
 * OpenAPI 3.0 and 3.1, validated as OpenAPI: by @apidevtools/swagger-parser against the
 * specification's own JSON Schema, then by openapi-rules.ts for what a schema cannot say (unique
 * operation ids, declared path parameters, …). Every file the parser reads — the artifact and what its `$ref`s name —
 * comes from the state being checked, through cn-guard's own reader and its limits.
 */
export const openapiFormat: ContractFormat = {
  format: 'openapi',
  async read(input) {
    let root: ParsedDocument;
    try {
      root = parseDocument(input.path, input.text);
    } catch (error) {
      if (error instanceof DocumentError) return { problems: [error.problem] };
      throw error;
    }
    const version = versionProblem(root);
    if (version) return { problems: [{ file: input.path, ...root.locate([]), message: version }] };
    return readDocument(root, input);
  },
};

function versionProblem({ value }: ParsedDocument): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an OpenAPI document: it holds no object';
  const { openapi, swagger } = value as { openapi?: unknown; swagger?: unknown };
  if (swagger !== undefined)
    return `a Swagger ${String(swagger)} document: the openapi format means OpenAPI 3.0 or 3.1 (convert it, or declare the artifact as format = "file")`;
  if (typeof openapi !== 'string') return 'not an OpenAPI document: it has no "openapi" version field';
  if (!/^3\.[01]\.\d+$/.test(openapi)) return `OpenAPI ${openapi} is not supported: cn-guard reads OpenAPI 3.0 and 3.1`;
  return undefined;
}

/** The parser resolves `$ref`s as URLs: the artifact lies at its root-relative path under `/`. */
const pathOf = (url: string) => decodeURIComponent(url.replace(/^file:\/\//, '')).replace(/^\/+/, '');

async function readDocument(root: ParsedDocument, input: ArtifactInput): Promise<Reading> {
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  const refs = new ReferencedFiles(input.files, input.domainDir);
  // Problems met while following `$ref`s: the parser wraps them, cn-guard reports them as they were.
  const unreadable: ContractProblem[] = [];
  const read = (url: string): ParsedDocument => {
    try {
      if (isUrl(url)) throw urlError(input.path, url);
      const path = pathOf(url);
      return path === input.path ? root : refs.document(path, input.path);
    } catch (error) {
      if (error instanceof DocumentError) unreadable.push(error.problem);
      throw error;
    }
  };
  const options = {
    resolve: {
      file: false,
      http: false,
      external: true,
      repository: { order: 1, canRead: true, read: (file: { url: string }) => JSON.stringify(read(file.url).value) },
    },
    parse: {
      json: false,
      yaml: false,
      text: false,
      binary: false,
      repository: { order: 1, canParse: true, parse: (file: { url: string }) => read(file.url).value },
    },
    validate: { schema: true, spec: true },
  } as unknown as Parameters<typeof SwaggerParser.validate>[2];
  try {
    const api = await SwaggerParser.validate(`/${input.path}`, structuredClone(root.value) as never, options);
    // The bundled document has every file in it and only internal `$ref`s (no cycles in its
    // objects, unlike the dereferenced one); a document of one file is bundled already (GitHub's: 1.9 s less).
    const external = [...refsIn(root.value)].some((ref) => !ref.startsWith('#'));
    const bundled = external ? await SwaggerParser.bundle(`/${input.path}`, structuredClone(root.value) as never, options) : root.value;
    const problems = [...openapiRuleProblems(api), ...(await schemaProblems31(bundled))].map(({ pointer, message }) => ({
      file: root.path,
      ...root.locate(pointer),
      message,
    }));
    if (problems.length > 0) return { problems };
    // The surface keeps schema references: a large API would otherwise repeat each shared schema.
    return { problems: [], surface: openapiSurface(bundled) };
  } catch (error) {
    if (unreadable.length > 0) return { problems: unreadable };
    return { problems: parserProblems(error, root) };
  }
}

function parserProblems(error: unknown, root: ParsedDocument): ContractProblem[] {
  const details = (error as { details?: unknown }).details;
  if (Array.isArray(details)) {
    return readableErrors(details as AjvError[]).map(({ pointer, message }) => ({ file: root.path, ...root.locate(pointer), message }));
  }
  const message = error instanceof Error ? error.message : String(error);
  return [{ file: root.path, ...root.locate([]), message }];
}

/**
 * OpenAPI 3.1's own schema lets any object be a Schema Object (its dialect is JSON Schema 2020-12),
 * so the parser passes `required: id`: each one is validated against the 2020-12 meta-schema here.
 */
async function schemaProblems31(api: unknown): Promise<{ pointer: (string | number)[]; message: string }[]> {
  if (!String((api as { openapi?: unknown }).openapi).startsWith('3.1')) return [];
  const ajv = await ajvFor('2020-12');
  return schemaObjects(api).flatMap(({ pointer, schema }) => {
    if (typeof schema === 'boolean' || ajv.validateSchema(schema as object)) return [];
    return readableErrors((ajv.errors ?? []) as AjvError[]).map((error) => ({
      pointer: [...pointer, ...error.pointer],
      message: `the schema at /${pointer.join('/')}: ${error.message.replace(/^the document /, '')}`,
    }));
  });
}
