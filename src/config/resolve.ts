import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { anchorGlob, compilePattern, escapesRoot, type Pattern } from '../glob/index.js';
import { type ConfigProblem, didYouMean } from '../model/index.js';
import { formatKeyPath } from './keys.js';
import type { RawConfig, RawDomain } from './schema.js';
import type { Artifact, Config, Domain, ExceptionRule } from './types.js';

export const DEFAULT_INCLUDE = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

type KeyPath = (string | number)[];
type Report = (keyPath: KeyPath, message: string, hint?: string) => void;
/** Whether a root-relative path is a directory of the state being checked. */
export type IsDirectory = (path: string) => boolean;

const toPosix = (path: string) => path.split(sep).join('/');
const asList = (value: string | string[]) => (typeof value === 'string' ? [value] : value);

/**
 * A literal directory (`src/api` or `src/api/`) means everything inside it. Whether a path is a
 * directory is asked of the state being checked (the working tree, the index, a commit), never
 * of whatever happens to be checked out.
 */
function expandDirectory(glob: string, isDirectory: IsDirectory): string {
  if (compilePattern(glob, glob).specificity !== Infinity) return glob;
  if (glob.endsWith('/')) return `${glob}**`;
  return isDirectory(glob) ? `${glob}/**` : glob;
}

function patternsOf(globs: string[] | undefined, domain: Domain, isDirectory: IsDirectory, key: string): Pattern[] {
  return (globs ?? []).map((source, i) =>
    compilePattern(source, expandDirectory(anchorGlob(domain.relDir, source), isDirectory), `domains.${domain.name}.${key}[${i}]`),
  );
}

function resolveDomain(name: string, raw: RawDomain, root: string, isDirectory: IsDirectory, report: Report): Domain {
  const dir = raw.path === undefined ? root : resolve(root, raw.path);
  const relDir = toPosix(relative(root, dir));
  const domain: Domain = {
    name,
    dir,
    relDir,
    external: escapesRoot(relDir) || isAbsolute(relDir),
    scope: [],
    scopeExcludes: [],
    forbidden: [],
    allowed: [],
    public: [],
    exports: raw.exports ?? [],
    imports: raw.imports ?? {},
    artifacts: {},
    capabilities: raw.capabilities ?? {},
    owners: raw.owners ?? [],
    ...(raw.agent_name !== undefined && { agentName: raw.agent_name }),
    ...(raw.type_imports !== undefined && { typeImports: raw.type_imports }),
  };
  asList(raw.scope).forEach((entry, i) => {
    const negated = entry.startsWith('!');
    const source = negated ? entry.slice(1) : entry;
    if (source.split('/').includes('..')) {
      report(
        ['domains', name, 'scope', i],
        `scope glob "${entry}" leaves the domain's directory`,
        'scope globs are relative to the domain\'s path and may not contain ".."',
      );
      return;
    }
    const pattern = compilePattern(entry, expandDirectory(anchorGlob(relDir, source), isDirectory), `domains.${name}.scope[${i}]`);
    (negated ? domain.scopeExcludes : domain.scope).push(pattern);
  });
  domain.forbidden = patternsOf(raw.forbidden_imports, domain, isDirectory, 'forbidden_imports');
  domain.allowed = patternsOf(raw.allowed_imports, domain, isDirectory, 'allowed_imports');
  domain.public = patternsOf(raw.public, domain, isDirectory, 'public');
  for (const [kind, artifact] of Object.entries(raw.artifacts ?? {})) {
    const absolute = resolve(dir, artifact.path);
    const inside = toPosix(relative(dir, absolute));
    if (escapesRoot(inside) || isAbsolute(artifact.path)) {
      report(
        ['domains', name, 'artifacts', kind, 'path'],
        `artifact path "${artifact.path}" is outside the directory of domain ${name}`,
        `artifact paths are relative to ${relDir || '.'} and must stay inside it`,
      );
      continue;
    }
    if (artifact.direction !== undefined && artifact.format !== 'jsonschema') {
      report(
        ['domains', name, 'artifacts', kind, 'direction'],
        `direction applies to jsonschema artifacts only: ${artifact.format} says for itself what consumers send and receive`,
        'remove direction',
      );
    }
    if (!domain.exports.includes(kind)) {
      report(
        ['domains', name, 'artifacts', kind],
        `artifact ${kind} is not listed in domains.${name}.exports`,
        didYouMean(kind, domain.exports) ?? `add "${kind}" to exports`,
      );
    }
    const path = domain.external ? absolute : toPosix(relative(root, absolute));
    domain.artifacts[kind] = { kind, path, format: artifact.format, ...(artifact.direction && { direction: artifact.direction }) } satisfies Artifact;
  }
  for (const [capability, kinds] of Object.entries(domain.capabilities)) {
    if (/\s/u.test(capability) || capability === '') {
      report(
        ['domains', name, 'capabilities', capability],
        `capability "${capability}" contains whitespace`,
        'Beads labels it export:<capability>: use - or : instead',
      );
    }
    kinds.forEach((kind, i) => {
      if (raw.artifacts?.[kind] !== undefined) return;
      report(
        ['domains', name, 'capabilities', capability, i],
        `capability ${capability} names artifact kind "${kind}", which domain ${name} does not declare`,
        didYouMean(kind, Object.keys(raw.artifacts ?? {})) ?? `declare [domains.${name}.artifacts.${kind}]`,
      );
    });
  }
  return domain;
}

function checkArtifactImports(domains: Domain[], report: Report): void {
  const byName = new Map(domains.map((d) => [d.name, d]));
  for (const consumer of domains) {
    for (const [producerName, kinds] of Object.entries(consumer.imports)) {
      const producer = byName.get(producerName);
      if (!producer) {
        report(
          ['domains', consumer.name, 'imports', producerName],
          `domain ${consumer.name} imports from unknown domain "${producerName}"`,
          didYouMean(producerName, byName.keys()),
        );
        continue;
      }
      kinds.forEach((kind, i) => {
        if (producer.exports.includes(kind)) return;
        const hint =
          didYouMean(kind, producer.exports) ??
          (producer.exports.length ? `${producer.name} exports: ${producer.exports.join(', ')}` : `${producer.name} exports nothing`);
        report(
          ['domains', consumer.name, 'imports', producerName, i],
          `domain ${consumer.name} imports artifact kind "${kind}", which domain ${producerName} does not export`,
          hint,
        );
      });
    }
  }
}

function isoDate(value: string | Date): string {
  return typeof value === 'string' ? value : value.toISOString().slice(0, 10);
}

export interface ResolveInput {
  raw: RawConfig;
  file: string;
  displayFile: string;
  locate: Config['locate'];
  isDirectory: IsDirectory;
}

export function resolveConfig({ raw, file, displayFile, locate, isDirectory }: ResolveInput): { config: Config; problems: ConfigProblem[] } {
  const root = resolve(file, '..');
  const problems: ConfigProblem[] = [];
  const report: Report = (keyPath, message, hint) => {
    const where = locate(keyPath);
    problems.push({ file: displayFile, message, keyPath: formatKeyPath(keyPath), ...where, ...(hint !== undefined && { hint }) });
  };
  const domains = Object.entries(raw.domains ?? {}).map(([name, domain]) => resolveDomain(name, domain, root, isDirectory, report));
  // Nothing is read or written outside the project: its own files decide how it is checked.
  for (const key of ['baseline', 'tsconfig', 'beads_inbox'] as const) {
    const path = raw.settings[key];
    if (escapesRoot(posix.normalize(path)) || isAbsolute(path)) {
      report(['settings', key], `${key} path "${path}" is outside the directory holding orchestrator.toml`, 'name a file inside the project');
    }
  }
  if (domains.length === 0) report([], 'declares no domains: add at least one [domains.<name>] table with a scope');
  checkArtifactImports(domains, report);
  const exceptions: ExceptionRule[] = (raw.exceptions ?? []).map((entry, index) => ({
    index,
    from: compilePattern(entry.from, anchorGlob('', entry.from), `exceptions[${index}].from`),
    to: compilePattern(entry.to, anchorGlob('', entry.to), `exceptions[${index}].to`),
    reason: entry.reason,
    ...(entry.owner !== undefined && { owner: entry.owner }),
    ...(entry.expires !== undefined && { expires: isoDate(entry.expires) }),
    ...(locate(['exceptions', index]) && { line: locate(['exceptions', index])!.line }),
  }));
  const settings = raw.settings;
  const config: Config = {
    file,
    root,
    displayFile,
    ...(raw.project?.name !== undefined && { projectName: raw.project.name }),
    settings: {
      unowned: settings.unowned,
      typeImports: settings.type_imports,
      include: settings.include ?? DEFAULT_INCLUDE,
      exclude: settings.exclude ?? [],
      tsconfig: settings.tsconfig,
      baseline: posix.normalize(settings.baseline),
      beadsInbox: posix.normalize(settings.beads_inbox),
      ...(settings.branch_domain !== undefined && { branchDomain: settings.branch_domain }),
    },
    domains,
    exceptions,
    externalProjects: raw.external_projects ?? {},
    locate,
  };
  return { config, problems };
}
