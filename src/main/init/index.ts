import { CONFIG_FILE } from '../../config/index.js';
import { listFiles, workingTreeView } from '../../graph/index.js';
import type { InitReport, InitStep } from '../../report/index.js';
import { type PlannedFile, planOwnedFile, readDestination, writePlan } from './files.js';
import { HOOK_PATH, type ManifestPlan, planHook, planManifest } from './husky.js';
import { parseManifest } from './manifest.js';
import { proposeConfig } from './proposal.js';
import { renderWorkflow } from './workflow.js';

export interface InitOptions {
  cwd: string;
  force?: boolean;
}

const MANIFEST = 'package.json';
const WORKFLOW = '.github/workflows/cn-guard.yml';

function nextSteps(plan: PlannedFile[], manifest: ManifestPlan | undefined): string[] {
  const written = plan.filter((file) => file.content !== undefined).map((file) => file.path);
  const next: string[] = [];
  if (written.includes(CONFIG_FILE)) next.push(`review ${CONFIG_FILE}: the domain names, their scopes, and the forbidden_imports suggestions to uncomment`);
  if (manifest?.cnGuard?.local) {
    next.push(
      `devDependencies.cn-guard is "${manifest.cnGuard.spec}", a folder on this machine: replace it with a git URL or a tarball your teammates and CI can install`,
    );
  }
  if (written.includes(MANIFEST)) next.push("install the new devDependencies (npm install, or your package manager's install): it sets the pre-commit hook up");
  next.push('run `npx cn-guard check`');
  if (written.length > 0) next.push(`commit ${written.join(', ')}`);
  return next;
}

/**
 * `cn-guard init`: a starter orchestrator.toml inferred from the layout (checked in memory
 * before it is proposed), the husky pre-commit hook, and the PR workflow. Everything is read,
 * computed and validated before the first file is written; a file init does not own is only
 * added to; orchestrator.toml and the workflow are replaced only with --force. A second run
 * changes nothing.
 */
export function runInit(options: InitOptions): InitReport {
  const root = options.cwd;
  const force = options.force === true;
  // Every destination is checked before anything is read from it or written.
  const current = new Map([CONFIG_FILE, MANIFEST, HOOK_PATH, WORKFLOW].map((path) => [path, readDestination(root, path)]));
  const manifestText = current.get(MANIFEST);
  const manifest = manifestText === undefined ? undefined : parseManifest(manifestText);
  const listing = listFiles(root);
  const proposal = proposeConfig(workingTreeView(root, listing), new Date().toISOString().slice(0, 10));

  const configStep =
    proposal.text === undefined
      ? { path: CONFIG_FILE, action: 'skipped' as const, note: 'no workspace packages and no folders of sources to make domains of' }
      : planOwnedFile(CONFIG_FILE, current.get(CONFIG_FILE), proposal.text, force);
  const plan: PlannedFile[] = [configStep];
  const manifestPlan = manifest && planManifest(MANIFEST, manifest);
  if (manifestPlan) plan.push(manifestPlan.file, planHook(current.get(HOOK_PATH)));
  else plan.push({ path: MANIFEST, action: 'skipped', note: 'no package.json: use hooks/pre-commit from the cn-guard package instead of husky' });
  plan.push(planOwnedFile(WORKFLOW, current.get(WORKFLOW), renderWorkflow(), force));

  writePlan(root, plan, CONFIG_FILE);
  // The exclusions and unowned folders describe the proposal: when it was not written, nothing on disk.
  const proposed = configStep.action !== 'skipped';
  return {
    steps: plan.map(({ path, action, note }): InitStep => ({ path, action, ...(note !== undefined && { note }) })),
    excluded: proposed ? proposal.excluded : [],
    unowned: proposed ? proposal.unowned : [],
    next: nextSteps(plan, manifestPlan),
  };
}
