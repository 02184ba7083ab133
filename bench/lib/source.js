// Renders the text of a planned file. Bodies look like ordinary application
// code, and deliberately contain the things that fool a regex-based import
// scanner: import-like text in comments, strings, template literals and JSX,
// `obj.import(...)` member calls, `import.meta`, regex literals with quotes
// and slashes, and division operators. Only real import syntax carries edges.
import { capitalize } from './layout.js';

const BACKTICK = '`';
const REGEX_LITERALS = [
  String.raw`/import\s+(?:type\s+)?\{[^}]*\}\s+from\s+['"]([^'"]+)['"]/g`,
  String.raw`/require\(\s*['"]([^'"]+)['"]\s*\)/`,
  String.raw`/^\s*\/\/.*$/gm`,
  `/['"${BACKTICK}]/g`,
  String.raw`/\/\*[\s\S]*?\*\//g`,
  String.raw`/^[a-z][\w-]*(?:\/[\w.-]+)*$/i`,
];

const DESCRIPTIONS = [
  'Coordinates the read and write paths',
  'Keeps the in-memory view consistent with the backend',
  'Maps transport payloads onto domain objects',
  'Validates input before it reaches the store',
  'Batches outgoing requests so that the API is not flooded',
];

/** @returns {string} the file's source text */
export function renderFile(file, random) {
  return file.isIndex ? renderBarrel(file, random) : renderModule(file, random);
}

function renderBarrel(file, random) {
  const names = new LocalNames([]);
  const subject = file.folder.rel || file.domain.name;
  const lines = [`// Public surface of ${file.domain.root}${file.folder.rel ? `/${file.folder.rel}` : ''}.`];
  if (random.chance(0.3)) lines.push(`// Keep this list sorted; consumers import from '${subject}' rather than deep paths.`);
  for (const imp of file.imports) lines.push(renderStatement(imp, names, random));
  return `${lines.join('\n')}\n`;
}

function renderModule(file, random) {
  const s = file.symbols;
  // The module's own top-level names; imports must not shadow them.
  const names = new LocalNames([s.type, s.options, s.factory, s.constant, `${s.type}Props`]);
  const top = [];
  const loaders = [];
  const reexports = [];
  const values = [];
  const types = [];
  for (const imp of file.imports) {
    if (imp.syntax === 'dynamic' || imp.syntax === 'require') loaders.push(renderLoader(imp, names, random));
    else if (imp.syntax.startsWith('reexport-')) reexports.push(renderStatement(imp, names, random));
    else top.push(renderStatement(imp, names, random, values, types));
  }
  const decoys = file.decoys.map((d) => ({ ...d, quoted: `import { ${d.symbols.factory} } from '${d.specifier}'` }));

  const out = [];
  out.push(headerComment(file, decoys[0], random));
  out.push(...top, '');
  if (decoys[1]) out.push(`const USAGE_HINT = "${decoys[1].quoted.replaceAll('"', '\\"')}";`);
  if (random.chance(0.25)) out.push(`const SPECIFIER_PATTERN = ${random.pick(REGEX_LITERALS)};`);
  out.push(
    `export const ${s.constant} = Object.freeze({ retries: ${random.range(1, 5)}, timeoutMs: ${random.range(2, 60) * 250}, label: '${random.pick(['import', 'export', 'from', 'require'])} queue' });`,
    '',
  );
  out.push(...interfaceBlock(s, types, random), '');
  const isComponent = file.ext === '.tsx';
  out.push(...(isComponent ? componentBlock(s, decoys[2], random) : classBlock(s, decoys[2], random)), '');
  out.push(...factoryBlock(s, values, isComponent, random));
  for (const loader of loaders) out.push('', ...loader);
  if (random.chance(0.15)) out.push('', ...metaBlock());
  if (reexports.length > 0) out.push('', ...reexports);
  return `${out.join('\n')}\n`;
}

function headerComment(file, decoy, random) {
  const lines = ['/**', ` * ${file.symbols.type}: ${random.pick(DESCRIPTIONS).toLowerCase()}.`];
  if (decoy) {
    lines.push(
      ' *',
      ' * Migration note: older callers wrote',
      ` *   ${decoy.quoted};`,
      ` * or require('${decoy.specifier}') — both are gone, do not bring them back.`,
    );
  }
  lines.push(' */');
  return lines.join('\n');
}

function interfaceBlock(s, types, random) {
  const lines = [`export interface ${s.options} {`, '  id: string;', '  createdAt: Date;', '  label?: string;', '  weight?: number;'];
  const extras = ['enabled?: boolean;', 'tags?: readonly string[];', 'limits?: Record<string, number>;'];
  for (const field of random.sample(extras, random.range(0, 3))) lines.push(`  ${field}`);
  for (const [i, t] of types.entries()) lines.push(`  related${i}?: ${t};`);
  lines.push('}');
  return lines;
}

function classBlock(s, decoy, random) {
  const lines = [
    `export class ${s.type} {`,
    `  private readonly items = new Map<string, ${s.options}>();`,
    `  // Member calls named import/require are not module imports.`,
    `  private readonly registry = { import: (path: string) => path, require: (path: string) => path.length };`,
    '',
    `  constructor(private readonly options: Partial<${s.options}> = {}) {}`,
    '',
    `  add(item: ${s.options}): void {`,
    `    if (/^\\d+$/.test(item.id)) {`,
    `      this.items.set(\`#\${item.id}\`, item);`,
    '    } else {',
    `      this.items.set(item.id.replace(/[^\\w-]/g, '_'), item);`,
    '    }',
    '  }',
    '',
    `  ratio(part: number, total = this.items.size): number {`,
    `    return total === 0 ? 0 : part / total / (this.options.weight ?? 1);`,
    '  }',
    '',
    `  describe(kind: 'import' | 'export' = 'import'): string {`,
    `    const verb = kind === 'import' ? \`import \${this.items.size} item(s) from "\${this.options.label ?? 'cache'}"\` : "export * from 'here'";`,
    `    return \`\${verb} — \${this.ratio(1) * 100}% / \${'done'}\`;`,
    '  }',
  ];
  if (decoy) {
    lines.push(
      '',
      '  resolveLegacy(): string {',
      `    return this.registry.import('${decoy.specifier}') + this.registry.require("${decoy.specifier}");`,
      '  }',
    );
  }
  if (random.chance(0.5)) {
    lines.push(
      '',
      `  /* TODO(${random.pick(['ana', 'li', 'sam'])}): ${s.type} should not grow more; import { X } from "elsewhere" instead. */`,
      `  static isEmpty(value: ${s.type}): boolean {`,
      `    return value.items.size === 0;`,
      '  }',
    );
  }
  lines.push('}');
  return lines;
}

// JSX text is where lexers without JSX support go wrong: apostrophes are not
// string delimiters and `//` inside text is not a comment.
function componentBlock(s, decoy, random) {
  const snippet = decoy ? decoy.quoted : "import { x } from './x.js'";
  return [
    `export interface ${s.type}Props {`,
    `  title: string;`,
    `  items: readonly string[];`,
    '}',
    '',
    `export function ${s.type}({ title, items }: ${s.type}Props) {`,
    `  const total = useMemo(() => items.length / 2, [items]);`,
    '  return (',
    `    <section className="${s.type.toLowerCase()}" data-hint="import { x } from 'y'">`,
    '      <h2>{title}</h2>',
    `      <p>Don't forget: we can't show ${random.pick(['orders', 'items', 'rows'])} until they're loaded. See https://example.com/docs</p>`,
    `      <code>{${JSON.stringify(snippet)}}</code>`,
    '      <ul>',
    '        {items.map((item) => (',
    '          <li key={item}>{`${item} / ${total}`}</li>',
    '        ))}',
    '      </ul>',
    '    </section>',
    '  );',
    '}',
  ];
}

// Components are functions, not classes: their factory builds options instead.
function factoryBlock(s, values, isComponent, random) {
  const returns = isComponent ? s.options : s.type;
  const lines = [`export function ${s.factory}(overrides: Partial<${s.options}> = {}): ${returns} {`, `  const merged = { ...${s.constant}, ...overrides };`];
  if (values.length > 0) lines.push(`  const collaborators = [${values.join(', ')}] as const;`);
  if (random.chance(0.4)) lines.push(`  const pattern = ${random.pick(REGEX_LITERALS)};`, `  void pattern;`);
  lines.push(`  // ${random.pick(['import', 'require', 'export'])} side effects live in the loaders below.`);
  const weight = values.length > 0 ? 'collaborators.length' : '1';
  lines.push(
    isComponent ? `  return { id: 'new', createdAt: new Date(), ...merged, weight: ${weight} };` : `  return new ${s.type}({ ...merged, weight: ${weight} });`,
    '}',
  );
  return lines;
}

function metaBlock() {
  return [
    '// import.meta is not an import; neither is a string containing one.',
    `export const moduleUrl = new URL('./assets/', import.meta.url);`,
    `export const note = 'import("./not-a-dependency.js")';`,
  ];
}

function renderLoader(imp, names, random) {
  const fn = names.bind(`load${capitalize(imp.target.symbols.type)}`);
  const q = quote(random);
  if (imp.syntax === 'dynamic') {
    return [`export async function ${fn}() {`, `  const mod = await import(${q}${imp.specifier}${q});`, `  return mod;`, '}'];
  }
  return [`// Loaded lazily to keep the start-up path small.`, `export function ${fn}(): unknown {`, `  return require(${q}${imp.specifier}${q});`, '}'];
}

/**
 * Renders one top-level import/export statement. Imported value and type
 * bindings are appended to `values` / `types` so the body can use them.
 */
function renderStatement(imp, names, random, values = [], types = []) {
  const q = quote(random);
  const from = `${q}${imp.specifier}${q}`;
  const t = imp.target?.symbols;
  switch (imp.syntax) {
    case 'external': {
      const local = names.bind(imp.name);
      values.push(local);
      return `import { ${binding(imp.name, local)} } from ${from};`;
    }
    case 'named': {
      const picked = random.sample([t.factory, t.constant, t.type], random.range(1, 3));
      const bound = picked.map((n) => [n, names.bind(n)]);
      values.push(...bound.map(([, local]) => local));
      return namedClause(
        'import',
        bound.map(([n, local]) => binding(n, local)),
        from,
        random,
      );
    }
    case 'type': {
      const bound = [t.type, t.options].map((n) => [n, names.bind(n)]);
      types.push(...bound.map(([, local]) => local));
      return namedClause(
        'import type',
        bound.map(([n, local]) => binding(n, local)),
        from,
        random,
      );
    }
    case 'inline-type': {
      const typeLocal = names.bind(t.options);
      const valueLocal = names.bind(t.factory);
      types.push(typeLocal);
      values.push(valueLocal);
      return namedClause('import', [`type ${binding(t.options, typeLocal)}`, binding(t.factory, valueLocal)], from, random);
    }
    case 'namespace': {
      const local = names.bind(lowerFirst(t.type));
      values.push(local);
      return `import * as ${local} from ${from};`;
    }
    case 'side-effect':
      return `import ${from};`;
    case 'reexport-named':
      return namedClause('export', [binding(t.factory, names.bind(t.factory))], from, random);
    case 'reexport-type':
      return namedClause('export type', [binding(t.options, names.bind(t.options))], from, random);
    case 'reexport-star':
      return `export * from ${from};`;
    case 'reexport-namespace':
      return `export * as ${names.bind(lowerFirst(imp.target.folder.name))} from ${from};`;
    default:
      throw new Error(`unknown import syntax ${imp.syntax}`);
  }
}

function namedClause(keyword, bindings, from, random) {
  if (bindings.length > 1 && random.chance(0.3)) {
    return `${keyword} {\n${bindings.map((b) => `  ${b},`).join('\n')}\n} from ${from};`;
  }
  return `${keyword} { ${bindings.join(', ')} } from ${from};`;
}

function binding(name, local) {
  return name === local ? name : `${name} as ${local}`;
}

function quote(random) {
  return random.chance(0.85) ? "'" : '"';
}

function lowerFirst(s) {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Hands out unique local binding names: imports of equal names get a numeric suffix. */
class LocalNames {
  constructor(reserved) {
    this.used = new Set(reserved);
  }

  bind(name) {
    let local = name;
    for (let i = 2; this.used.has(local); i++) local = `${name}${i}`;
    this.used.add(local);
    return local;
  }
}
