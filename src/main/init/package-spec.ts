import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOOL } from '../version.js';

/**
 * The devDependency spec that installs the cn-guard that is running now. No registry release
 * exists yet, so a spec is only right if it names where this copy came from:
 * 1. the nearest package.json above the installed package that lists cn-guard recorded it
 *    (`npm install <spec>` and `npx <spec>` both do): that spec, with a relative `file:` path
 *    made absolute, since it was relative to that package.json;
 * 2. a copy outside node_modules is a git checkout or an unpacked folder: `file:<its folder>`,
 *    which works on this machine only, so init says to replace it;
 * 3. otherwise (a global install, say) `^<version>`.
 */

export interface PackageSpec {
  spec: string;
  /** The spec names a path on this machine (`file:`), which teammates and CI do not have. */
  local: boolean;
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The folder holding the running cn-guard's package.json; this module is bundled into its dist/cli.js. */
function runningPackage(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (readJson(join(dir, 'package.json'))?.name === TOOL.name) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the package.json of the running ${TOOL.name}`);
  }
}

function recordedSpec(dir: string): string | undefined {
  const manifest = readJson(join(dir, 'package.json'));
  for (const list of ['dependencies', 'devDependencies']) {
    const spec = (manifest?.[list] as Record<string, unknown> | undefined)?.[TOOL.name];
    if (typeof spec === 'string') return spec;
  }
  return undefined;
}

/** `file:../x.tgz` means something only next to the package.json that says it. */
function absolute(spec: string, dir: string): string {
  const local = /^(file|link):(.*)$/.exec(spec);
  return local && !isAbsolute(local[2]!) ? `${local[1]}:${resolve(dir, local[2]!)}` : spec;
}

function findSpec(): string {
  const home = runningPackage();
  for (let dir = dirname(home); ; dir = dirname(dir)) {
    const recorded = recordedSpec(dir);
    if (recorded !== undefined) return absolute(recorded, dir);
    if (dirname(dir) === dir) break;
  }
  return home.split(sep).includes('node_modules') ? `^${TOOL.version}` : `file:${home}`;
}

export function cnGuardSpec(): PackageSpec {
  const spec = findSpec();
  return { spec, local: /^(file|link):/.test(spec) };
}
