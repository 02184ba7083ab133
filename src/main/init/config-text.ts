import type { ExcludedPath, InferredDomain } from './layout.js';

/** The starter orchestrator.toml: every choice init made is said in a comment beside it. */

export interface ConfigDraft {
  domains: InferredDomain[];
  excluded: ExcludedPath[];
  /** For each domain, the domains it does not import today: commented-out `forbidden_imports`. */
  unused?: ReadonlyMap<string, InferredDomain[]>;
}

/** A TOML basic string: JSON's escapes are TOML's, except that TOML also wants DEL escaped. */
const tomlString = (value: string) => JSON.stringify(value).replace(/\x7f/g, '\\u007f');

/** Text for a comment line: TOML comments hold no control characters (a file name may). */
const commentText = (text: string) => text.replace(/[\x00-\x08\x0a-\x1f\x7f]+/g, ' ');

const HEADER = [
  '# Domains of this repository, inferred by `cn-guard init`: review the names, scopes and rules.',
  '# How a file is owned and an import decided: the cn-guard README, and `cn-guard explain FILE IMPORT`.',
  '#',
  '# Every folder that holds sources belongs to a domain: the workspace packages, else the folders',
  '# under src/, else the top-level folders; each other folder of sources (tests, tools, scripts)',
  '# is a domain of its own, so that the first `cn-guard check` reports boundaries, not ownership.',
  '# Files beside those folders (src/main.ts, configuration files at the root) stay unowned:',
  '# `unowned = "warn"` reports them without failing; give them a domain, then make it "error".',
];

const EXCLUDE_COMMENT = [
  '# Left out of every check: test fixtures and generated code, found by folder name (fixtures,',
  '# __fixtures__, __mocks__, __snapshots__, testdata, test-data, generated, __generated__ anywhere;',
  '# dist, build, out, coverage, .next, vendor beside a package.json; *.min.js), and files that',
  '# cn-guard cannot parse (deliberately broken fixtures, usually). Only what exists is listed.',
];

function domainBlock(domain: InferredDomain, unused: InferredDomain[]): string[] {
  const lines = ['', `[domains.${domain.name}]`];
  if (domain.leftover) lines.push(`# ${commentText(domain.dir)}/ lies outside the layout above: a domain of its own, so that its files are owned.`);
  lines.push(`scope = [${tomlString(`${domain.dir}/**`)}]`, `# agent_name = ${tomlString(`${domain.name}-agent`)}`);
  if (unused.length > 0) {
    lines.push(`# ${domain.name} imports none of these today; uncomment to keep it that way:`);
    lines.push(`# forbidden_imports = [${unused.map((d) => tomlString(`${d.dir}/**`)).join(', ')}]`);
  }
  return lines;
}

export function renderConfig({ domains, excluded, unused }: ConfigDraft): string {
  const lines = [...HEADER, '', '[settings]', 'unowned = "warn"'];
  if (excluded.length > 0) {
    lines.push(...EXCLUDE_COMMENT, 'exclude = [', ...excluded.map((e) => `  ${tomlString(e.pattern)}, # ${commentText(e.reason)}`), ']');
  }
  for (const domain of domains) lines.push(...domainBlock(domain, unused?.get(domain.name) ?? []));
  return `${lines.join('\n')}\n`;
}
