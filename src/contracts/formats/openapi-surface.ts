import { canonical } from '../canonical.js';
import { pointerSegments } from '../document.js';
import type { Json } from '../types.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Node = Record<string, unknown>;
const asNode = (value: unknown): Node => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : {});

/**
 * What an OpenAPI document offers its consumers, from the bundled document (every `$ref` points
 * inside it): each operation under `METHOD /path` with its parameters (the path's merged in),
 * request body, responses and security, and the named schemas they refer to. Schema references
 * stay references (`#/components/schemas/User`): the surface of a large API would otherwise
 * repeat each shared schema wherever it is used.
 */
export function openapiSurface(bundled: unknown): Json {
  const document = asNode(bundled);
  // Parameters, bodies, responses and headers are followed into place; schemas are not.
  const resolve = (value: unknown, depth = 0): Node => {
    const node = asNode(value);
    const ref = node.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/') || depth > 20) return node;
    let target: unknown = document;
    for (const segment of pointerSegments(ref)) target = asNode(target)[segment];
    return resolve(target, depth + 1);
  };
  const operations: Record<string, unknown> = {};
  for (const [path, item] of Object.entries(asNode(document.paths))) {
    const pathItem = resolve(item);
    for (const method of METHODS) {
      if (!(method in pathItem)) continue;
      const operation = resolve(pathItem[method]);
      operations[`${method.toUpperCase()} ${path}`] = {
        parameters: parametersOf([...list(pathItem.parameters), ...list(operation.parameters)].map((p) => resolve(p))),
        ...(operation.requestBody !== undefined && { requestBody: body(resolve(operation.requestBody)) }),
        responses: Object.fromEntries(
          Object.entries(asNode(operation.responses)).map(([status, response]) => [status, responseOf(resolve(response), resolve)]),
        ),
        ...(operation.security !== undefined && { security: operation.security }),
        ...(operation.deprecated === true && { deprecated: true }),
      };
    }
  }
  const components = asNode(document.components);
  // The bundler points second uses of a referenced file at its first place (`#/paths/…`): those
  // references are followed into place, so that the surface's only references are named schemas.
  const named = (value: unknown): unknown => inlineForeignRefs(value, (ref) => resolveRaw(document, ref));
  return canonical({
    openapi: document.openapi,
    ...(document.security !== undefined && { security: document.security }),
    operations: named(operations),
    schemas: named(components.schemas ?? {}),
    ...(components.securitySchemes !== undefined && { securitySchemes: components.securitySchemes }),
  });
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** One entry per `in` and `name`, an operation's own overriding the path's. */
function parametersOf(parameters: Node[]): Record<string, unknown> {
  const byKey: Record<string, unknown> = {};
  for (const p of parameters) {
    byKey[`${String(p.in)} ${String(p.name)}`] = {
      required: p.required === true,
      ...(p.schema !== undefined && { schema: p.schema }),
      ...(p.content !== undefined && { content: mediaTypes(p.content) }),
      ...(p.style !== undefined && { style: p.style }),
      ...(p.explode !== undefined && { explode: p.explode }),
      ...(p.deprecated === true && { deprecated: true }),
    };
  }
  return byKey;
}

function body(requestBody: Node): unknown {
  return { required: requestBody.required === true, content: mediaTypes(requestBody.content) };
}

function responseOf(response: Node, resolve: (value: unknown) => Node): unknown {
  return {
    content: mediaTypes(response.content),
    ...(response.headers !== undefined && {
      headers: Object.fromEntries(Object.entries(asNode(response.headers)).map(([name, header]) => [name, asNode(resolve(header)).schema ?? {}])),
    }),
  };
}

/** The schema of each media type. */
function mediaTypes(content: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(asNode(content)).map(([type, media]) => [type, asNode(media).schema ?? {}]));
}

const SCHEMA_REF = /^#\/components\/schemas\/[^/]+$/;

function resolveRaw(document: Node, ref: string): unknown {
  let target: unknown = document;
  for (const segment of pointerSegments(ref)) target = asNode(target)[segment];
  return target;
}

/** A copy with every `$ref` that is not to a named schema replaced by what it names (each followed once per path). */
function inlineForeignRefs(value: unknown, resolve: (ref: string) => unknown, following: string[] = []): unknown {
  if (Array.isArray(value)) return value.map((item) => inlineForeignRefs(item, resolve, following));
  if (typeof value !== 'object' || value === null) return value;
  const node = value as Node;
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#/') && !SCHEMA_REF.test(node.$ref)) {
    if (following.includes(node.$ref)) return { $circular: node.$ref };
    return inlineForeignRefs(resolve(node.$ref), resolve, [...following, node.$ref]);
  }
  return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, inlineForeignRefs(child, resolve, following)]));
}
