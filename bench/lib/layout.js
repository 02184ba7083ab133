// Plans the synthetic repository: domains, their folders and files, the
// tsconfig aliases and the forbidden-import rules. Nothing is written here;
// the plan is plain data that the import planner and the writers consume.
import { COMPONENT_SUFFIXES, FOLDER_WORDS, MODULE_SUFFIXES, NOUNS, PACKAGE_NAMES, SRC_DOMAIN_NAMES } from './words.js';

const UNOWNED_FILES = ['src/main.ts', 'src/bootstrap.ts'];
const TSX_SHARE = 0.04;
const FILES_PER_FOLDER = 20;
const MAX_FOLDER_DEPTH = 3;
// tsconfig "paths" aliases exist for the most imported domains plus one
// higher-layer domain, so that some violations go through an alias too.
const ALIASED_DOMAINS = ['core', 'ui', 'auth', 'users', 'billing'];

/**
 * @param {{files: number, domains: number, random: ReturnType<import('./random.js').createRandom>}} options
 */
export function planRepo({ files, domains: domainCount, random }) {
  const domains = createDomains(domainCount);
  const ownedFileCount = files - UNOWNED_FILES.length;
  const minimum = domains.length * 8;
  if (ownedFileCount < minimum) {
    throw new Error(`--files ${files} is too small for ${domains.length} domains (need at least ${minimum + UNOWNED_FILES.length})`);
  }
  const counts = splitCount(
    ownedFileCount,
    domains.map((d) => (d.kind === 'package' ? 0.6 : 0.5 + random.next())),
  );
  for (const [i, domain] of domains.entries()) planDomainFiles(domain, counts[i], random);
  for (const domain of domains) domain.forbidden = chooseForbidden(domain, domains, random);
  for (const domain of domains) domain.allowed = allowedDomains(domain, domains);

  // A few files outside every domain's scope (orchestrator.toml: unowned = "allow").
  const unowned = UNOWNED_FILES.map((path) => createFile(path, null, null));
  return { domains, files: [...domains.flatMap((d) => d.files), ...unowned] };
}

function createDomains(count) {
  const packageCount = Math.min(PACKAGE_NAMES.length, Math.max(1, Math.round(count / 5)));
  const srcCount = count - packageCount;
  if (srcCount < 2) throw new Error('--domains must be at least 3');
  const srcNames = Array.from({ length: srcCount }, (_, i) => SRC_DOMAIN_NAMES[i] ?? `domain-${i + 1}`);
  // 'legacy', the highest package and a common forbidden target, is always one of them.
  const packageNames = [...PACKAGE_NAMES.slice(0, packageCount - 1), 'legacy'];

  const packages = packageNames.map((name, layer) => ({
    name,
    kind: 'package',
    layer,
    root: `packages/${name}`,
    codeRoot: `packages/${name}/src`,
    packageName: `@bench/${name}`,
    alias: null,
  }));
  const srcDomains = srcNames.map((name, i) => ({
    name,
    kind: 'src',
    // Every src domain sits above every package.
    layer: packageCount + i,
    root: `src/${name}`,
    codeRoot: `src/${name}`,
    packageName: null,
    alias: ALIASED_DOMAINS.includes(name) ? `@${name}` : null,
  }));
  return [...srcDomains, ...packages].map((d) => ({ ...d, folders: [], files: [], forbidden: [], allowed: [] }));
}

/** Splits `total` proportionally to `weights` (largest remainder), each part >= 8. */
function splitCount(total, weights) {
  const sum = weights.reduce((a, b) => a + b, 0);
  const spare = total - 8 * weights.length;
  const raw = weights.map((w) => (spare * w) / sum);
  const parts = raw.map((r) => 8 + Math.floor(r));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++, left--) parts[order[k % order.length][1]]++;
  return parts;
}

function planDomainFiles(domain, fileCount, random) {
  const root = addFolder(domain, null, '');
  // Fixed folders: packages need utils/ for their "./utils" export, src
  // domains get an internal/ folder that other domains may be forbidden from.
  const fixed = domain.kind === 'package' ? ['utils'] : ['internal', 'model', 'services'];
  for (const name of fixed) addFolder(domain, root, name);
  const folderTarget = Math.max(domain.folders.length, Math.min(Math.round(fileCount / FILES_PER_FOLDER), fileCount - 4));
  while (domain.folders.length < folderTarget) {
    const parent = random.pick(domain.folders.filter((f) => f.depth < MAX_FOLDER_DEPTH));
    const taken = new Set(parent.children.map((c) => c.name));
    const name = random.pick(FOLDER_WORDS.filter((w) => !taken.has(w))) ?? `area${domain.folders.length}`;
    addFolder(domain, parent, name);
  }
  for (let i = domain.folders.length; i < fileCount; i++) {
    addModuleFile(domain, random.pick(domain.folders), random);
  }
}

function addFolder(domain, parent, name) {
  const rel = parent?.rel ? `${parent.rel}/${name}` : name;
  const dir = rel ? `${domain.codeRoot}/${rel}` : domain.codeRoot;
  const folder = {
    name,
    rel,
    dir,
    depth: parent ? parent.depth + 1 : 0,
    parent,
    children: [],
    files: [],
    // Everything below <domain>/internal/ is private to the domain.
    internal: rel === 'internal' || rel.startsWith('internal/'),
  };
  parent?.children.push(folder);
  domain.folders.push(folder);
  folder.index = createFile(`${dir}/index.ts`, domain, folder);
  folder.index.isIndex = true;
  return folder;
}

function addModuleFile(domain, folder, random) {
  const tsx = random.chance(TSX_SHARE);
  const taken = new Set(folder.files.map((f) => f.base));
  let base;
  for (let attempt = 0; !base || taken.has(base); attempt++) {
    const noun = random.pick(NOUNS);
    base = tsx ? capitalize(noun) + random.pick(COMPONENT_SUFFIXES) : noun + random.pick(MODULE_SUFFIXES);
    if (attempt > 20) base += attempt;
  }
  createFile(`${folder.dir}/${base}${tsx ? '.tsx' : '.ts'}`, domain, folder);
}

function createFile(path, domain, folder) {
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  const file = {
    path,
    dir: path.slice(0, slash),
    base: name.slice(0, dot),
    ext: name.slice(dot),
    domain,
    folder,
    isIndex: false,
    internal: folder?.internal ?? false,
    symbols: symbolsFor(name.slice(0, dot), folder, domain),
  };
  if (folder) folder.files.push(file);
  if (domain) domain.files.push(file);
  return file;
}

/** The names a module exports; importers pick from these so imports look real. */
function symbolsFor(base, folder, domain) {
  if (base === 'index') base = `${folder.rel ? folder.name : domain.name}Api`;
  const type = capitalize(base.replace(/[^A-Za-z0-9]/g, ''));
  return {
    type,
    options: `${type}Options`,
    factory: `create${type}`,
    constant: `${toConstantCase(type)}_DEFAULTS`,
  };
}

/**
 * Forbidden folders for a domain. Rules only ever name *other* domains'
 * folders, so "target inside the importer's own scope" never arises.
 */
function chooseForbidden(domain, domains, random) {
  const peers = domains.filter((d) => d.kind === domain.kind && d !== domain);
  const higher = peers.filter((d) => d.layer > domain.layer);
  const lower = peers.filter((d) => d.layer < domain.layer);
  const legacy = domains.find((d) => d.name === 'legacy' && d.kind === 'package');
  const forbidden = new Set();

  if (domain.kind === 'package') {
    // Packages form a strict stack: nothing may reach up.
    for (const d of higher) forbidden.add(d.root);
    return [...forbidden];
  }
  // Prefix trap (see words.js): 'admin' may use users-admin but not users.
  const trap = domain.name === 'admin' && domains.some((d) => d.name === 'users-admin');
  if (trap) forbidden.add('src/users');
  for (const d of random.sample(higher, random.range(1, 2))) forbidden.add(d.root);
  // Sometimes a lower domain is off limits too (but never the base layers).
  const lowerCandidates = lower.slice(2).filter((d) => !(trap && d.name === 'users-admin'));
  if (lowerCandidates.length > 0 && random.chance(0.35)) forbidden.add(random.pick(lowerCandidates).root);
  if (legacy && random.chance(0.5)) forbidden.add(legacy.root);
  const reachable = lower.filter((d) => !forbidden.has(d.root));
  if (reachable.length > 0 && random.chance(0.5)) forbidden.add(`${random.pick(reachable).root}/internal`);
  return [...forbidden];
}

/** Domains a domain normally imports from: lower layers that are not forbidden. */
function allowedDomains(domain, domains) {
  return domains.filter((d) => d !== domain && d.layer < domain.layer && !domain.forbidden.includes(d.root));
}

export function capitalize(s) {
  return s
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function toConstantCase(s) {
  return s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}
