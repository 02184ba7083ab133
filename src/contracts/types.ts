import type { ArtifactFormat } from '../config/index.js';

/** What a parser or compiler says is wrong with an artifact, where it says it. Paths are root-relative. */
export interface ContractProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/** Read access to one state of the repository (the working tree, the index or a commit): the snapshot's view. */
export interface ContractFiles {
  readText(path: string): string | undefined;
  isFile(path: string): boolean;
  /** The file a path stands for once symbolic links are followed (a snapshot's view knows; a plain folder need not). */
  realPath?(path: string): string | undefined;
}

/** One published artifact, read from the state being checked. */
export interface ArtifactInput {
  /** Root-relative path of the artifact. */
  path: string;
  text: string;
  /** Root-relative directory of the producing domain: what an artifact references must lie inside it. */
  domainDir: string;
  files: ContractFiles;
  /** The repository's absolute root: only to find the checked project's own packages (the compiler, in the Action). */
  root: string;
}

/** JSON data: what a surface is made of. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What a format reads of an artifact: its problems, and — when it has none — the surface consumers rely on. */
export interface Reading {
  problems: ContractProblem[];
  /** Operations, schemas or exported symbols with their types (docs/contracts.md, "The lock"). */
  surface?: Json;
}

/** How one format of artifact is read; a new format is a new file and one entry in formats/index.ts. */
export interface ContractFormat {
  format: ArtifactFormat;
  /** The artifact's problems (none: it is valid) and surface. Never throws for what the file holds. */
  read(input: ArtifactInput): Promise<Reading>;
}

/** The verdict on one published artifact. */
export interface ContractVerdict {
  domain: string;
  /** The artifact kind (`exports` entry) it publishes. */
  kind: string;
  format: ArtifactFormat;
  path: string;
  status: 'valid' | 'missing' | 'invalid';
  problems: ContractProblem[];
  /** SHA-256 of the artifact's bytes (as text), when it exists. */
  hash?: string;
  /** What a valid artifact offers its consumers. */
  surface?: Json;
}
