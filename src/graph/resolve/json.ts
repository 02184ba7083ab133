import { type ParseError, parse } from 'jsonc-parser';
import type { RepoView } from '../host.js';

/** tsconfig.json allows comments and trailing commas; package.json does not, but parsing it leniently costs nothing. */
export function readJsonObject(view: RepoView, path: string): Record<string, unknown> | undefined {
  const text = view.readText(path);
  if (text === undefined) return undefined;
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true });
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
