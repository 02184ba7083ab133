import { z } from 'zod';

/**
 * The tables of orchestrator.toml that cn-guard reads. Unknown keys are not handled here:
 * `checkKeys` decides which are errors (cn-guard's own tables, near-misses) and which
 * belong to the orchestrator and are ignored.
 */
const glob = z.string().min(1, 'must not be empty');
const globs = z.array(glob);
const name = z.string().min(1, 'must not be empty');

const NOT_A_DATE = 'must be a date such as 2027-01-31';
/** `YYYY-MM-DD` naming a day that exists (no 2027-02-30). */
const isCalendarDate = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
const tomlDate = z.union(
  [z.string().refine((value) => !Number.isNaN(Date.parse(value)) && isCalendarDate(value), NOT_A_DATE), z.custom<Date>((value) => value instanceof Date, NOT_A_DATE)],
  { error: NOT_A_DATE },
);

export const artifactSchema = z.object({
  path: z.string().min(1, 'must not be empty'),
  format: z.enum(['openapi', 'jsonschema', 'typescript', 'file']).default('file'),
});

export const domainSchema = z.object({
  scope: z.union([glob, z.array(glob).min(1, 'must list at least one glob')], {
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be a glob or an array of globs'),
  }),
  path: z.string().min(1).optional(),
  forbidden_imports: globs.optional(),
  allowed_imports: globs.optional(),
  public: globs.optional(),
  exports: z.array(name).optional(),
  imports: z.record(z.string(), z.array(name)).optional(),
  artifacts: z.record(z.string(), artifactSchema).optional(),
  agent_name: z.string().optional(),
  owners: z.array(z.string()).optional(),
  type_imports: z.enum(['check', 'ignore']).optional(),
  description: z.string().optional(),
});

export const settingsSchema = z.object({
  unowned: z.enum(['allow', 'warn', 'error']).default('warn'),
  type_imports: z.enum(['check', 'ignore']).default('check'),
  include: globs.min(1).optional(),
  exclude: globs.optional(),
  tsconfig: z.string().min(1).default('tsconfig.json'),
  baseline: z.string().min(1).default('.orchestrator/cn-guard-baseline.json'),
  branch_domain: z
    .string()
    .refine((value) => value.includes('{domain}'), 'must contain the placeholder {domain}, e.g. "swarm/*/{domain}"')
    .optional(),
});

export const exceptionSchema = z.object({
  from: glob,
  to: glob,
  reason: z.string().min(1, 'must say why the exception exists'),
  owner: z.string().optional(),
  expires: tomlDate.optional(),
});

export const configSchema = z.object({
  project: z.object({ name: z.string().min(1).optional() }).optional(),
  settings: settingsSchema.default(() => settingsSchema.parse({})),
  external_projects: z.record(z.string(), z.string()).optional(),
  domains: z.record(z.string(), domainSchema, { error: 'must be a table of domains' }).optional(),
  exceptions: z.array(exceptionSchema, { error: 'must be an array of tables ([[exceptions]])' }).optional(),
});

export type RawConfig = z.infer<typeof configSchema>;
export type RawDomain = z.infer<typeof domainSchema>;

/** Keys per table, and whether unknown keys are ours to reject or the orchestrator's to keep. */
export const TABLE_KEYS = {
  root: { keys: ['project', 'settings', 'external_projects', 'domains', 'exceptions'], strict: false },
  project: { keys: ['name'], strict: false },
  settings: { keys: Object.keys(settingsSchema.shape), strict: true },
  domain: { keys: Object.keys(domainSchema.shape), strict: false },
  artifact: { keys: Object.keys(artifactSchema.shape), strict: true },
  exception: { keys: Object.keys(exceptionSchema.shape), strict: true },
} as const;
