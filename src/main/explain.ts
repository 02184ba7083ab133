import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Config } from '../config/index.js';
import { locateConfig } from '../config/index.js';
import { describeSpecificity, escapesRoot } from '../glob/index.js';
import { createResolver, looksBinary, type Resolution, type Resolver, type ScannedImport, scanImports } from '../graph/index.js';
import { ConfigError, UsageError } from '../model/index.js';
import type { Explanation, ImportExplanation, OwnerInfo } from '../report/index.js';
import { checkTies, createOwners, decideEdge, describeDecision, matchException, type Owners, type Ownership } from '../rules/index.js';
import { workingTree } from './modes.js';
import type { Snapshot } from './snapshot.js';

interface Repository extends Snapshot {
  owners: Owners;
}

export interface ExplainOptions {
  cwd: string;
  config?: string;
  file: string;
  specifier?: string;
  today?: string;
}

function ownerInfo(o: Ownership): OwnerInfo {
  return {
    domain: o.domain.name,
    ...(o.domain.agentName && { agentName: o.domain.agentName }),
    pattern: o.pattern.source,
    ...(o.pattern.keyPath && { keyPath: o.pattern.keyPath }),
    specificity: describeSpecificity(o.pattern),
  };
}

function describeResolution(r: Resolution): string {
  if (r.kind === 'file') return `${r.path} (via ${r.via})`;
  if (r.kind === 'external') return `${r.name} (external: not subject to import rules)`;
  return `nothing — ${r.reason}`;
}

function exceptionFor(config: Config, from: string, to: string, today: string): ImportExplanation['exception'] {
  const rule = matchException(config.exceptions, from, to, today).shown;
  if (!rule) return undefined;
  return {
    from: rule.from.source,
    to: rule.to.source,
    reason: rule.reason,
    ...(rule.owner && { owner: rule.owner }),
    ...(rule.expires && { expires: rule.expires }),
    expired: rule.expires !== undefined && rule.expires < today,
  };
}

function explainImport(
  repo: Repository,
  resolver: Resolver,
  file: string,
  found: ScannedImport | undefined,
  specifier: string,
  today: string,
): ImportExplanation {
  const { config, owners } = repo;
  const resolution = resolver.resolve(file, specifier);
  const base = {
    specifier,
    ...(found && { line: found.line }),
    typeOnly: found?.typeOnly ?? false,
    inFile: found !== undefined,
    resolvesTo: describeResolution(resolution),
    publicEntryPoints: [] as string[],
    patterns: [],
  };
  if (resolution.kind !== 'file') {
    return {
      ...base,
      verdict: 'not checked',
      because:
        resolution.kind === 'external'
          ? 'imports outside the repository are not subject to the rules'
          : 'an unresolved import cannot be checked (unresolved-import)',
    };
  }
  const target = resolution.path;
  const from = owners.ownerOf(file);
  const to = owners.ownerOf(target);
  const decision = decideEdge({ from, target, to, typeOnly: base.typeOnly }, config.settings);
  const exception = decision.allowed ? undefined : exceptionFor(config, file, target, today);
  return {
    ...base,
    target,
    ...(to && { targetOwner: ownerInfo(to) }),
    publicEntryPoints: to && to.domain !== from?.domain ? to.domain.public.map((p) => p.glob) : [],
    patterns: decision.matches.map((m) => ({
      list: m.list,
      pattern: m.pattern.source,
      ...(m.pattern.keyPath && { keyPath: m.pattern.keyPath }),
      specificity: describeSpecificity(m.pattern),
      decides: m === decision.deciding && decision.reason === 'pattern',
    })),
    verdict: decision.allowed ? 'allowed' : exception && !exception.expired ? 'suppressed' : 'violation',
    ...(decision.rule && { rule: decision.rule }),
    because: describeDecision(decision, from?.domain.name),
    ...(exception && { exception }),
  };
}

/** `cn-guard explain FILE [SPECIFIER]`: who owns FILE, and why each import is or is not allowed. */
export function runExplain(options: ExplainOptions): Explanation {
  const { snapshot } = workingTree(locateConfig(options));
  const repo: Repository = { ...snapshot, owners: createOwners(snapshot.config) };
  const problems = [...snapshot.problems, ...checkTies(snapshot.config, snapshot.governed, repo.owners)];
  if (problems.length > 0) throw new ConfigError(problems);
  const { config, view, owners } = repo;
  const absolute = resolve(options.cwd, options.file);
  const file = relative(config.root, absolute).split(sep).join('/');
  if (escapesRoot(file) || isAbsolute(file)) throw new UsageError(`${options.file} is outside the project (${config.root})`);
  const text = view.readText(file);
  if (text === undefined) throw new UsageError(`${options.file}: no such file in the project (${config.root})`);
  const claims = owners.claimsOf(file);
  const owner = owners.ownerOf(file);
  const tie = claims.length > 1 && !owner;
  const scanned = looksBinary(text) ? { imports: [], error: { message: 'it holds binary content (a NUL byte)', line: 1, column: 1 } } : scanImports(text, file);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const resolver = createResolver(view, { tsconfig: config.settings.tsconfig });
  const asked = options.specifier === undefined ? scanned.imports : [scanned.imports.find((i) => i.specifier === options.specifier)];
  const imports = asked.map((found) => explainImport(repo, resolver, file, found, found?.specifier ?? options.specifier!, today));
  return {
    file,
    ...(scanned.error && { parseError: `${scanned.error.message} at line ${scanned.error.line}, column ${scanned.error.column}` }),
    ...(owner && { owner: ownerInfo(owner) }),
    otherClaims: claims.filter((c) => c.domain !== owner?.domain).map(ownerInfo),
    ownership: owner
      ? `belongs to domain ${owner.domain.name}: its most specific matching scope pattern is ${owner.pattern.source}`
      : tie
        ? 'belongs to no domain: two domains claim it with equal specificity (a configuration error)'
        : `belongs to no domain (settings.unowned = "${config.settings.unowned}")`,
    imports,
    violation: imports.some((i) => i.verdict === 'violation'),
  };
}
