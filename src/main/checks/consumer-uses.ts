import { referencesOf } from '../../contracts/index.js';
import { buildGraph } from '../../graph/index.js';
import { ownersOf, type Snapshot, selectFiles } from '../snapshot.js';

/** Where a consumer uses a symbol: `file:line`. */
export type Uses = Map<string, string[]>;

/** At most this many places per consumer domain are named; the rest are counted. */
const SHOWN = 5;

/**
 * The files and lines of the consuming domains that use a TypeScript artifact's changed exports:
 * the files whose imports resolve to the artifact (the import graph, over every source of those
 * domains in the checked state), and in them the compiler's references to each symbol (through
 * renamed imports, never in a comment). A file whose import the compiler cannot resolve (an alias
 * it does not know) falls back to the lines that name the symbol. Built only when a TypeScript
 * artifact has a breaking change.
 */
export function consumerUses(snapshot: Snapshot, artifactPath: string, consumers: string[], symbols: string[]): Map<string, Uses> {
  const owners = ownersOf(snapshot);
  const { sources } = selectFiles(snapshot.config, snapshot.view);
  const inConsumers = sources.filter((file) => consumers.includes(owners.ownerOf(file)?.domain.name ?? ''));
  const graph = buildGraph(snapshot.view, inConsumers, { tsconfig: snapshot.config.settings.tsconfig });
  const importers = [...new Set(graph.edges.filter((edge) => edge.to === artifactPath).map((edge) => edge.from))].sort();
  const compiled = referencesOf(snapshot.view, snapshot.view.root, artifactPath, importers, symbols);
  const bySymbol = new Map<string, Uses>();
  for (const symbol of symbols) {
    const word = new RegExp(`(^|[^\\w$])${symbol.replace(/[$]/g, '\\$')}(?![\\w$])`);
    const referenced = compiled?.get(symbol);
    const uses: Uses = new Map();
    for (const file of importers) {
      const lines = referenced?.get(file) ?? namedLines(snapshot, file, word);
      if (lines.length === 0) continue;
      const domain = owners.ownerOf(file)?.domain.name ?? '';
      uses.set(domain, [...(uses.get(domain) ?? []), ...lines.map((line) => `${file}:${line}`)]);
    }
    bySymbol.set(symbol, uses);
  }
  return bySymbol;
}

/** The lines of a file that name a symbol (1-based). */
function namedLines(snapshot: Snapshot, file: string, word: RegExp): number[] {
  return (snapshot.view.readText(file) ?? '').split('\n').flatMap((text, i) => (word.test(text) ? [i + 1] : []));
}

/** `web (src/web/a.ts:3, src/web/b.ts:7), admin (… and 4 more)`, or the bare names when no line uses the symbol. */
export function describeUses(consumers: string[], uses: Uses | undefined): string {
  return consumers
    .map((consumer) => {
      const at = uses?.get(consumer) ?? [];
      if (at.length === 0) return consumer;
      const more = at.length > SHOWN ? `, and ${at.length - SHOWN} more` : '';
      return `${consumer} (${at.slice(0, SHOWN).join(', ')}${more})`;
    })
    .join(', ');
}
