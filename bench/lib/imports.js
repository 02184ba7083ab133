// Decides what every file imports. Each planned import of a repository file
// carries its resolved `target`, so the edges (and from them the expected
// violations) are known without resolving anything afterwards.
import { aliasSpecifier, isPackageEntry, packageSpecifier, pickStyle, relativeSpecifier } from './specifiers.js';

const IMPORTS_PER_FILE = { mean: 14, spread: 5, min: 1, max: 30 };
const IMPORT_KINDS = { intra: 0.6, cross: 0.28, external: 0.12 };
// Share of cross-domain imports that hit a forbidden folder; with ~3.5
// cross-domain imports per file this yields a few hundred violating edges
// for 10,000 files.
const VIOLATION_RATE = 0.012;
const SAME_FOLDER_SHARE = 0.5;
// Real code is mostly layered: a module imports lower-level modules, and only
// occasionally something above it (which is what makes cycles). A uniformly
// random graph is unrealistic, and pathological for depth-first crawlers: its
// DFS depth approaches the file count (dependency-cruiser, which recurses per
// module, overflows the stack on it at 10,000 files).
const UPWARD_SHARE = 0.03;
const ALIAS_SHARE = 0.6;
const MAX_BARREL_ENTRIES = 10;

const SYNTAX = {
  named: 0.58,
  type: 0.12,
  'inline-type': 0.06,
  namespace: 0.05,
  'side-effect': 0.01,
  'reexport-named': 0.05,
  'reexport-star': 0.03,
  'reexport-type': 0.04,
  dynamic: 0.035,
  require: 0.025,
};

// Node built-ins and an npm package: they stay external (no edge).
const EXTERNALS = [
  { specifier: 'node:fs', name: 'readFileSync' },
  { specifier: 'node:path', name: 'join' },
  { specifier: 'node:crypto', name: 'randomUUID' },
  { specifier: 'node:events', name: 'EventEmitter' },
  { specifier: 'react', name: 'useMemo' },
];

/**
 * Fills `file.imports` (and `file.decoys`) for every file of the plan.
 * An import is {specifier, syntax, target?}; `target` is absent for externals.
 */
export function planImports(plan, random) {
  for (const domain of plan.domains) rankFiles(domain, random);
  for (const file of plan.files) {
    file.imports = file.isIndex ? barrelImports(file, random) : moduleImports(file, plan, random);
    // Components need react's useMemo; add the import unless it is already there.
    if (file.ext === '.tsx' && !file.imports.some((i) => i.specifier === 'react')) {
      file.imports.unshift({ specifier: 'react', syntax: 'external', name: 'useMemo' });
    }
    file.decoys = decoySpecifiers(file, plan, random);
  }
}

/** Edges (from -> resolved target) in the order they were planned. */
export function edgesOf(plan) {
  return plan.files.flatMap((file) => file.imports.filter((i) => i.target).map((i) => ({ from: file, to: i.target })));
}

// An index.ts re-exports its folder's modules and its public subfolders.
function barrelImports(index, random) {
  const folder = index.folder;
  const modules = random.sample(
    folder.files.filter((f) => !f.isIndex),
    MAX_BARREL_ENTRIES,
  );
  modules.sort((a, b) => (a.path < b.path ? -1 : 1));
  const imports = modules.map((target) => ({
    target,
    specifier: relativeSpecifier(index.dir, target, pickStyle(target, random)),
    syntax: random.weighted({ 'reexport-star': 0.5, 'reexport-named': 0.3, 'reexport-type': 0.2 }),
  }));
  for (const child of folder.children) {
    if (child.internal && !folder.internal) continue;
    imports.push({
      target: child.index,
      specifier: relativeSpecifier(index.dir, child.index, pickStyle(child.index, random)),
      syntax: 'reexport-namespace',
    });
  }
  return imports;
}

function moduleImports(file, plan, random) {
  const count = random.around(IMPORTS_PER_FILE.mean, IMPORTS_PER_FILE.spread, IMPORTS_PER_FILE.min, IMPORTS_PER_FILE.max);
  const imports = [];
  const seen = new Set([file.path]);
  for (let i = 0; i < count; i++) {
    const kind = file.domain ? random.weighted(IMPORT_KINDS) : 'cross';
    if (kind === 'external') {
      const external = random.pick(EXTERNALS);
      if (seen.has(external.specifier)) continue;
      seen.add(external.specifier);
      imports.push({ specifier: external.specifier, syntax: 'external', name: external.name });
      continue;
    }
    // The lowest modules of a domain have nothing below them: they import other domains instead.
    const picked = (kind === 'intra' && pickIntra(file, random)) || pickCross(file, plan, random);
    if (!picked || seen.has(picked.target.path)) continue;
    seen.add(picked.target.path);
    imports.push({ ...picked, syntax: random.weighted(SYNTAX) });
  }
  return imports;
}

/**
 * Gives every file of a domain a `rank` (its level in the domain's layering)
 * and the domain a `byRank` list. Modules get a random order; a barrel sits
 * just above everything it re-exports.
 */
function rankFiles(domain, random) {
  const modules = random.sample(
    domain.files.filter((f) => !f.isIndex),
    Infinity,
  );
  for (const [i, file] of modules.entries()) file.rank = i;
  const deepestFirst = [...domain.folders].sort((a, b) => b.depth - a.depth);
  for (const folder of deepestFirst) {
    const below = [...folder.files.filter((f) => !f.isIndex), ...folder.children.map((c) => c.index)];
    folder.index.rank = Math.max(-1, ...below.map((f) => f.rank)) + 0.5;
  }
  domain.byRank = [...domain.files].sort((a, b) => a.rank - b.rank);
}

function pickIntra(file, random) {
  const upward = random.chance(UPWARD_SHARE);
  let pool;
  if (random.chance(SAME_FOLDER_SHARE)) {
    pool = file.folder.files.filter((f) => upward || f.rank < file.rank);
  } else {
    // byRank is sorted, so the files below this one are a prefix of it.
    pool = upward ? file.domain.byRank : file.domain.byRank.slice(0, countBelow(file.domain.byRank, file.rank));
  }
  if (pool.length === 0) return null;
  const target = random.pick(pool);
  return { target, specifier: relativeSpecifier(file.dir, target, pickStyle(target, random)) };
}

function countBelow(sorted, rank) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].rank < rank) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function pickCross(file, plan, random) {
  const domain = file.domain;
  if (domain && domain.forbidden.length > 0 && random.chance(VIOLATION_RATE)) {
    return pickForbidden(file, plan, random);
  }
  const candidates = domain ? domain.allowed : plan.domains;
  if (candidates.length === 0) return null;
  // The lowest layers (core, ui, ...) are imported more than the rest.
  const owner = random.chance(0.35) ? random.pick(candidates.slice(0, 3)) : random.pick(candidates);
  return publicTarget(file, owner, random);
}

function pickForbidden(file, plan, random) {
  const folder = random.pick(file.domain.forbidden);
  const owner = plan.domains.find((d) => folder === d.root || folder.startsWith(`${d.root}/`));
  if (folder === owner.root) return publicTarget(file, owner, random);
  const target = random.pick(filesUnder(owner.files, folder));
  return { target, specifier: crossSpecifier(file, owner, target, random) };
}

// The same filtered lists are asked for once per import: computed once per list and key, so that
// generating is linear in the number of files (the filters made 50,000 files take minutes).
const memo = new WeakMap();
function cached(list, key, compute) {
  let byKey = memo.get(list);
  if (!byKey) memo.set(list, (byKey = new Map()));
  if (!byKey.has(key)) byKey.set(key, compute());
  return byKey.get(key);
}
const filesUnder = (files, folder) => cached(files, `under:${folder}`, () => files.filter((f) => f.path.startsWith(`${folder}/`)));

// What another domain normally imports: package entry points, a domain's
// root or folder barrels, or its non-internal modules.
function publicTarget(file, owner, random) {
  let target;
  if (owner.kind === 'package') {
    const entries = cached(owner.files, 'entries', () => owner.files.filter((f) => isPackageEntry(owner, f)));
    // A deep relative import into a package's sources now and then.
    target = random.chance(0.1) ? random.pick(owner.files) : random.pick(entries);
  } else {
    const which = random.weighted({ root: 0.3, barrel: 0.2, module: 0.5 });
    if (which === 'root') target = owner.folders[0].index;
    else target = random.pick(cached(owner.files, `open:${which}`, () => owner.files.filter((f) => !f.internal && f.isIndex === (which === 'barrel'))));
  }
  return { target, specifier: crossSpecifier(file, owner, target, random) };
}

function crossSpecifier(file, owner, target, random) {
  if (isPackageEntry(owner, target)) return packageSpecifier(owner, target);
  const style = pickStyle(target, random);
  if (owner.alias && random.chance(ALIAS_SHARE)) return aliasSpecifier(owner, target, style);
  return relativeSpecifier(file.dir, target, style);
}

// Specifiers that appear only inside comments, strings, template literals
// and member calls: a regex scanner would report them (often as violations,
// since they point into forbidden folders); a real lexer must not.
function decoySpecifiers(file, plan, random) {
  if (file.isIndex || !random.chance(0.35)) return [];
  const domain = file.domain;
  const count = random.range(1, 3);
  const decoys = [];
  for (let i = 0; i < count; i++) {
    const folder = domain && domain.forbidden.length > 0 ? random.pick(domain.forbidden) : null;
    const pool = folder ? filesUnder(plan.files, folder) : plan.files;
    const target = random.pick(pool);
    decoys.push({ symbols: target.symbols, specifier: relativeSpecifier(file.dir, target, pickStyle(target, random)) });
  }
  return decoys;
}
