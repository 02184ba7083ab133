import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';

/**
 * The official SARIF 2.1.0 schema (as @microsoft/jest-sarif ships it), validated with ajv 8. The
 * schema is written in draft-04, which ajv 8 no longer reads: its `id` becomes `$id` under the
 * draft-07 meta-schema (no draft-04-only keyword is used in it). Its three formats are checked
 * here, without ajv-formats: `uri` must be absolute, `uri-reference` any reference, `date-time` RFC 3339.
 */
const SCHEMA = resolve(import.meta.dirname, '../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

function compile() {
  const { id, $schema: _draft04, ...schema } = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
  // unicodeRegExp off: one of the schema's patterns (a language tag) is not a valid `u`-flag expression.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', (value: string) => /^[a-z][a-z\d+.-]*:/i.test(value) && URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => !/\s/.test(value) && URL.canParse(value, 'https://base.invalid/'));
  ajv.addFormat(
    'date-time',
    (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value) && !Number.isNaN(Date.parse(value)),
  );
  return ajv.compile({ ...schema, $id: id as string, $schema: 'http://json-schema.org/draft-07/schema#' });
}

let validate: ReturnType<typeof compile> | undefined;

/** The schema's complaints about a SARIF log (`[]` when it is valid), one line each. */
export function sarifErrors(log: unknown): string[] {
  validate ??= compile();
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
