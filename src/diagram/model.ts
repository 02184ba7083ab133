import type { Config, Domain } from '../config/index.js';
import type { ImportEdge, ImportGraph } from '../graph/index.js';
import { byCodePoint, type Finding } from '../model/index.js';
import type { Owners } from '../rules/index.js';

/** The node that collects files no domain's scope claims. */
export const UNOWNED = '(unowned)';

export interface DomainNode {
  name: string;
  scope: string[];
  agentName?: string;
  /** Source files the domain owns. */
  files: number;
  unowned?: true;
}

export type Declared = 'allowed' | 'artifact';

export interface DomainEdge {
  from: string;
  to: string;
  /** File-level imports from one domain into the other. */
  imports: number;
  /** Import findings on those edges (not counting suppressed ones), with their rule ids. */
  violations: number;
  rules: string[];
  /** What orchestrator.toml declares about the pair: an allowed import target, artifact imports. */
  declared: Declared[];
  /** Artifact kinds `imports = { to = [...] }` names. */
  kinds: string[];
  /** PR mode: the change adds or removes all imports between the pair. */
  change?: 'added' | 'removed';
}

export interface DomainGraph {
  nodes: DomainNode[];
  edges: DomainEdge[];
}

export interface DomainGraphInput {
  config: Config;
  graph: ImportGraph;
  owners: Owners;
  findings: Finding[];
  /** Every file the configuration governs: declared allowed targets are found among them. */
  governed: string[];
}

const IMPORT_RULES = new Set(['forbidden-import', 'not-allowed-import', 'private-import']);
const pairKey = (from: string, to: string) => `${from}\0${to}`;

/**
 * The domain-level picture of docs/graph.md: one node per domain (and one for unowned files), the
 * relations orchestrator.toml declares, and the imports that actually cross between domains,
 * with the violating ones counted. Pure: configuration and analysis in, data out.
 */
export function buildDomainGraph({ config, graph, owners, findings, governed }: DomainGraphInput): DomainGraph {
  const nameOf = (file: string) => owners.ownerOf(file)?.domain.name ?? UNOWNED;
  const domains = config.domains.filter((d) => !d.external);
  const files = new Map<string, number>(domains.map((d) => [d.name, 0]));
  for (const file of graph.files) files.set(nameOf(file), (files.get(nameOf(file)) ?? 0) + 1);

  const edges = new Map<string, DomainEdge>();
  const edge = (from: string, to: string): DomainEdge => {
    let found = edges.get(pairKey(from, to));
    if (!found) edges.set(pairKey(from, to), (found = { from, to, imports: 0, violations: 0, rules: [], declared: [], kinds: [] }));
    return found;
  };
  for (const { from, to } of graph.edges) {
    const [a, b] = [nameOf(from), nameOf(to)];
    if (a !== b) edge(a, b).imports++;
  }
  for (const f of findings) {
    if (!IMPORT_RULES.has(f.rule) || f.status === 'suppressed' || f.target === undefined) continue;
    const e = edge(nameOf(f.file), nameOf(f.target));
    e.violations++;
    if (!e.rules.includes(f.rule)) e.rules.push(f.rule);
  }
  for (const [from, to] of declaredAllowed(domains, governed, owners)) edge(from, to).declared.push('allowed');
  for (const consumer of domains) {
    for (const [producer, kinds] of Object.entries(consumer.imports)) {
      if (!files.has(producer)) continue;
      const e = edge(consumer.name, producer);
      e.declared.push('artifact');
      e.kinds.push(...kinds);
    }
  }
  const nodes: DomainNode[] = domains.map((d) => ({
    name: d.name,
    scope: [...d.scope.map((p) => p.source), ...d.scopeExcludes.map((p) => p.source)],
    ...(d.agentName && { agentName: d.agentName }),
    files: files.get(d.name) ?? 0,
  }));
  const unowned = files.get(UNOWNED) ?? 0;
  const touchesUnowned = [...edges.values()].some((e) => e.from === UNOWNED || e.to === UNOWNED);
  if (unowned > 0 || touchesUnowned) nodes.push({ name: UNOWNED, scope: [], files: unowned, unowned: true });
  return { nodes, edges: [...edges.values()].sort(byPair) };
}

function byPair(a: DomainEdge, b: DomainEdge): number {
  return byCodePoint(a.from, b.from) || byCodePoint(a.to, b.to);
}

/** Pairs (D, E) where a file E owns matches one of D's allowed_imports: the allow-list mapped to domains. */
function declaredAllowed(domains: Domain[], governed: string[], owners: Owners): [string, string][] {
  const pairs = new Set<string>();
  const withAllowList = domains.filter((d) => d.allowed.length > 0);
  if (withAllowList.length === 0) return [];
  for (const file of governed) {
    const owner = owners.ownerOf(file)?.domain;
    if (!owner) continue;
    for (const d of withAllowList) {
      if (d !== owner && d.allowed.some((p) => p.test(file))) pairs.add(pairKey(d.name, owner.name));
    }
  }
  return [...pairs].map((p) => p.split('\0') as [string, string]);
}

/** `--focus DOMAIN`: the domain, its neighbours, and the edges that touch it. */
export function focusOn(graph: DomainGraph, name: string): DomainGraph {
  const edges = graph.edges.filter((e) => e.from === name || e.to === name);
  const kept = new Set([name, ...edges.flatMap((e) => [e.from, e.to])]);
  return { nodes: graph.nodes.filter((n) => kept.has(n.name)), edges };
}

/** `--base REF`: marks the pairs whose imports the change adds or removes entirely. */
export function markChanges(head: DomainGraph, base: DomainGraph): DomainGraph {
  const before = new Map(base.edges.filter((e) => e.imports > 0).map((e) => [pairKey(e.from, e.to), e]));
  const now = new Set(head.edges.filter((e) => e.imports > 0).map((e) => pairKey(e.from, e.to)));
  const edges = head.edges.map((e): DomainEdge => {
    const key = pairKey(e.from, e.to);
    if (e.imports > 0 && !before.has(key)) return { ...e, change: 'added' };
    return before.has(key) && !now.has(key) ? { ...e, change: 'removed', imports: 0 } : e;
  });
  const drawn = new Set(edges.map((e) => pairKey(e.from, e.to)));
  for (const [key, e] of before) {
    if (!now.has(key) && !drawn.has(key)) edges.push({ ...e, imports: 0, violations: 0, rules: [], change: 'removed' });
  }
  edges.sort(byPair);
  const names = new Set(head.nodes.map((n) => n.name));
  // A node only the base has (unowned files since gone) is drawn for its removed edges, with head's count: none.
  return { nodes: [...head.nodes, ...base.nodes.filter((n) => !names.has(n.name)).map((n) => ({ ...n, files: 0 }))], edges };
}

/** `--from D --to E`: the file-level imports behind one domain pair, with their findings. */
export function pairImports(graph: ImportGraph, owners: Owners, findings: Finding[], from: string, to: string): (ImportEdge & { rule?: string })[] {
  const nameOf = (file: string) => owners.ownerOf(file)?.domain.name ?? UNOWNED;
  const verdicts = new Map(
    findings.filter((f) => f.target !== undefined && IMPORT_RULES.has(f.rule)).map((f) => [`${f.file}\0${f.line}\0${f.specifier}`, f.rule]),
  );
  return graph.edges
    .filter((e) => nameOf(e.from) === from && nameOf(e.to) === to)
    .map((e) => {
      const rule = verdicts.get(`${e.from}\0${e.line}\0${e.specifier}`);
      return rule === undefined ? e : { ...e, rule };
    });
}
