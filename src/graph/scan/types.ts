/**
 * `jsdoc`: a type imported in a JSDoc comment of a JavaScript file, `@type {import('./x').T}` or
 * `@import { T } from './x'` (always `typeOnly`).
 */
export type ImportKind = 'import' | 'export' | 'dynamic' | 'require' | 'import-equals' | 'jsdoc';

export interface ScannedImport {
  specifier: string;
  kind: ImportKind;
  /** `import type`, `export type`, or named bindings that all carry `type`: erased at compile time. */
  typeOnly: boolean;
  line: number;
  column: number;
}

export interface ScanResult {
  imports: ScannedImport[];
  /** Set when the file could not be read as JavaScript/TypeScript; `imports` holds what came before. */
  error?: { message: string; line: number; column: number };
}
