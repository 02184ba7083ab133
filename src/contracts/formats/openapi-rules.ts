/**
 * The rules of the OpenAPI specification that its JSON Schema cannot say, checked on the
 * dereferenced document (the OpenAPI parser checks only the schema for 3.x): the ones
 * @readme/openapi-parser checks, with the place of each problem, which its messages do not give.
 */

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface RuleProblem {
  pointer: (string | number)[];
  message: string;
}

interface Parameter {
  name?: unknown;
  in?: unknown;
}

const parametersOf = (value: unknown): Parameter[] => (Array.isArray(value) ? (value.filter((p) => typeof p === 'object' && p !== null) as Parameter[]) : []);

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export function openapiRuleProblems(api: unknown): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const operationIds = new Map<string, string>();
  for (const [path, item] of Object.entries(asRecord(asRecord(api).paths))) {
    const pathItem = asRecord(item);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const shared = parametersOf(pathItem.parameters);
    duplicates(shared, ['paths', path, 'parameters'], problems);
    for (const method of METHODS) {
      if (!(method in pathItem)) continue;
      const operation = asRecord(pathItem[method]);
      const at = ['paths', path, method];
      const own = parametersOf(operation.parameters);
      duplicates(own, [...at, 'parameters'], problems);
      const id = operation.operationId;
      if (typeof id === 'string') {
        const first = operationIds.get(id);
        if (first) problems.push({ pointer: [...at, 'operationId'], message: `operationId "${id}" is also the id of ${first}: operation ids are unique` });
        else operationIds.set(id, `${method.toUpperCase()} ${path}`);
      }
      // An operation's parameter overrides the path's of the same name and location.
      const inPath = [...own, ...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in))].filter((p) => p.in === 'path');
      const missing = templated.filter((name) => !inPath.some((p) => p.name === name));
      if (missing.length > 0) {
        problems.push({ pointer: at, message: `${method.toUpperCase()} ${path} declares no path parameter ${missing.map((m) => `"${m}"`).join(', ')}` });
      }
      own.forEach((parameter, i) => {
        if (parameter.in === 'path' && !templated.includes(String(parameter.name))) {
          problems.push({ pointer: [...at, 'parameters', i], message: `path parameter "${String(parameter.name)}" does not appear in the path ${path}` });
        }
      });
    }
  }
  return problems;
}

function duplicates(parameters: Parameter[], at: (string | number)[], problems: RuleProblem[]): void {
  const seen = new Set<string>();
  parameters.forEach((parameter, i) => {
    const key = `${String(parameter.in)} ${String(parameter.name)}`;
    if (seen.has(key)) problems.push({ pointer: [...at, i], message: `parameter "${String(parameter.name)}" (in ${String(parameter.in)}) is declared twice` });
    seen.add(key);
  });
}

/** Where an OpenAPI 3.1 document holds Schema Objects (examples hold data, not schemas). */
export function schemaObjects(api: unknown): { pointer: (string | number)[]; schema: unknown }[] {
  const found: { pointer: (string | number)[]; schema: unknown }[] = [];
  const seen = new Set<unknown>();
  const visit = (node: unknown, pointer: (string | number)[]) => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    for (const [key, child] of Object.entries(node)) {
      if (key === 'example' || key === 'examples') continue;
      const at = [...pointer, Array.isArray(node) ? Number(key) : key];
      const isSchemas = pointer.length === 1 && pointer[0] === 'components' && key === 'schemas';
      if (key === 'schema' && !Array.isArray(node)) found.push({ pointer: at, schema: child });
      else if (isSchemas) for (const [name, schema] of Object.entries(asRecord(child))) found.push({ pointer: [...at, name], schema });
      else visit(child, at);
    }
  };
  visit(api, []);
  return found;
}
