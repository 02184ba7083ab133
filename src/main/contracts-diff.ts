import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, posix, resolve } from 'node:path';
import type { Direction } from '../config/index.js';
import { type ContractFiles, classifyChanges, contractFormat } from '../contracts/index.js';
import { UsageError } from '../model/index.js';
import type { ContractDiff } from '../report/index.js';

export interface ContractsDiffOptions {
  cwd: string;
  old: string;
  new: string;
  kind?: string;
  direction?: string;
}

const KINDS = ['openapi', 'jsonschema', 'typescript'] as const;
type Kind = (typeof KINDS)[number];
const DIRECTIONS: readonly Direction[] = ['input', 'output', 'both'];

/** One side of the diff: a file, or (TypeScript) a folder with an index.d.ts; what it references must lie beside it. */
interface Side {
  label: string;
  root: string;
  path: string;
}

function sideOf(cwd: string, given: string): Side {
  const absolute = resolve(cwd, given);
  const stat = statSync(absolute, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`${given}: no such file or folder`);
  if (stat.isDirectory()) {
    if (!statSync(join(absolute, 'index.d.ts'), { throwIfNoEntry: false })?.isFile()) throw new UsageError(`${given} is a folder without an index.d.ts`);
    return { label: given, root: absolute, path: 'index.d.ts' };
  }
  return { label: given, root: dirname(absolute), path: basename(absolute) };
}

/** The side's folder, read as a repository would be: nothing above it. */
function filesOf(side: Side): ContractFiles {
  const inside = (path: string) => !posix.isAbsolute(path) && path !== '..' && !path.startsWith('../');
  const read = (path: string) => {
    try {
      return inside(path) ? readFileSync(join(side.root, path), 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
  return { readText: read, isFile: (path) => inside(path) && statSync(join(side.root, path), { throwIfNoEntry: false })?.isFile() === true };
}

/** The kind a file's name or content says: a declaration file, an OpenAPI document, or a JSON Schema. */
function guessKind(side: Side, text: string): Kind {
  if (/\.(d\.)?[cm]?ts$/.test(side.path)) return 'typescript';
  if (/^\s*["']?(openapi|swagger)["']?\s*:/m.test(text)) return 'openapi';
  if (/["']?(\$schema|\$defs|definitions|properties|type)["']?\s*:/.test(text)) return 'jsonschema';
  throw new UsageError(`cannot tell what kind of contract ${side.label} is: pass --kind ${KINDS.join('|')}`);
}

/**
 * `cn-guard contracts diff OLD NEW`, like `oasdiff breaking`: every change between two versions
 * of a contract, classified as the lock comparison classifies it. Unreadable or invalid inputs
 * are a usage error (exit 2) that says why.
 */
export async function runContractsDiff(options: ContractsDiffOptions): Promise<ContractDiff> {
  if (options.kind !== undefined && !(KINDS as readonly string[]).includes(options.kind)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}`);
  if (options.direction !== undefined && !(DIRECTIONS as readonly string[]).includes(options.direction)) {
    throw new UsageError(`--direction must be one of ${DIRECTIONS.join(', ')}`);
  }
  const sides = [sideOf(options.cwd, options.old), sideOf(options.cwd, options.new)] as const;
  const texts = sides.map((side) => filesOf(side).readText(side.path) ?? '');
  const kind = (options.kind as Kind | undefined) ?? guessKind(sides[0], texts[0]!);
  const surfaces = [];
  for (const [i, side] of sides.entries()) {
    const reading = await contractFormat(kind).read({ path: side.path, text: texts[i]!, domainDir: '', files: filesOf(side), root: side.root });
    if (reading.problems.length > 0) {
      const [first] = reading.problems;
      const where = `${first!.file === side.path ? side.label : first!.file}${first!.line !== undefined ? `:${first!.line}:${first!.column ?? 1}` : ''}`;
      throw new UsageError(
        `${side.label} is not valid ${kind}: ${where}: ${first!.message}${reading.problems.length > 1 ? ` (and ${reading.problems.length - 1} more)` : ''}`,
      );
    }
    surfaces.push(reading.surface);
  }
  const direction = (options.direction as Direction | undefined) ?? 'output';
  const changes = classifyChanges({ format: kind, path: sides[1].path, direction }, surfaces[0], surfaces[1]).map((change) => ({
    id: change.id,
    level: change.level,
    breaking: change.level === 'error',
    direction: change.flow,
    location: kind === 'typescript' ? null : change.at,
    symbol: kind === 'typescript' ? change.at : null,
    message: change.message,
  }));
  const count = (level: string) => changes.filter((c) => c.level === level).length;
  return { version: 1, kind, changes, summary: { breaking: count('error'), warnings: count('warning'), info: count('info') } };
}
