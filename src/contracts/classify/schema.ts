import type { Json } from '../types.js';
import { type ChangeSink, type ContractChange, type Flow, level } from './change.js';

type SchemaNode = Record<string, Json>;
/**
 * A property's place under a schema's: `GET /users/{id} 200 application/json .email`, then
 * `.address.city`, `[]` for array items (the form oasdiff and \`contracts diff\` print).
 */
const child = (at: string, name: string) => (at === '' ? `.${name}` : /(^|\s)[.[]\S*$/.test(at) ? `${at}.${name}` : `${at} .${name}`);
const items = (at: string) => (at === '' || /(^|\s)[.[]\S*$/.test(at) ? `${at}[]` : `${at} []`);
/** How a place reads in a sentence. */
const named = (at: string) => (at === '' ? 'the schema' : at);

const isNode = (value: Json | undefined): value is SchemaNode => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Finds what a `$ref` names (`#/components/schemas/User`, `#/$defs/Id`, `defs.json#/Id`, `#anchor`)
 * from the document the reference is in, with the resolver of the document it leads to.
 */
export type RefResolver = (ref: string) => SchemaSide | undefined;

export interface SchemaSide {
  schema: Json | undefined;
  resolve: RefResolver;
}

/** Lower bounds (tightened when raised) and upper bounds (tightened when lowered). */
const LOWER = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'] as const;
const UPPER = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'] as const;

const typesOf = (node: SchemaNode): Set<string> | undefined => {
  const declared = node.type;
  const types = typeof declared === 'string' ? [declared] : Array.isArray(declared) ? declared.map(String) : undefined;
  if (!types) return undefined;
  // OpenAPI 3.0's `nullable: true` is JSON Schema's `null` type.
  if (node.nullable === true) types.push('null');
  // An integer is a number: number → integer narrows, integer → number widens.
  return new Set(types);
};

const valuesOf = (node: SchemaNode): Json[] | undefined => (Array.isArray(node.enum) ? node.enum : 'const' in node ? [node.const!] : undefined);

/**
 * Compares two versions of a schema, in the direction consumers use its data: what they send
 * (input) breaks when it is narrowed, what they receive (output) when it is widened, as oasdiff
 * classifies. Annotations (title, description, examples, default) are not compared: they never
 * break. Each change names its place under `at`.
 */
/**
 * What a comparison carries down: the reference pairs being followed (a recursive schema stops
 * at its repetition), what a reference pair found the first time (a schema shared by many places
 * is compared once and its changes repeated at each place: a graph of shared references would
 * otherwise be walked once per path, exponentially), and a budget of comparisons.
 */
interface Walk {
  following: Set<string>;
  found: Map<string, { at: string; changes: ContractChange[] }>;
  visits: number;
  /** Changes repeated at further places so far. */
  repeated: number;
}

/** Comparisons one classification may make: far beyond real schemas, and a bound whatever the input. */
const MAX_VISITS = 200_000;
/** Places a shared schema's changes are repeated at (GitHub's REST description: 891 for one enum). */
const MAX_REPEATED = 20_000;

export function compareSchemas(
  before: SchemaSide,
  after: SchemaSide,
  flow: Flow,
  at: string,
  out: ChangeSink,
  walk: Walk = { following: new Set(), found: new Map(), visits: 0, repeated: 0 },
): void {
  if (++walk.visits > MAX_VISITS) {
    if (walk.visits === MAX_VISITS + 1)
      out.add({
        id: 'comparison-stopped',
        level: 'warning',
        flow,
        at,
        message: `the schemas are too large to compare past ${named(at)}: review the rest by hand`,
      });
    return;
  }
  const refs = `${refOf(before.schema)}\0${refOf(after.schema)}\0${flow}`;
  const isRef = refs !== `\0\0${flow}`;
  if (isRef && walk.following.has(refs)) return;
  const earlier = isRef ? walk.found.get(refs) : undefined;
  if (earlier) {
    if (walk.repeated + earlier.changes.length > MAX_REPEATED) {
      if (walk.repeated <= MAX_REPEATED) {
        walk.repeated = MAX_REPEATED + 1;
        out.add({
          id: 'comparison-stopped',
          level: 'warning',
          flow,
          at,
          message: `a shared schema's changes are used in too many places to list them all: the first ${MAX_REPEATED} are`,
        });
      }
      return;
    }
    walk.repeated += earlier.changes.length;
    for (const change of earlier.changes) {
      const moved = (text: string) => (earlier.at !== '' && text.includes(earlier.at) ? text.replace(earlier.at, at) : text);
      out.add({ ...change, at: moved(change.at), message: moved(change.message) });
    }
    return;
  }
  if (!isRef) return compareResolved(before, after, flow, at, out, walk);
  const changes: ContractChange[] = [];
  walk.following.add(refs);
  try {
    const recording: ChangeSink = {
      add(change) {
        changes.push(change);
        out.add(change);
      },
    };
    compareResolved(before, after, flow, at, recording, walk);
  } finally {
    walk.following.delete(refs);
  }
  walk.found.set(refs, { at, changes });
}

const refOf = (schema: Json | undefined) => (isNode(schema) && typeof schema.$ref === 'string' ? schema.$ref : '');

function compareResolved(before: SchemaSide, after: SchemaSide, flow: Flow, at: string, out: ChangeSink, walk: Walk): void {
  const [sa, sb] = [follow(before), follow(after)];
  const [a, b] = [sa.schema, sb.schema];
  if (typeof a === 'boolean' || typeof b === 'boolean') return compareBooleans(a, b, flow, at, out);
  if (!isNode(a) || !isNode(b)) {
    if (JSON.stringify(a) !== JSON.stringify(b)) out.add({ id: 'schema-changed', level: 'warning', flow, at, message: `${named(at)} changed form` });
    return;
  }
  compareTypes(a, b, flow, at, out);
  compareValues(a, b, flow, at, out);
  compareBounds(a, b, flow, at, out);
  compareProperties(sa, sb, flow, at, out, walk);
  // `items` as one schema, or (draft-07 `items` as an array, 2020-12 `prefixItems`) one per position.
  const tuple = (node: SchemaNode) => (Array.isArray(node.prefixItems) ? node.prefixItems : Array.isArray(node.items) ? node.items : undefined);
  const [ta, tb] = [tuple(a), tuple(b)];
  if (ta || tb) {
    for (let i = 0; i < Math.max(ta?.length ?? 0, tb?.length ?? 0); i++) {
      compareSchemas({ ...sa, schema: ta?.[i] ?? true }, { ...sb, schema: tb?.[i] ?? true }, flow, `${items(at).slice(0, -1)}${i}]`, out, walk);
    }
  }
  const [ia, ib] = [Array.isArray(a.items) ? undefined : a.items, Array.isArray(b.items) ? undefined : b.items];
  if (ia !== undefined || ib !== undefined) compareSchemas({ ...sa, schema: ia ?? true }, { ...sb, schema: ib ?? true }, flow, items(at), out, walk);
  for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) compareBranches(sa, sb, a, b, combinator, flow, at, out, walk);
  if (a.deprecated !== true && b.deprecated === true) out.add({ id: 'schema-deprecated', level: 'info', flow, at, message: `${named(at)} is deprecated` });
}

/** `true` accepts anything, `false` nothing: a boolean schema against another schema widens or narrows. */
function compareBooleans(a: Json | undefined, b: Json | undefined, flow: Flow, at: string, out: ChangeSink): void {
  const accepts = (schema: Json | undefined) =>
    schema === false ? 0 : schema === true || schema === undefined || (isNode(schema) && Object.keys(schema).length === 0) ? 2 : 1;
  const [was, is] = [accepts(a), accepts(b)];
  if (was === is) {
    if (JSON.stringify(a) !== JSON.stringify(b)) out.add({ id: 'schema-changed', level: 'warning', flow, at, message: `${named(at)} changed form` });
    return;
  }
  const widened = is > was;
  out.add({
    id: widened ? 'schema-widened' : 'schema-narrowed',
    level: level(flow, widened ? 'widened' : 'narrowed'),
    flow,
    at,
    message: `${named(at)} ${is === 2 ? 'now accepts anything' : is === 0 ? 'now accepts nothing' : widened ? 'now accepts what its schema allows (it accepted nothing)' : 'now accepts only what its schema allows (it accepted anything)'}`,
  });
}

/**
 * The schema a side stands for once its `$ref`s are followed, with the resolver of the document it
 * ends in. Keywords beside a `$ref` (JSON Schema 2019-09 and later, OpenAPI 3.1) apply too: they are
 * laid over what it names.
 */
function follow(side: SchemaSide): SchemaSide {
  let current = side;
  for (let hops = 0; hops < 20; hops++) {
    const schema = current.schema;
    if (!isNode(schema) || typeof schema.$ref !== 'string') break;
    const target = current.resolve(schema.$ref);
    if (!target) return { ...current, schema: undefined };
    const { $ref: _ref, ...siblings } = schema;
    const merged = Object.keys(siblings).length > 0 && isNode(target.schema) ? { ...target.schema, ...siblings } : target.schema;
    current = { ...target, schema: merged };
  }
  return current;
}

function compareTypes(a: SchemaNode, b: SchemaNode, flow: Flow, at: string, out: ChangeSink): void {
  const [old, now] = [typesOf(a), typesOf(b)];
  if (!old && !now) return;
  const added = now && old ? [...now].filter((t) => !old.has(t) && !(t === 'integer' && old.has('number'))) : [];
  const removed = old && now ? [...old].filter((t) => !now.has(t) && !(t === 'integer' && now.has('number'))) : [];
  const numberToInteger = old?.has('number') && !now?.has('number') && now?.has('integer');
  if (!now || (old && added.length > 0)) {
    const what = !now ? 'any type' : added.join(', ');
    out.add({
      id: 'type-widened',
      level: level(flow, 'widened'),
      flow,
      at,
      message: `${named(at)} now also accepts ${what} (was ${old ? [...old].join(', ') : 'any'})`,
    });
  }
  if (!old || removed.length > 0 || numberToInteger) {
    const what = removed.length > 0 ? removed.join(', ') : numberToInteger ? 'non-integer numbers' : `types other than ${[...(now ?? [])].join(', ')}`;
    out.add({ id: 'type-narrowed', level: level(flow, 'narrowed'), flow, at, message: `${named(at)} no longer accepts ${what}` });
  }
}

function compareValues(a: SchemaNode, b: SchemaNode, flow: Flow, at: string, out: ChangeSink): void {
  const [old, now] = [valuesOf(a), valuesOf(b)];
  if (!old && !now) return;
  const text = (values: Json[]) => values.map((v) => JSON.stringify(v)).join(', ');
  const has = (values: Json[], value: Json) => values.some((v) => JSON.stringify(v) === JSON.stringify(value));
  if (old && now) {
    const added = now.filter((v) => !has(old, v));
    const removed = old.filter((v) => !has(now, v));
    if (added.length > 0)
      out.add({
        id: 'enum-value-added',
        level: level(flow, 'widened'),
        flow,
        at,
        message: `${named(at)} gained the value${added.length > 1 ? 's' : ''} ${text(added)}`,
      });
    if (removed.length > 0)
      out.add({
        id: 'enum-value-removed',
        level: level(flow, 'narrowed'),
        flow,
        at,
        message: `${named(at)} lost the value${removed.length > 1 ? 's' : ''} ${text(removed)}`,
      });
  } else if (now) {
    out.add({ id: 'enum-added', level: level(flow, 'narrowed'), flow, at, message: `${named(at)} is now limited to ${text(now)}` });
  } else {
    out.add({ id: 'enum-removed', level: level(flow, 'widened'), flow, at, message: `${named(at)} is no longer limited to ${text(old!)}` });
  }
}

function compareBounds(a: SchemaNode, b: SchemaNode, flow: Flow, at: string, out: ChangeSink): void {
  const bound = (keyword: string, old: Json | undefined, now: Json | undefined, tighter: boolean) => {
    const change = tighter ? 'narrowed' : 'widened';
    const words =
      old === undefined
        ? `added (${JSON.stringify(now)})`
        : now === undefined
          ? `removed (was ${JSON.stringify(old)})`
          : `${JSON.stringify(old)} → ${JSON.stringify(now)}`;
    out.add({ id: `${keyword}-${tighter ? 'tightened' : 'loosened'}`, level: level(flow, change), flow, at, message: `${named(at)} ${keyword} ${words}` });
  };
  for (const keyword of LOWER) {
    const [old, now] = [a[keyword], b[keyword]];
    if (JSON.stringify(old) === JSON.stringify(now) || typeof (old ?? now) !== 'number') continue;
    bound(keyword, old, now, old === undefined || (typeof now === 'number' && now > (old as number)));
  }
  for (const keyword of UPPER) {
    const [old, now] = [a[keyword], b[keyword]];
    if (JSON.stringify(old) === JSON.stringify(now) || typeof (old ?? now) !== 'number') continue;
    bound(keyword, old, now, old === undefined || (typeof now === 'number' && now < (old as number)));
  }
  // OpenAPI 3.0 (JSON Schema draft 4) writes exclusive bounds as booleans beside minimum/maximum.
  for (const keyword of ['exclusiveMinimum', 'exclusiveMaximum'] as const) {
    const [old, now] = [a[keyword] === true, b[keyword] === true];
    if (old === now || typeof (a[keyword] ?? b[keyword]) !== 'boolean') continue;
    bound(keyword, old, now, now);
  }
  if (a.pattern !== b.pattern) {
    // Two regular expressions cannot be compared: a new or changed pattern may narrow, a removed one widens.
    const removed = b.pattern === undefined;
    out.add({
      id: removed ? 'pattern-removed' : 'pattern-changed',
      level: removed ? level(flow, 'widened') : flow === 'output' ? 'info' : 'warning',
      flow,
      at,
      message: removed
        ? `${named(at)} no longer has the pattern ${String(a.pattern)}`
        : `${named(at)} pattern ${a.pattern === undefined ? 'added' : 'changed'}: ${String(b.pattern)}`,
    });
  }
}

function compareProperties(before: SchemaSide, after: SchemaSide, flow: Flow, at: string, out: ChangeSink, walk: Walk): void {
  const [a, b] = [before.schema as SchemaNode, after.schema as SchemaNode];
  const [oldProps, newProps] = [isNode(a.properties) ? a.properties : {}, isNode(b.properties) ? b.properties : {}];
  const required = (node: SchemaNode) => new Set(Array.isArray(node.required) ? node.required.map(String) : []);
  const [oldRequired, newRequired] = [required(a), required(b)];
  for (const name of [...new Set([...Object.keys(oldProps), ...Object.keys(newProps)])].sort()) {
    const place = child(at, name);
    if (!(name in newProps)) {
      // Receivers lose data they may read; senders' extra data is ignored unless additional properties are refused.
      const refused = b.additionalProperties === false;
      out.add({
        id: 'property-removed',
        level: flow === 'input' ? (refused ? 'error' : 'warning') : 'error',
        flow,
        at: place,
        message: `${place} was removed`,
      });
      continue;
    }
    if (!(name in oldProps)) {
      const needed = newRequired.has(name);
      out.add({
        id: needed ? 'required-property-added' : 'property-added',
        level: needed && flow !== 'output' ? 'error' : 'info',
        flow,
        at: place,
        message: `${place} was added${needed ? ' as required' : ''}`,
      });
      continue;
    }
    if (!oldRequired.has(name) && newRequired.has(name)) {
      out.add({ id: 'property-became-required', level: level(flow, 'narrowed'), flow, at: place, message: `${place} became required` });
    } else if (oldRequired.has(name) && !newRequired.has(name)) {
      out.add({ id: 'property-became-optional', level: level(flow, 'widened'), flow, at: place, message: `${place} became optional` });
    }
    compareSchemas({ ...before, schema: oldProps[name] }, { ...after, schema: newProps[name] }, flow, place, out, walk);
  }
  const [oldExtra, newExtra] = [a.additionalProperties, b.additionalProperties];
  if (oldExtra !== false && newExtra === false) {
    out.add({
      id: 'additional-properties-refused',
      level: level(flow, 'narrowed'),
      flow,
      at,
      message: `${named(at)} no longer accepts properties it does not list`,
    });
  } else if (oldExtra === false && newExtra !== false) {
    out.add({ id: 'additional-properties-allowed', level: level(flow, 'widened'), flow, at, message: `${named(at)} now accepts properties it does not list` });
  }
}

function compareBranches(
  before: SchemaSide,
  after: SchemaSide,
  a: SchemaNode,
  b: SchemaNode,
  combinator: 'allOf' | 'anyOf' | 'oneOf',
  flow: Flow,
  at: string,
  out: ChangeSink,
  walk: Walk,
): void {
  const [old, now] = [Array.isArray(a[combinator]) ? (a[combinator] as Json[]) : [], Array.isArray(b[combinator]) ? (b[combinator] as Json[]) : []];
  if (old.length === 0 && now.length === 0) return;
  for (let i = 0; i < Math.min(old.length, now.length); i++) {
    compareSchemas({ ...before, schema: old[i] }, { ...after, schema: now[i] }, flow, `${at}${at ? ' ' : ''}${combinator}[${i}]`, out, walk);
  }
  if (now.length === old.length) return;
  // One more alternative widens (anyOf, oneOf); one more constraint narrows (allOf).
  const grew = now.length > old.length;
  const change = (combinator === 'allOf') === grew ? 'narrowed' : 'widened';
  out.add({
    id: `${combinator}-${grew ? 'branch-added' : 'branch-removed'}`,
    level: level(flow, change),
    flow,
    at,
    message: `${named(at)} ${combinator} ${grew ? 'gained' : 'lost'} ${Math.abs(now.length - old.length)} schema${Math.abs(now.length - old.length) > 1 ? 's' : ''}`,
  });
}
