import type { Tree } from './repo.js';

/**
 * Repositories shared by the in-process tests and the git tests of PR and staged mode, so that
 * both layers speak about the same code: a layered app (routes may not import the database) and
 * a policy with something of every kind.
 */

/** A routes file that imports the database client. */
export const USES_DB = (name: string) => `import { client } from '../database/client';\nexport const ${name} = client;\n`;
/** A file that imports nothing. */
export const CLEAN = (name: string) => `export const ${name} = 0;\n`;

/** `tree` with `changes` applied, as a commit on top of it would leave it: `null` deletes a path. */
export function withChanges(tree: Tree, changes: Record<string, string | null>): Tree {
  const next = { ...tree };
  for (const [path, content] of Object.entries(changes)) {
    if (content === null) delete next[path];
    else next[path] = content;
  }
  return next;
}

/** 1-based line of the `occurrence`-th line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string, occurrence = 1): number {
  let seen = 0;
  const index = text.split('\n').findIndex((line) => line.includes(needle) && ++seen === occurrence);
  if (index < 0) throw new Error(`"${needle}" not in the fixture`);
  return index + 1;
}

export const LAYERS = `[domains.routes]
scope = "src/routes/**"
agent_name = "routes-agent"
forbidden_imports = ["src/database/**"]

[domains.database]
scope = "src/database/**"
agent_name = "database-agent"

[domains.auth]
scope = "src/auth/**"
agent_name = "auth-agent"
`;

/** main of the layered app: routes/users.ts and routes/orders.ts both import the database (two violations). */
export const LAYERED: Tree = {
  'orchestrator.toml': LAYERS,
  'src/routes/users.ts': USES_DB('users'),
  'src/routes/orders.ts': USES_DB('orders'),
  'src/routes/health.ts': CLEAN('health'),
  'src/database/client.ts': 'export const client = 1;\n',
  'src/auth/client.ts': 'export const login = 2;\n',
};

/** A policy with something of every kind, each on its own line so findings can point at it. */
export const POLICY = `[settings]
unowned = "warn"

[domains.routes]
scope = ["src/routes/**", "src/admin/**"]
agent_name = "routes-agent"
forbidden_imports = ["src/database/**", "src/auth/internal/**"]
allowed_imports = ["src/auth/client.ts", "src/shared/**"]

[domains.database]
scope = "src/database/**"
public = ["src/database/index.ts"]

[domains.auth]
scope = "src/auth/**"

[domains.shared]
scope = "src/shared/**"

[domains.services]
scope = "src/services/**"

[[exceptions]]
from = "src/routes/legacy/**"
to = "src/database/**"
reason = "legacy export; removal tracked in bd-a1b2"
owner = "@alice"
expires = 2030-01-31
`;

/** The code POLICY governs: it passes (an unowned warning and a suppressed finding). */
export const POLICY_FILES: Tree = {
  'orchestrator.toml': POLICY,
  'src/routes/users.ts': "import { login } from '../auth/client';\nimport { util } from '../shared/util';\nexport const users = [login, util];\n",
  'src/routes/legacy/export.ts': "import { db } from '../../database/index';\nexport const dump = db;\n",
  'src/admin/panel.ts': "import { login } from '../auth/client';\nexport const panel = login;\n",
  'src/database/index.ts': "export { db } from './client';\n",
  'src/database/client.ts': 'export const db = 1;\n',
  'src/auth/client.ts': "import { secret } from './internal/secret';\nexport const login = secret;\n",
  'src/auth/internal/secret.ts': 'export const secret = 2;\n',
  'src/shared/util.ts': 'export const util = 3;\n',
  'src/services/orders.ts': "import { db } from '../database/index';\nexport const orders = db;\n",
  'src/tools/gen.ts': 'export const gen = 4;\n',
};

/** The hint of a weakening that fails. */
export const WEAK = "policy changes need the owners' agreement: rerun with --allow-policy-change once they have approved it";

/** A widened scope of routes, the weakening the tests use most. */
export const WIDENED = POLICY.replace('"src/admin/**"]', '"src/admin/**", "src/tools/**"]');

/** Three domains for staged mode: api may not import db; every domain but ui has an agent. */
export const API_DB_UI = `[domains.api]
scope = "src/api/**"
agent_name = "api-agent"
forbidden_imports = ["src/db/**"]

[domains.db]
scope = "src/db/**"
agent_name = "db-agent"

[domains.ui]
scope = "src/ui/**"
`;

/** HEAD of the staged-mode repository: clean. */
export const API_DB_UI_FILES: Tree = {
  'orchestrator.toml': API_DB_UI,
  'src/api/users.ts': 'export const users = 1;\n',
  'src/db/client.ts': 'export const client = 1;\n',
  'src/db/legacy.ts': 'export const legacy = 1;\n',
  'src/ui/view.ts': "import { users } from '../api/users';\nexport const view = users;\n",
};

/** src/api/users.ts importing db: forbidden by api's forbidden_imports. */
export const VIOLATION = "import { client } from '../db/client';\nexport const users = client;\n";
/** src/api/users.ts changed without a new import. */
export const CLEAN_EDIT = 'export const users = 2;\n';
/** VIOLATION as `summarizeFindings` writes it. */
export const FORBIDDEN = 'forbidden-import src/api/users.ts -> src/db/client.ts';

/** The layered app the spec uses for its examples (routes → database, plus auth), without orchestrator.toml. */
export const SPEC_APP: Tree = {
  'src/routes/users.ts': "import { client } from '../database/client';\nimport { login } from '../auth/client';\nexport const users = [client, login];\n",
  'src/database/client.ts': 'export const client = 1;\n',
  'src/database/index.ts': "export { client } from './client';\n",
  'src/auth/client.ts': "import { secret } from './internal/secret';\nexport const login = secret;\n",
  'src/auth/internal/secret.ts': 'export const secret = 2;\n',
};

/** SPEC_APP's database and auth domains; tests add routes. */
export const SPEC_APP_DOMAINS = `
[domains.database]
scope = "src/database/**"
[domains.auth]
scope = "src/auth/**"
`;

/** Two domains: app may not import db. A finding app → db proves resolution reached db. */
export const APP_DB_CONFIG = `
[settings]
unowned = "allow"

[domains.app]
scope = ["src/app/**"]
forbidden_imports = ["src/db/**"]

[domains.db]
scope = "src/db/**"
`;

/** Swarm branches: `swarm/<agent>/<domain>` names the acting domain; routes, database and auth. */
export const SWARM_TOML = `[settings]
branch_domain = "swarm/*/{domain}"

[domains.routes]
scope = "src/routes/**"
agent_name = "routes-agent"

[domains.database]
scope = "src/database/**"
agent_name = "database-agent"

[domains.auth]
scope = "src/auth/**"
`;
