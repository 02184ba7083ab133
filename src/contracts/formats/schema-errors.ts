import { pointerSegments } from '../document.js';

/** An error as ajv reports it (the OpenAPI parser hands on ajv's errors too). */
export interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Keywords whose error only says that the errors of their branches happened. */
const SUMMARY_KEYWORDS = new Set(['oneOf', 'anyOf', 'if', 'then', 'else', 'not', 'allOf']);

/** At most this many problems per artifact, then one that counts the rest: the first ones are the ones to fix. */
export const MAX_PROBLEMS = 20;

export interface LocatedMessage {
  pointer: string[];
  message: string;
}

/**
 * ajv's errors (with `allErrors`) as a reader wants them: the specific ones rather than the
 * `oneOf` that summarises them, without "must have required property '$ref'" from the branch
 * that would have been a reference, once each, pointing at the offending key.
 */
export function readableErrors(errors: readonly AjvError[]): LocatedMessage[] {
  const specific = errors.filter(
    (e) => !SUMMARY_KEYWORDS.has(e.keyword) && !(e.keyword === 'required' && e.params.missingProperty === '$ref') && !(e.keyword === '$ref'),
  );
  // Where a oneOf/anyOf failed, each branch says why it did not fit; the first branch is enough.
  const branched = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  const firstAt = new Set<string>();
  const chosen = (specific.length > 0 ? specific : errors).filter((e) => {
    if (!branched.has(e.instancePath)) return true;
    if (firstAt.has(e.instancePath)) return false;
    firstAt.add(e.instancePath);
    return true;
  });
  const seen = new Set<string>();
  const located: LocatedMessage[] = [];
  for (const error of chosen) {
    const pointer = pointerSegments(error.instancePath);
    const extra = detail(error);
    const extraKey = error.params.additionalProperty ?? error.params.unevaluatedProperty;
    if (extraKey !== undefined) pointer.push(String(extraKey));
    const where = error.instancePath === '' ? 'the document' : error.instancePath;
    const message = `${where} ${error.message ?? `fails ${error.keyword}`}${extra}`;
    if (seen.has(message)) continue;
    seen.add(message);
    located.push({ pointer, message });
  }
  return located;
}

function detail(error: AjvError): string {
  const extraKey = error.params.additionalProperty ?? error.params.unevaluatedProperty;
  if (extraKey !== undefined) return ` ("${String(extraKey)}")`;
  if (error.keyword === 'enum' && Array.isArray(error.params.allowedValues)) return `: ${error.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return '';
}
