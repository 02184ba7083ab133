import type { PlannedFile } from './files.js';
import { dependsOn, editManifest, type Manifest, stringAt } from './manifest.js';
import { cnGuardSpec, type PackageSpec } from './package-spec.js';

/**
 * The pre-commit hook through husky: `prepare` installs the hooks, `.husky/pre-commit` runs the
 * staged check, and both husky and cn-guard must be installed, since `npx --no-install` fails
 * (and blocks every commit) when cn-guard is missing.
 */

export const HOOK_PATH = '.husky/pre-commit';
const HOOK_COMMAND = 'npx --no-install cn-guard check --staged';
const HUSKY_SPEC = '^9.1.7';

export interface ManifestPlan {
  file: PlannedFile;
  /** How cn-guard was added to devDependencies, when it was. */
  cnGuard?: PackageSpec;
}

export function planManifest(path: string, manifest: Manifest): ManifestPlan {
  const scripts: Record<string, string> = {};
  const devDependencies: Record<string, string> = {};
  const prepare = stringAt(manifest, 'scripts', 'prepare');
  if (prepare === undefined || !prepare.includes('husky')) scripts.prepare = 'husky';
  if (!dependsOn(manifest, 'husky')) devDependencies.husky = HUSKY_SPEC;
  // cn-guard's own repository runs the checkout itself.
  const cnGuard = dependsOn(manifest, 'cn-guard') || stringAt(manifest, 'name') === 'cn-guard' ? undefined : cnGuardSpec();
  if (cnGuard) devDependencies['cn-guard'] = cnGuard.spec;
  const added = [...Object.keys(scripts).map((name) => `scripts.${name}`), ...Object.keys(devDependencies).map((name) => `devDependencies.${name}`)];
  if (added.length === 0) return { file: { path, action: 'unchanged' } };
  const content = editManifest(manifest, { scripts, devDependencies });
  return { file: { path, action: 'updated', note: `added ${added.join(', ')}`, content }, ...(cnGuard && { cnGuard }) };
}

export function planHook(current: string | undefined): PlannedFile {
  if (current?.includes('cn-guard check --staged')) return { path: HOOK_PATH, action: 'unchanged' };
  // Appending keeps whatever the hook already runs.
  const content = current === undefined ? `${HOOK_COMMAND}\n` : `${current.replace(/\n?$/, '\n')}${HOOK_COMMAND}\n`;
  return { path: HOOK_PATH, action: current === undefined ? 'created' : 'updated', content, mode: 0o755 };
}
