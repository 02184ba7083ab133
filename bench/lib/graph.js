// The `cn-guard graph` scenarios: where the diagram is written, and what it must show. The
// diagram goes into the generated repository (not a source file, so no later scenario sees it;
// removed with the repository unless --keep) and is judged against orchestrator.toml and the
// generator's ground truth: every domain drawn, and one red edge per domain pair that holds
// expected violations.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const EXTENSIONS = { svg: 'svg', mermaid: 'mmd' };

export const graphOutput = (repoDir, format) => join(repoDir, `.bench-graph.${EXTENSIONS[format]}`);

export function removeGraphOutput(repoDir, format) {
  rmSync(graphOutput(repoDir, format), { force: true });
}

/** The domains of the generated orchestrator.toml, with their scope roots (`scope = ["<root>/**"]`). */
function domainsOf(repoDir) {
  const toml = readFileSync(join(repoDir, 'orchestrator.toml'), 'utf8');
  return [...toml.matchAll(/^\[domains\.([^\]]+)\]\nscope = \["([^"]+)\/\*\*"\]$/gm)].map((m) => ({ name: m[1], root: `${m[2]}/` }));
}

/** Domain pairs holding at least one expected violation, as "from -> to" domain names. */
function violatingPairs(repoDir, expectedFile, domains) {
  const byRoot = [...domains].sort((a, b) => b.root.length - a.root.length);
  const owner = (file) => byRoot.find((d) => file.startsWith(d.root))?.name ?? '(unowned)';
  const expected = JSON.parse(readFileSync(join(repoDir, expectedFile), 'utf8'));
  return new Set(expected.map((v) => v.split(' -> ').map(owner).join(' -> ')));
}

/** What the written diagram draws: domain nodes by name, and how many edges are marked violating. */
function drawn(text, format) {
  if (format === 'svg') {
    return {
      // Graphviz writes `-` in names as `&#45;`.
      nodes: [...text.matchAll(/<g id="[^"]*" class="node domain">\n<title>([^<]+)<\/title>/g)].map((m) => m[1].replace(/&#45;/g, '-')),
      violating: text.match(/class="edge relation violation"/g)?.length ?? 0,
    };
  }
  return {
    nodes: [...text.matchAll(/^ {2}d\d+\["([^<"]+)<br\/>/gm)].map((m) => m[1]),
    violating: text.match(/^ {2}linkStyle \d+ stroke:#d1242f/gm)?.length ?? 0,
  };
}

/** @returns {{status: 'PASS'|'FAIL', detail: string}} */
export function judgeDiagram(repoDir, expectedFile, format) {
  const file = graphOutput(repoDir, format);
  if (!existsSync(file)) return { status: 'FAIL', detail: `${file} was not written` };
  const text = readFileSync(file, 'utf8');
  const domains = domainsOf(repoDir);
  const pairs = violatingPairs(repoDir, expectedFile, domains);
  const { nodes, violating } = drawn(text, format);
  const missing = domains.filter((d) => !nodes.includes(d.name)).map((d) => d.name);
  const detail = `${domains.length - missing.length}/${domains.length} domains, ${violating}/${pairs.size} violating pairs, ${(text.length / 1024).toFixed(0)} KB`;
  const ok = domains.length > 0 && missing.length === 0 && violating === pairs.size;
  return { status: ok ? 'PASS' : 'FAIL', detail: missing.length ? `${detail}; missing: ${missing.join(', ')}` : detail };
}
