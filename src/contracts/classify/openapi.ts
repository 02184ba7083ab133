import type { Json } from '../types.js';
import type { ChangeSink } from './change.js';
import { compareSchemas, type RefResolver } from './schema.js';

type Node = Record<string, Json>;
const node = (value: Json | undefined): Node => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {});

/** A named schema of the surface (`#/components/schemas/User`). */
function resolverOf(surface: Node): RefResolver {
  const resolve: RefResolver = (ref) =>
    ref.startsWith('#/components/schemas/')
      ? { schema: node(surface.schemas)[decodeURIComponent(ref.slice('#/components/schemas/'.length))], resolve }
      : undefined;
  return resolve;
}

/**
 * Two OpenAPI surfaces, operation by operation, as oasdiff does: what a client sends (parameters,
 * request bodies) breaks when narrowed, what it receives (responses) when widened; a removed
 * operation, response status or media type breaks, new security breaks.
 */
export function classifyOpenapi(before: Json, after: Json, out: ChangeSink): void {
  const [a, b] = [node(before), node(after)];
  const sides = { before: resolverOf(a), after: resolverOf(b) };
  // `GET /users/{id}` and `GET /users/{userId}` are one operation: paths match with their parameters unnamed.
  const [oldOps, newOps] = [byShape(node(a.operations)), byShape(node(b.operations))];
  for (const shape of Object.keys(oldOps).sort()) {
    const name = String(node(oldOps[shape]).name);
    if (!(shape in newOps)) out.add({ id: 'operation-removed', level: 'error', flow: null, at: name, message: `${name} was removed` });
  }
  for (const shape of Object.keys(newOps).sort()) {
    const name = String(node(newOps[shape]).name);
    if (!(shape in oldOps)) {
      out.add({ id: 'operation-added', level: 'info', flow: null, at: name, message: `${name} was added` });
      continue;
    }
    const [old, now] = [node(oldOps[shape]), node(newOps[shape])];
    parameters(name, node(old.parameters), node(now.parameters), sides, out);
    requestBody(name, old.requestBody, now.requestBody, sides, out);
    responses(name, node(old.responses), node(now.responses), sides, out);
    security(name, old.security ?? a.security, now.security ?? b.security, out);
    if (old.deprecated !== true && now.deprecated === true)
      out.add({ id: 'operation-deprecated', level: 'info', flow: null, at: name, message: `${name} is deprecated` });
  }
}

type Sides = { before: RefResolver; after: RefResolver };

/** `METHOD /path` with each `{name}` written `{}`, and the path parameters renamed by position (`path {0}`). */
function byShape(operations: Node): Node {
  const shaped: Node = {};
  for (const [key, operation] of Object.entries(operations)) {
    const names = [...key.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const parameters = Object.fromEntries(
      Object.entries(node(node(operation).parameters)).map(([name, parameter]) => {
        const index = name.startsWith('path ') ? names.indexOf(name.slice(5)) : -1;
        return [index >= 0 ? `path {${index}}` : name, { ...node(parameter), label: name }];
      }),
    );
    shaped[key.replace(/\{[^}]+\}/g, '{}')] = { ...node(operation), parameters, name: key };
  }
  return shaped;
}

/** Schema changes named for where they are, as oasdiff names them: `request-property-removed`, `response-enum-value-added`. */
const prefixed = (prefix: string, out: ChangeSink): ChangeSink => ({ add: (change) => out.add({ ...change, id: `${prefix}-${change.id}` }) });

function parameters(operation: string, old: Node, now: Node, sides: Sides, out: ChangeSink): void {
  for (const key of [...new Set([...Object.keys(old), ...Object.keys(now)])].sort()) {
    const [p, q] = [node(old[key]), node(now[key])];
    const at = `${operation} ${String(q.label ?? p.label ?? key)}`;
    if (!(key in now)) {
      out.add({
        id: 'parameter-removed',
        level: 'warning',
        flow: 'input',
        at,
        message: `${at}: the parameter was removed (clients that send it may be refused)`,
      });
    } else if (!(key in old)) {
      newInput(out, at, 'parameter', q.required === true);
    } else {
      if (p.required !== true && q.required === true)
        out.add({ id: 'parameter-became-required', level: 'error', flow: 'input', at, message: `${at}: the parameter became required` });
      if (p.required === true && q.required !== true)
        out.add({ id: 'parameter-became-optional', level: 'info', flow: 'input', at, message: `${at}: the parameter became optional` });
      compareSchemas({ schema: p.schema, resolve: sides.before }, { schema: q.schema, resolve: sides.after }, 'input', at, prefixed('parameter', out));
      // A parameter may carry its schema by media type instead.
      if (p.content !== undefined || q.content !== undefined) mediaTypes(at, node(p.content), node(q.content), 'input', 'parameter', sides, out);
    }
  }
}

/** Something new a client must send (it breaks every call without it) or may send. */
function newInput(out: ChangeSink, at: string, what: 'parameter' | 'request-body', required: boolean): void {
  const kind = required ? 'required' : 'optional';
  out.add({ id: `new-${kind}-${what}`, level: required ? 'error' : 'info', flow: 'input', at, message: `${at}: a new ${kind} ${what.replace('-', ' ')}` });
}

function requestBody(operation: string, old: Json | undefined, now: Json | undefined, sides: Sides, out: ChangeSink): void {
  const at = `${operation} request`;
  const [p, q] = [node(old), node(now)];
  if (old === undefined && now !== undefined) {
    newInput(out, at, 'request-body', q.required === true);
    return;
  }
  if (old !== undefined && now === undefined) {
    out.add({
      id: 'request-body-removed',
      level: 'warning',
      flow: 'input',
      at,
      message: `${at}: the request body was removed (clients that send one may be refused)`,
    });
    return;
  }
  if (old === undefined) return;
  if (p.required !== true && q.required === true)
    out.add({ id: 'request-body-became-required', level: 'error', flow: 'input', at, message: `${at}: the request body became required` });
  mediaTypes(at, node(p.content), node(q.content), 'input', 'request', sides, out);
}

function responses(operation: string, old: Node, now: Node, sides: Sides, out: ChangeSink): void {
  for (const status of [...new Set([...Object.keys(old), ...Object.keys(now)])].sort()) {
    const at = `${operation} ${status}`;
    if (!(status in now)) out.add({ id: 'response-status-removed', level: 'error', flow: 'output', at, message: `${at}: the response was removed` });
    else if (!(status in old)) out.add({ id: 'response-status-added', level: 'info', flow: 'output', at, message: `${at}: a new response` });
    else {
      mediaTypes(at, node(node(old[status]).content), node(node(now[status]).content), 'output', 'response', sides, out);
      headers(at, node(node(old[status]).headers), node(node(now[status]).headers), sides, out);
    }
  }
}

/** A response's headers are received: one removed breaks readers of it, a new one does not. */
function headers(at: string, old: Node, now: Node, sides: Sides, out: ChangeSink): void {
  for (const name of [...new Set([...Object.keys(old), ...Object.keys(now)])].sort()) {
    const place = `${at} header ${name}`;
    if (!(name in now)) out.add({ id: 'response-header-removed', level: 'error', flow: 'output', at: place, message: `${place}: the header was removed` });
    else if (!(name in old)) out.add({ id: 'response-header-added', level: 'info', flow: 'output', at: place, message: `${place}: a new header` });
    else
      compareSchemas(
        { schema: old[name], resolve: sides.before },
        { schema: now[name], resolve: sides.after },
        'output',
        place,
        prefixed('response-header', out),
      );
  }
}

function mediaTypes(
  at: string,
  old: Node,
  now: Node,
  flow: 'input' | 'output',
  side: 'request' | 'response' | 'parameter',
  sides: Sides,
  out: ChangeSink,
): void {
  for (const type of [...new Set([...Object.keys(old), ...Object.keys(now)])].sort()) {
    const place = `${at} ${type}`;
    if (!(type in now)) out.add({ id: `${side}-media-type-removed`, level: 'error', flow, at: place, message: `${place}: the media type was removed` });
    else if (!(type in old)) out.add({ id: `${side}-media-type-added`, level: 'info', flow, at: place, message: `${place}: a new media type` });
    else compareSchemas({ schema: old[type], resolve: sides.before }, { schema: now[type], resolve: sides.after }, flow, place, prefixed(side, out));
  }
}

/**
 * Security requirements are alternatives (any one suffices), each a set of schemes (all needed;
 * an empty one: anonymous access). A client that met an old alternative must still meet a new one:
 * a new alternative whose schemes it already used. No requirement at all lets everyone in.
 */
function security(operation: string, old: Json | undefined, now: Json | undefined, out: ChangeSink): void {
  const alternatives = (value: Json | undefined) =>
    Array.isArray(value) ? value.map((requirement) => new Set(Object.keys(node(requirement)))) : [new Set<string>()];
  const [before, after] = [alternatives(old), alternatives(now)];
  const allows = (client: Set<string>) => after.length === 0 || after.some((needed) => [...needed].every((scheme) => client.has(scheme)));
  const shut = before.filter((client) => !allows(client));
  const text = (alternative: Set<string>) => (alternative.size === 0 ? 'anonymous access' : [...alternative].join(' + '));
  if (shut.length > 0) {
    out.add({
      id: 'security-added',
      level: 'error',
      flow: 'input',
      at: operation,
      message: `${operation}: clients using ${shut.map(text).join(' or ')} are no longer let in`,
    });
  } else if (JSON.stringify(before.map((a) => [...a].sort())) !== JSON.stringify(after.map((a) => [...a].sort()))) {
    out.add({
      id: 'security-relaxed',
      level: 'info',
      flow: 'input',
      at: operation,
      message: `${operation}: accepts ${after.length === 0 ? 'any client' : after.map(text).join(' or ')}`,
    });
  }
}
