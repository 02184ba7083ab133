import type * as z from 'zod/mini';

type Issue = z.core.$ZodRawIssue;

const describe = (value: unknown) => (typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value)));

const or = (values: readonly unknown[]) =>
  values.length === 1 ? describe(values[0]) : `${values.slice(0, -1).map(describe).join(', ')} or ${describe(values.at(-1))}`;

/**
 * Messages in the user's terms for zod's generic ones; schema-specific messages (set on the
 * schema itself) win over these. Returning undefined keeps zod's default.
 */
export function schemaMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      if (issue.expected === 'array') return `must be an array${typeof issue.input === 'string' ? `, e.g. [${describe(issue.input)}]` : ''}`;
      return `must be ${issue.expected === 'object' ? 'a table' : `a ${issue.expected}`} (got ${describe(issue.input)})`;
    case 'invalid_value':
      return `must be ${or(issue.values)} (got ${describe(issue.input)})`;
    case 'too_small':
      return issue.origin === 'array' ? 'must list at least one entry' : 'must not be empty';
    default:
      return undefined;
  }
}
