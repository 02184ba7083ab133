import { TomlDate } from 'smol-toml';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { globProblem } from '../glob/index.js';
import { thousands } from '../model/index.js';

// zod/mini ships no messages of its own; English ones back up `schemaMessage`.
z.config(en());

/**
 * The tables of orchestrator.toml that cn-guard reads. Unknown keys are not handled here:
 * `findUnknownKeys` decides which are errors (cn-guard's own tables, near-misses) and which
 * belong to the orchestrator and are ignored. zod/mini keeps the bundle (and so every
 * pre-commit run's start-up) small; messages in the user's terms come from `schemaMessage`.
 */
const nonEmpty = (message = 'must not be empty') => z.string().check(z.minLength(1, message));

/** A domain's globs are anchored under its `path`: no file system takes a longer one. */
const MAX_PATH_LENGTH = 4096;

// The glob engine's limits and the syntax it refuses (src/glob): one problem a glob.
const glob = nonEmpty().check(z.refine((value) => globProblem(value) === undefined, { error: ({ input }) => globProblem(input as string) }));
const globs = z.array(glob);

export const DEFAULT_BASELINE = '.orchestrator/cn-guard-baseline.json';
export const DEFAULT_BEADS_INBOX = '.orchestrator/beads-inbox.jsonl';

const NOT_A_DATE = 'must be a date such as 2027-01-31';
/** `YYYY-MM-DD` naming a day that exists (no 2027-02-30). */
export const isCalendarDate = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/**
 * A quoted `"2027-01-31"` or a TOML local date `2027-01-31`. smol-toml reads times and date-times
 * as dates too (TomlDate); they are refused, since an exception lasts through the end of its day.
 * (An impossible bare date such as 2027-02-30 is caught on the text: smol-toml rolls it over.)
 */
const tomlDate = z.custom<string | TomlDate>((value) => (typeof value === 'string' ? isCalendarDate(value) : value instanceof TomlDate && value.isDate()), {
  error: ({ input }) =>
    !(input instanceof TomlDate)
      ? NOT_A_DATE
      : input.isTime()
        ? `${NOT_A_DATE}, not a time`
        : `${NOT_A_DATE}, without a time: an exception lasts through the end of its day`,
});

export const artifactSchema = z.object({
  path: nonEmpty(),
  format: z._default(z.enum(['openapi', 'jsonschema', 'typescript', 'file']), 'file'),
  /** For a JSON Schema: what consumers do with the data it describes (docs/contracts.md, "Breaking changes"). */
  direction: z.optional(z.enum(['input', 'output', 'both'])),
});

export const domainSchema = z.object({
  scope: z.union([glob, z.array(glob).check(z.minLength(1, 'must list at least one glob'))], {
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be a glob or an array of globs'),
  }),
  path: z.optional(nonEmpty().check(z.maxLength(MAX_PATH_LENGTH, `is longer than ${thousands(MAX_PATH_LENGTH)} characters (more than a file system takes)`))),
  forbidden_imports: z.optional(globs),
  allowed_imports: z.optional(globs),
  public: z.optional(globs),
  exports: z.optional(z.array(nonEmpty())),
  imports: z.optional(z.record(z.string(), z.array(nonEmpty()))),
  artifacts: z.optional(z.record(z.string(), artifactSchema)),
  /** Capabilities this domain ships (`cn-guard ship`), each tied to the artifact kinds whose contracts it promises. */
  capabilities: z.optional(z.record(z.string(), z.array(nonEmpty()))),
  agent_name: z.optional(z.string()),
  owners: z.optional(z.array(z.string())),
  type_imports: z.optional(z.enum(['check', 'ignore'])),
  description: z.optional(z.string()),
});

export const settingsSchema = z.object({
  unowned: z._default(z.enum(['allow', 'warn', 'error']), 'warn'),
  type_imports: z._default(z.enum(['check', 'ignore']), 'check'),
  include: z.optional(globs.check(z.minLength(1, 'must list at least one glob'))),
  exclude: z.optional(globs),
  tsconfig: z._default(nonEmpty(), 'tsconfig.json'),
  baseline: z._default(nonEmpty(), DEFAULT_BASELINE),
  /** Without bd: where `--post beads` leaves its tasks for `bd import`. */
  beads_inbox: z._default(nonEmpty(), DEFAULT_BEADS_INBOX),
  // One placeholder: with two, which of the names they match would be the domain?
  branch_domain: z.optional(
    z.string().check(
      z.refine((value) => value.includes('{domain}'), 'must contain the placeholder {domain}, e.g. "swarm/*/{domain}"'),
      z.refine(
        (value) => value.indexOf('{domain}') === value.lastIndexOf('{domain}'),
        'must contain the placeholder {domain} only once, e.g. "swarm/*/{domain}"',
      ),
    ),
  ),
});

export const exceptionSchema = z.object({
  from: glob,
  to: glob,
  reason: nonEmpty('must say why the exception exists'),
  owner: z.optional(z.string()),
  expires: z.optional(tomlDate),
});

export const configSchema = z.object({
  project: z.optional(z.object({ name: z.optional(nonEmpty()) })),
  settings: z._default(settingsSchema, () => z.parse(settingsSchema, {})),
  external_projects: z.optional(z.record(z.string(), z.string())),
  domains: z.optional(z.record(z.string(), domainSchema, { error: 'must be a table of domains' })),
  exceptions: z.optional(z.array(exceptionSchema, { error: 'must be an array of tables ([[exceptions]])' })),
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
