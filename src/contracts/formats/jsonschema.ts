import type { Ajv as AjvCore } from 'ajv';
import { canonical } from '../canonical.js';
import { DocumentError, type ParsedDocument, parseDocument } from '../document.js';
import { ReferencedFiles, refsIn } from '../refs.js';
import type { ArtifactInput, ContractFormat, Reading } from '../types.js';
import { type AjvError, readableErrors } from './schema-errors.js';

/**
 * A JSON Schema, validated by ajv against the meta-schema its `$schema` names (draft-07, 2019-09 or
 * 2020-12; draft-07 when it names none, as ajv and most published schemas assume), then compiled,
 * so that a `$ref` to nothing is found too. Referenced files are read from the state being checked.
 */
export const jsonschemaFormat: ContractFormat = {
  format: 'jsonschema',
  async read(input) {
    try {
      const root = parseDocument(input.path, input.text);
      return await readSchema(root, input);
    } catch (error) {
      if (error instanceof DocumentError) return { problems: [error.problem] };
      throw error;
    }
  },
};

const DRAFTS: Record<string, 'draft-07' | '2019-09' | '2020-12'> = {
  'http://json-schema.org/draft-07/schema': 'draft-07',
  'https://json-schema.org/draft/2019-09/schema': '2019-09',
  'https://json-schema.org/draft/2020-12/schema': '2020-12',
};

/** An ajv for a draft, configured as every contract check uses it. */
export async function ajvFor(draft: 'draft-07' | '2019-09' | '2020-12'): Promise<AjvCore> {
  // No format checks (a schema's formats are its consumers' business), no console output, every error.
  const options = { strict: false, allErrors: true, validateFormats: false, logger: false } as const;
  if (draft === '2019-09') return new (await import('ajv/dist/2019.js')).Ajv2019(options);
  if (draft === '2020-12') return new (await import('ajv/dist/2020.js')).Ajv2020(options);
  return new (await import('ajv')).Ajv(options);
}

/** The URI a file of the repository has for ajv: relative `$ref`s resolve against it. */
const uriOf = (path: string) => `cn-guard:///${path}`;

async function readSchema(root: ParsedDocument, input: ArtifactInput): Promise<Reading> {
  const { value } = root;
  if (typeof value !== 'boolean' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    return { problems: [{ file: input.path, line: 1, column: 1, message: 'not a JSON Schema: a schema is an object or a boolean' }] };
  }
  const declared = typeof value === 'object' ? (value as { $schema?: unknown }).$schema : undefined;
  const draft = declared === undefined ? 'draft-07' : DRAFTS[String(declared).replace(/#$/, '')];
  if (!draft) {
    return {
      problems: [
        {
          file: input.path,
          ...root.locate(['$schema']),
          message: `$schema "${String(declared)}" is not supported: cn-guard reads ${Object.keys(DRAFTS).join(', ')}`,
        },
      ],
    };
  }
  const ajv = await ajvFor(draft);
  if (!ajv.validateSchema(value as object)) {
    return {
      problems: readableErrors((ajv.errors ?? []) as AjvError[]).map(({ pointer, message }) => ({ file: input.path, ...root.locate(pointer), message })),
    };
  }
  const refs = new ReferencedFiles(input.files, input.domainDir);
  const files = new Map<string, unknown>();
  addReferencedFiles(ajv, refs, root, new Set([input.path]), files);
  try {
    ajv.addSchema(value as object, uriOf(input.path));
    ajv.getSchema(uriOf(input.path));
  } catch (error) {
    if (error instanceof DocumentError) return { problems: [error.problem] };
    const missing = (error as { missingRef?: string }).missingRef;
    const message = error instanceof Error ? error.message : String(error);
    return {
      problems: [{ file: input.path, ...root.locate(missing ? refPointer(root.value, missing) : []), message: message.replace(/cn-guard:\/\/\//g, '') }],
    };
  }
  // The schema as written (keys sorted), and each file its `$ref`s name, by path.
  return { problems: [], surface: canonical({ schema: value, ...(files.size > 0 && { files: Object.fromEntries(files) }) }) };
}

/** Every file the document's `$ref`s name, and theirs in turn, handed to ajv under its own URI. */
function addReferencedFiles(ajv: AjvCore, refs: ReferencedFiles, document: ParsedDocument, added: Set<string>, files: Map<string, unknown>): void {
  for (const ref of refsIn(document.value)) {
    if (ref.startsWith('#')) continue;
    const path = refs.target(document.path, ref);
    if (added.has(path)) continue;
    added.add(path);
    const referenced = refs.document(path, document.path);
    addReferencedFiles(ajv, refs, referenced, added, files);
    ajv.addSchema(referenced.value as object, uriOf(path));
    files.set(path, referenced.value);
  }
}

/** Where the `$ref` ajv could not resolve is written (its fragment is enough to find it). */
function refPointer(value: unknown, missing: string): string[] {
  const wanted = missing.replace(/^cn-guard:\/\/\/[^#]*/, '');
  const stack: { node: unknown; pointer: string[] }[] = [{ node: value, pointer: [] }];
  while (stack.length > 0) {
    const { node, pointer } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, child] of Object.entries(node)) {
      if (key === '$ref' && typeof child === 'string' && (child === missing || child.endsWith(wanted))) return [...pointer, key];
      stack.push({ node: child, pointer: [...pointer, key] });
    }
  }
  return [];
}
