import type { Config, Domain } from '../config/index.js';
import type { ImportEdge, ImportGraph } from '../graph/index.js';
import { compareFindings, type Finding, finding } from '../model/index.js';
import { decideEdge, type EdgeDecision } from './decide.js';
import { ExceptionLedger, exceptionFindings } from './exceptions.js';
import type { Owners, Ownership } from './ownership.js';

export interface EvaluationInput {
  config: Config;
  graph: ImportGraph;
  owners: Owners;
  /** `YYYY-MM-DD` (UTC): exceptions expire after this day. */
  today: string;
  /** Only some sources were scanned (staged mode): an exception matching nothing proves nothing. */
  partial?: boolean;
}

const agentOf = (domain: Domain) => (domain.agentName ? ` (${domain.agentName})` : '');
const entryPoints = (domain: Domain) => domain.public.map((p) => p.glob).join(', ');

function describeViolation(edge: ImportEdge, from: Domain, to: Ownership | undefined, decision: EdgeDecision): { message: string; hint: string } {
  const owner = to ? `${edge.to} belongs to domain ${to.domain.name}${agentOf(to.domain)}` : `${edge.to} belongs to no domain`;
  const typeNote = edge.typeOnly ? ' (type-only import)' : '';
  switch (decision.rule) {
    case 'forbidden-import':
      return {
        message: `${from.name} may not import ${edge.to} (forbidden by ${decision.deciding!.pattern.source})${typeNote}`,
        hint: `${owner}; remove the import, or reach it through a domain ${from.name} may use`,
      };
    case 'not-allowed-import':
      return {
        message: `${from.name} may not import ${edge.to}: it matches none of ${from.name}'s allowed_imports${typeNote}`,
        hint: `${owner}; ${from.name} may import only ${from.allowed.map((p) => p.source).join(', ')} outside its own scope`,
      };
    default: {
      const internal = decision.privateTo!;
      return {
        message: `${from.name} may not import ${edge.to}: it is internal to domain ${internal.name}${typeNote}`,
        hint: `import ${entryPoints(internal)} instead (the public entry points of ${internal.name})`,
      };
    }
  }
}

/**
 * Decisions depend only on the importing domain, the target and whether the import is
 * type-only; a repository has far fewer such triples than edges.
 */
function memoizedDecisions(input: EvaluationInput) {
  // Per importing domain, one table for value imports and one for type-only imports, by target.
  const byDomain = new Map<Domain, [Map<string, EdgeDecision>, Map<string, EdgeDecision>]>();
  return (edge: ImportEdge, from: Ownership, to: Ownership | undefined): EdgeDecision => {
    let tables = byDomain.get(from.domain);
    if (!tables) byDomain.set(from.domain, (tables = [new Map(), new Map()]));
    const decisions = tables[edge.typeOnly ? 1 : 0];
    let decision = decisions.get(edge.to);
    if (!decision) {
      decision = decideEdge({ from, target: edge.to, to, typeOnly: edge.typeOnly }, input.config.settings);
      decisions.set(edge.to, decision);
    }
    return decision;
  };
}

function edgeFindings(input: Omit<EvaluationInput, 'partial'>, ledger: ExceptionLedger): Finding[] {
  const { graph, owners } = input;
  const decide = memoizedDecisions(input);
  const findings: Finding[] = [];
  let lastFrom: string | undefined;
  let from: Ownership | undefined;
  for (const edge of graph.edges) {
    // A file's imports come one after another: its owner is looked up once.
    if (edge.from !== lastFrom) {
      lastFrom = edge.from;
      from = owners.ownerOf(edge.from);
    }
    // No import rule applies to a file no domain owns (and its findings are `unowned-file`'s).
    if (!from) continue;
    const to = owners.ownerOf(edge.to);
    const decision = decide(edge, from, to);
    if (decision.allowed) continue;
    const exception = ledger.suppressing(edge.from, edge.to);
    findings.push(
      finding({
        rule: decision.rule!,
        severity: 'error',
        ...(exception && {
          status: 'suppressed',
          exception: { reason: exception.reason, ...(exception.owner && { owner: exception.owner }), ...(exception.expires && { expires: exception.expires }) },
        }),
        ...describeViolation(edge, from.domain, to, decision),
        file: edge.from,
        line: edge.line,
        column: edge.column,
        domain: from.domain.name,
        specifier: edge.specifier,
        target: edge.to,
        ...(to && { targetDomain: to.domain.name }),
        ...(decision.deciding && { pattern: decision.deciding.pattern.source }),
        ...(decision.rule === 'private-import' && { pattern: decision.privateTo!.public.map((p) => p.source).join(', ') }),
        typeOnly: edge.typeOnly,
      }),
    );
  }
  return findings;
}

function fileFindings({ config, graph, owners }: Omit<EvaluationInput, 'partial'>): Finding[] {
  const findings: Finding[] = [];
  const domainOf = (file: string) => {
    const owner = owners.ownerOf(file);
    return owner ? { domain: owner.domain.name } : {};
  };
  for (const unresolved of graph.unresolved) {
    findings.push(
      finding({
        rule: 'unresolved-import',
        severity: 'warning',
        message: `cannot resolve "${unresolved.specifier}": ${unresolved.reason}`,
        hint: 'fix the path, or the tsconfig paths / package.json exports it relies on; its boundaries cannot be checked until then',
        file: unresolved.from,
        line: unresolved.line,
        column: unresolved.column,
        ...domainOf(unresolved.from),
        specifier: unresolved.specifier,
        typeOnly: unresolved.typeOnly,
      }),
    );
  }
  for (const failure of graph.parseErrors) {
    findings.push(
      finding({
        rule: 'parse-error',
        severity: 'error',
        message: `cannot parse ${failure.file}: ${failure.message}; imports after this point were not checked`,
        hint: 'fix the syntax error (the compiler will say more)',
        file: failure.file,
        line: failure.line,
        column: failure.column,
        ...domainOf(failure.file),
      }),
    );
  }
  if (config.settings.unowned !== 'allow') {
    for (const file of graph.files) {
      if (owners.ownerOf(file)) continue;
      findings.push(
        finding({
          rule: 'unowned-file',
          severity: config.settings.unowned === 'error' ? 'error' : 'warning',
          message: `${file} belongs to no domain`,
          hint: "add it to a domain's scope, or exclude it with settings.exclude",
          file,
        }),
      );
    }
  }
  return findings;
}

/** The import rules' findings for a graph (or a share of one), and how often each exception matched a violation in it. */
export interface ImportFindings {
  findings: Finding[];
  /** Per `[[exceptions]]` entry, by position: shares of a graph add these up. */
  exceptionUses: number[];
}

/** Import rules, unresolved imports, unreadable and unowned files: everything that one file or edge decides alone. */
export function evaluateImports(input: Omit<EvaluationInput, 'partial'>): ImportFindings {
  const ledger = new ExceptionLedger(input.config.exceptions, input.today);
  return { findings: [...edgeFindings(input, ledger), ...fileFindings(input)], exceptionUses: ledger.uses() };
}

/** Every finding of the import rules for a whole graph, the exceptions' own included, sorted by domain, file and position. */
export function evaluate(input: EvaluationInput): Finding[] {
  const { findings, exceptionUses } = evaluateImports(input);
  return [...findings, ...exceptionFindings(input.config, exceptionUses, input.today, { stale: !input.partial })].sort(compareFindings);
}
