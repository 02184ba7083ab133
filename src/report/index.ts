import { githubFormatter } from './formats/github.js';
import { jsonFormatter } from './formats/json.js';
import { markdownFormatter } from './formats/markdown/index.js';
import { sarifFormatter } from './formats/sarif.js';
import { textFormatter } from './formats/text/index.js';
import type { FormatOptions, Formatter, Output, OutputKind } from './types.js';

/** Every output format, by name. A new format is a new file under formats/ and one entry here. */
const formatters: ReadonlyMap<string, Formatter> = new Map(
  [textFormatter, jsonFormatter, sarifFormatter, githubFormatter, markdownFormatter].map((f) => [f.name, f]),
);

/** The formats that can render a kind of output (what `--format` accepts for a command). */
export function formatsFor(kind: OutputKind): string[] {
  return [...formatters.values()].filter((f) => f.kinds.includes(kind)).map((f) => f.name);
}

export function render(format: string, output: Output, options: FormatOptions): string {
  const formatter = formatters.get(format);
  if (!formatter?.kinds.includes(output.kind)) throw new Error(`format ${format} cannot render ${output.kind} output`);
  return formatter.render(output, options);
}

export { actionOutputs, jobSummary, outputsText } from './actions.js';
export { logCommand, type RunAnnotation, runAnnotations } from './formats/github.js';
export { COMMENT_LIMIT, commentBody, commentMarker, SUMMARY_LIMIT } from './formats/markdown/index.js';
export { MAX_SARIF_RESULTS } from './formats/sarif.js';
export { rulePageUrl } from './places.js';
export { printable } from './printable.js';
export type {
  BaselineOutcome,
  BeadsPosting,
  CheckMode,
  CheckReport,
  ContractDiff,
  DomainLabel,
  Explanation,
  FormatOptions,
  ImportExplanation,
  InitReport,
  InitStep,
  OutputKind,
  OwnerInfo,
  PairImports,
  PatternLine,
  ProjectPaths,
  ShipOutcome,
  Summary,
  UnownedFolder,
  WebLinks,
} from './types.js';
export type { Output };
