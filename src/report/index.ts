import { jsonFormatter } from './formats/json.js';
import { textFormatter } from './formats/text.js';
import type { Formatter } from './types.js';

/** Every output format, by name. A new format is a new file under formats/ and one entry here. */
export const formatters: ReadonlyMap<string, Formatter> = new Map([textFormatter, jsonFormatter].map((f) => [f.name, f]));

export type { CheckReport, DomainLabel, FormatOptions, Formatter, Summary } from './types.js';
export { formatExplanationText, type Explanation, type ImportExplanation, type OwnerInfo, type PatternLine } from './explain.js';
