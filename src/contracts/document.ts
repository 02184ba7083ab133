import type { ContractProblem } from './types.js';
import { yamlLibrary as yaml } from './yaml.js';

/**
 * A JSON or YAML artifact: its value, and where each part of it lies, so that a parser's complaint
 * about `/paths/~1users/get` points at the line of `get:`. JSON is read with JSON.parse (a 13 MB
 * API description in a fraction of a second); the YAML parser reads YAML, and reads JSON again
 * only when a position is wanted.
 */
export interface ParsedDocument {
  path: string;
  value: unknown;
  /** The line and column of the deepest part of `pointer` the document holds (its key, for a map entry). */
  locate(pointer: readonly (string | number)[]): { line: number; column: number };
}

/** Larger artifacts are refused: GitHub's own REST description, one of the largest there is, is 13 MB. */
export const MAX_ARTIFACT_BYTES = 32 * 1024 * 1024;

/** Anchors and aliases beyond this many are a resource exhaustion attack ("billion laughs"), not an API. */
const MAX_ALIASES = 1000;

/** A document that cannot be read: a finding at the line and column of the problem. */
export class DocumentError extends Error {
  constructor(readonly problem: ContractProblem) {
    super(problem.message);
  }
}

const isJson = (path: string, text: string) => path.endsWith('.json') || /^\s*[{[]/.test(text);

export function parseDocument(path: string, text: string): ParsedDocument {
  if (text.length > MAX_ARTIFACT_BYTES) {
    throw new DocumentError({ file: path, message: `it is larger than ${MAX_ARTIFACT_BYTES / 1024 / 1024} MB, the most cn-guard reads of an artifact` });
  }
  const value = isJson(path, text) ? parseJson(path, text) : parseYaml(path, text);
  let positions: ((pointer: readonly (string | number)[]) => { line: number; column: number }) | undefined;
  return {
    path,
    value,
    locate: (pointer) => {
      positions ??= positionsOf(text);
      return positions(pointer);
    },
  };
}

function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    // V8 names the offset ("… in JSON at position 45", or "(line 3 column 5)" in newer versions).
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const lineColumn = /line (\d+) column (\d+)/.exec(message);
    const place = lineColumn
      ? { line: Number(lineColumn[1]), column: Number(lineColumn[2]) }
      : at
        ? lineAndColumn(text, Number(at[1]))
        : { line: 1, column: 1 };
    throw new DocumentError({
      file: path,
      ...place,
      message: `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '')}`,
    });
  }
}

function parseYaml(path: string, text: string): unknown {
  const { parseDocument: parse, LineCounter } = yaml();
  const lines = new LineCounter();
  const document = parse(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const [first] = document.errors;
  if (first) {
    const { line, col } = lines.linePos(first.pos[0]);
    throw new DocumentError({ file: path, line, column: col, message: `not valid YAML: ${first.message.split('\n')[0]}` });
  }
  try {
    return document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    throw new DocumentError({ file: path, line: 1, column: 1, message: `not readable YAML: ${(error as Error).message}` });
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    start = at + 1;
  }
  return { line, column: offset - start + 1 };
}

/** Where each part of a document lies, from the YAML parser's syntax tree (JSON is YAML to it). */
function positionsOf(text: string): (pointer: readonly (string | number)[]) => { line: number; column: number } {
  const { parseDocument: parse, LineCounter, isMap, isSeq, isScalar } = yaml();
  const lines = new LineCounter();
  const document = parse(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number | undefined) => {
    const { line, col } = lines.linePos(offset ?? 0);
    return { line, column: col };
  };
  return (pointer) => {
    let node: unknown = document.contents;
    let offset = (document.contents as { range?: [number] } | null)?.range?.[0];
    for (const segment of pointer) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) break;
        offset = (pair.key as { range?: [number] }).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(segment)] as { range?: [number] } | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else break;
    }
    return at(offset);
  };
}

/** `/paths/~1users/get` → `['paths', '/users', 'get']` (RFC 6901). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  return pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((segment) => decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~'));
}
