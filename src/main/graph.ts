import { locateConfig } from '../config/index.js';
import { buildDomainGraph, diagramFormats, focusOn, markChanges, pairImports, UNOWNED, type DomainGraph } from '../diagram/index.js';
import { didYouMean, UsageError } from '../model/index.js';
import { pullRequest, workingTree } from './modes.js';
import { evaluateSnapshot, type Evaluation, type Snapshot } from './snapshot.js';

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
  today?: string;
}

function domainGraphOf(snapshot: Snapshot, evaluation: Evaluation): DomainGraph {
  const { config, governed } = snapshot;
  return buildDomainGraph({ config, graph: evaluation.graph, owners: evaluation.owners, findings: evaluation.findings, governed });
}

function checkName(name: string, known: string[], flag: string): void {
  if (!known.includes(name)) {
    throw new UsageError(`${flag} ${name}: no such domain; ${didYouMean(name, known) ?? `domains: ${known.join(', ')}`}`);
  }
}

/** `cn-guard graph` (spec §5): the domain-level diagram, or the imports behind one pair of domains. */
export async function runGraph(options: GraphOptions): Promise<string> {
  const location = locateConfig(options);
  const subject = options.base !== undefined ? pullRequest(location, options.base, options.head ?? 'HEAD') : workingTree(location);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const { snapshot } = subject;
  const head = evaluateSnapshot(snapshot, today, { sanity: true });
  const names = [...snapshot.config.domains.map((d) => d.name), UNOWNED];
  for (const [flag, name] of [['--focus', options.focus], ['--from', options.from], ['--to', options.to]] as const) {
    if (name !== undefined) checkName(name, names, flag);
  }
  if (options.from !== undefined || options.to !== undefined) {
    if (options.from === undefined || options.to === undefined) throw new UsageError('--from and --to go together');
    if (options.format !== 'text' && options.format !== 'json') throw new UsageError('--from/--to list imports: use --format text or json');
    const imports = pairImports(head.graph, head.owners, head.findings, options.from, options.to);
    if (options.format === 'json') return `${JSON.stringify({ version: 1, from: options.from, to: options.to, imports }, null, 2)}\n`;
    const lines = imports.map((i) => `${i.from}:${i.line}  → ${i.to}  "${i.specifier}"${i.typeOnly ? ' (type)' : ''}${i.rule ? `  ${i.rule}` : ''}`);
    return `${options.from} → ${options.to}: ${imports.length} import${imports.length === 1 ? '' : 's'}\n${lines.join('\n')}${lines.length ? '\n' : ''}`;
  }
  let graph = domainGraphOf(snapshot, head);
  if (subject.base) graph = markChanges(graph, domainGraphOf(subject.base, evaluateSnapshot(subject.base, today, { sanity: false })));
  if (options.focus !== undefined) graph = focusOn(graph, options.focus);
  const render = diagramFormats.get(options.format);
  if (!render) throw new UsageError(`unknown format "${options.format}" for graph; expected one of ${[...diagramFormats.keys()].join(', ')}`);
  return render(graph);
}
