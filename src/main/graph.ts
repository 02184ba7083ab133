import { resolve } from 'node:path';
import { locateConfig } from '../config/index.js';
import { buildDomainGraph, type DomainGraph, diagramFormats, focusOn, markChanges, pairImports, UNOWNED } from '../diagram/index.js';
import { writeOutputFile } from '../io/index.js';
import { didYouMean, UsageError } from '../model/index.js';
import type { PairImports } from '../report/index.js';
import { pullRequest, workingTree } from './modes.js';
import { evaluateWithGraph, type GraphEvaluation, type Snapshot } from './snapshot.js';

export interface GraphOptions {
  cwd: string;
  config?: string;
  format: string;
  focus?: string;
  /** `--from D --to E`: the file-level imports behind one domain pair instead of a diagram. */
  from?: string;
  to?: string;
  /** Mark the domain edges the change since merge-base(base, head) adds or removes. */
  base?: string;
  head?: string;
  /** Write the diagram to this file (relative to `cwd`) instead of returning it. */
  output?: string;
  today?: string;
}

/** A diagram as text (or written to `--output`), or the imports behind one pair of domains. */
export type GraphResult = { kind: 'diagram'; text: string; written?: string } | { kind: 'pair-imports'; pair: PairImports };

function domainGraphOf(snapshot: Snapshot, evaluation: GraphEvaluation): DomainGraph {
  const { config, governed } = snapshot;
  return buildDomainGraph({ config, graph: evaluation.graph, owners: evaluation.owners, findings: evaluation.findings, governed });
}

function checkName(name: string, known: string[], flag: string): void {
  if (!known.includes(name)) {
    throw new UsageError(`${flag} ${name}: no such domain; ${didYouMean(name, known) ?? `domains: ${known.join(', ')}`}`);
  }
}

/** The formats `graph` accepts: every diagram format, and text/json for `--from/--to`. */
export const graphFormats = [...diagramFormats.keys(), 'text'];

/** `cn-guard graph` (docs/graph.md): the domain-level diagram, or the imports behind one pair of domains. */
export async function runGraph(options: GraphOptions): Promise<GraphResult> {
  if ((options.from === undefined) !== (options.to === undefined)) throw new UsageError('--from and --to go together');
  const pair = options.from !== undefined;
  if (pair && options.format !== 'text' && options.format !== 'json') throw new UsageError('--from/--to list imports: use --format text or json');
  const render = pair ? undefined : diagramFormats.get(options.format);
  if (!pair && !render) throw new UsageError(`unknown format "${options.format}" for graph; expected one of ${[...diagramFormats.keys()].join(', ')}`);
  const location = locateConfig(options);
  const subject = options.base !== undefined ? pullRequest(location, options.base, options.head ?? 'HEAD') : workingTree(location);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const { snapshot } = subject;
  const head = evaluateWithGraph(snapshot, today, 'head');
  const names = [...snapshot.config.domains.map((d) => d.name), UNOWNED];
  for (const [flag, name] of [
    ['--focus', options.focus],
    ['--from', options.from],
    ['--to', options.to],
  ] as const) {
    if (name !== undefined) checkName(name, names, flag);
  }
  if (pair) {
    const imports = pairImports(head.graph, head.owners, head.findings, options.from!, options.to!);
    return { kind: 'pair-imports', pair: { from: options.from!, to: options.to!, imports } };
  }
  let graph = domainGraphOf(snapshot, head);
  if (subject.base) graph = markChanges(graph, domainGraphOf(subject.base, evaluateWithGraph(subject.base, today, 'base')));
  if (options.focus !== undefined) graph = focusOn(graph, options.focus);
  const text = await render!(graph);
  if (options.output === undefined) return { kind: 'diagram', text };
  const path = resolve(options.cwd, options.output);
  writeOutputFile(path, text);
  return { kind: 'diagram', text, written: path };
}
