import { USES_DB } from './fixtures.js';
import type { Tree } from './repo.js';

/** The repository of the baseline tests (spec §3.3), for the CLI and the in-process tests alike. */

export const DEFAULT = '.orchestrator/cn-guard-baseline.json';

export const TOML = `[settings]
unowned = "error"

[domains.routes]
scope = "src/routes/**"
forbidden_imports = ["src/database/**"]

[domains.database]
scope = "src/database/**"

[domains.auth]
scope = "src/auth/**"
public = ["src/auth/index.ts"]
`;

/** TOML with `line` added to [settings]. */
export const withSetting = (line: string) => TOML.replace('unowned = "error"', `unowned = "error"\n${line}`);

/** Three kinds of recordable violation: forbidden-import (twice), private-import, unowned-file. */
export const FILES: Tree = {
  'orchestrator.toml': TOML,
  'src/routes/users.ts': USES_DB('users'),
  'src/routes/orders.ts': `${USES_DB('orders')}import { secret } from '../auth/internal/secret';\nexport const s = secret;\n`,
  'src/routes/health.ts': 'export const health = 0;\n',
  'src/database/client.ts': 'export const client = 1;\n',
  'src/auth/index.ts': "export { secret } from './internal/secret';\n",
  'src/auth/internal/secret.ts': 'export const secret = 2;\n',
  'src/tools/gen.ts': 'export const gen = 3;\n',
};

const NOTE =
  '"note": "Known violations recorded by `cn-guard baseline`; they are reported but do not fail. Entries only ever go away: `cn-guard baseline --prune`."';

/** The baseline file `cn-guard baseline` writes for these entries (each a JSON object on one line). */
export function baselineText(entries: string[]): string {
  const list = entries.length === 0 ? '[]' : `[\n${entries.map((e) => `    ${e}`).join(',\n')}\n  ]`;
  return `{\n  "version": 1,\n  ${NOTE},\n  "entries": ${list}\n}\n`;
}

/** A forbidden-import entry of src/routes/NAME.ts → the database client. */
export const dbEntry = (name: string) => `{"rule":"forbidden-import","file":"src/routes/${name}.ts","target":"src/database/client.ts"}`;
export const ORDERS_DB = dbEntry('orders');
export const ORDERS_AUTH = '{"rule":"private-import","file":"src/routes/orders.ts","target":"src/auth/internal/secret.ts"}';
export const USERS_DB = dbEntry('users');
export const GEN = '{"rule":"unowned-file","file":"src/tools/gen.ts"}';
/** Every violation of FILES, as `cn-guard baseline` records them. */
export const ALL = [ORDERS_DB, ORDERS_AUTH, USERS_DB, GEN];

/** FILES with every violation recorded in the default baseline. */
export const RECORDED: Tree = { ...FILES, [DEFAULT]: baselineText(ALL) };

/** routes/users.ts without its violation. */
export const USERS_FIXED = { 'src/routes/users.ts': 'export const users = 0;\n' };
/** routes/health.ts with a new violation. */
export const HEALTH_VIOLATES = { 'src/routes/health.ts': USES_DB('health') };
