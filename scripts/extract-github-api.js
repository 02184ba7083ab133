// Extracts from GitHub's published REST description (@octokit/openapi) just the operations
// cn-guard calls, with the component schemas they reference (transitively), into
// test/fixtures/github/api.json. The fake GitHub of the tests (test/support/github-api.ts) checks
// every request against it, without parsing the ~13 MB description on every run.
//
// The output is deterministic (sorted keys, descriptions and examples dropped: only what
// validates), and records the package version, so test/unit/github-api-extract.test.ts fails when
// an update of @octokit/openapi changes it: run `node scripts/extract-github-api.js` again.
//
//   node scripts/extract-github-api.js            write the extract
//   node scripts/extract-github-api.js --stdout   print it instead
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every operation src/github may call; the fake GitHub answers nothing else. */
const OPERATIONS = ['checks/create', 'checks/update', 'issues/create-comment', 'issues/list-comments', 'issues/update-comment', 'users/get-authenticated'];

const OUTPUT = fileURLToPath(new URL('../test/fixtures/github/api.json', import.meta.url));
const PACKAGE = '@octokit/openapi';
const packageDir = dirname(createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`));
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** Keys that only document: dropping them keeps the extract small and its diffs about validation. */
const ANNOTATIONS = new Set(['description', 'example', 'examples', 'externalDocs', 'summary', 'title']);

/** A schema without its annotations; `properties` maps property names (which may be `title`, `description`…) to schemas. */
function clean(node) {
  if (Array.isArray(node)) return node.map(clean);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
    out[key] =
      key === 'properties' || key === 'patternProperties'
        ? Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, clean(schema)]))
        : clean(value);
  }
  return out;
}

function resolve(api, node) {
  if (!node?.$ref) return node;
  const [, section, name] = node.$ref.match(/^#\/components\/([^/]+)\/(.+)$/) ?? [];
  const target = api.components?.[section]?.[name];
  if (!target) throw new Error(`unresolvable reference ${node.$ref}`);
  return resolve(api, target);
}

function findOperations(api) {
  const found = new Map();
  for (const [path, item] of Object.entries(api.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (OPERATIONS.includes(operation?.operationId)) found.set(operation.operationId, { method, path, operation });
    }
  }
  return found;
}

function extractOperation(api, { method, path, operation }) {
  const parameters = operation.parameters.map((ref) => {
    const { name, in: where, required = false, schema } = resolve(api, ref);
    return { in: where, name, required, schema: clean(schema) };
  });
  const body = resolve(api, operation.requestBody);
  const json = body?.content?.['application/json'];
  const responses = {};
  for (const [status, ref] of Object.entries(operation.responses)) {
    const schema = resolve(api, ref)?.content?.['application/json']?.schema;
    if (/^2\d\d$/.test(status) && schema) responses[status] = clean(schema);
  }
  return {
    method: method.toUpperCase(),
    parameters,
    path,
    ...(json && { requestBody: { required: body.required === true, schema: clean(json.schema) } }),
    responses,
  };
}

/** The component schemas `roots` reference, and those they reference, by name. */
function referencedSchemas(api, roots) {
  const schemas = {};
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const name = typeof node.$ref === 'string' ? node.$ref.match(/^#\/components\/schemas\/(.+)$/)?.[1] : undefined;
    if (name !== undefined && !(name in schemas)) {
      const schema = api.components.schemas[name];
      if (!schema) throw new Error(`unresolvable reference ${node.$ref}`);
      schemas[name] = clean(schema);
      visit(schemas[name]);
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(roots);
  return schemas;
}

/** GitHub Enterprise Server releases the package describes, oldest first, with the operations each has. */
function enterpriseServers() {
  const dir = join(packageDir, 'generated');
  return readdirSync(dir)
    .map((file) => file.match(/^ghes-(\d+)\.(\d+)\.json$/))
    .filter(Boolean)
    .sort((a, b) => a[1] - b[1] || a[2] - b[2])
    .map(([file, major, minor]) => ({ version: `${major}.${minor}`, operations: findOperations(readJson(join(dir, file))) }));
}

function sortKeys(node) {
  if (Array.isArray(node)) return node.map(sortKeys);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.keys(node)
      .sort()
      .map((key) => [key, sortKeys(node[key])]),
  );
}

function extract() {
  const api = readJson(join(packageDir, 'generated', 'api.github.com.json'));
  const found = findOperations(api);
  const missing = OPERATIONS.filter((id) => !found.has(id));
  if (missing.length) throw new Error(`${PACKAGE} no longer describes ${missing.join(', ')}`);
  const servers = enterpriseServers();
  const operations = {};
  for (const id of OPERATIONS) {
    const { method, path } = found.get(id);
    // Where the same method and path exist on GitHub Enterprise Server (GITHUB_API_URL=https://HOST/api/v3).
    const ghes = servers
      .filter((server) => [...server.operations.values()].some((o) => o.method === method && o.path === path))
      .map((server) => server.version);
    operations[id] = { ...extractOperation(api, found.get(id)), ghes };
  }
  const { version } = readJson(join(packageDir, 'package.json'));
  return sortKeys({
    components: { schemas: referencedSchemas(api, operations) },
    operations,
    source: { description: 'generated/api.github.com.json', openapi: api.openapi, package: PACKAGE, version },
  });
}

const text = `${JSON.stringify(extract(), null, 2)}\n`;
if (process.argv.includes('--stdout')) process.stdout.write(text);
else {
  writeFileSync(OUTPUT, text);
  process.stdout.write(`wrote ${OUTPUT}\n`);
}
