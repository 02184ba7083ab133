import type { Config, Domain } from '../config/index.js';
import { currentBranch } from '../git/index.js';
import { didYouMean, UsageError } from '../model/index.js';
import { domainFromBranch } from '../rules/index.js';

/** `--head swarm/1/web` or `refs/heads/…` or `origin/…` names a branch; `HEAD` or a commit id does not. */
function branchName(ref: string | undefined): string | undefined {
  if (ref === undefined || ref === 'HEAD' || /^[0-9a-f]{7,40}$/.test(ref)) return undefined;
  return ref.replace(/^refs\/heads\//, '').replace(/^(refs\/remotes\/)?origin\//, '');
}

/**
 * Who is committing (docs/modes.md): `--domain`, else CN_GUARD_DOMAIN, else the branch matched
 * against `settings.branch_domain` (in GitHub Actions the PR's head branch, GITHUB_HEAD_REF;
 * in PR mode the branch `--head` names; else the checked-out branch).
 * A name given explicitly must be a domain; a branch that names none is simply not a domain's.
 */
export function actingDomain(config: Config, flag: string | undefined, headRef?: string): Domain | undefined {
  const explicit = flag ?? (process.env.CN_GUARD_DOMAIN || undefined);
  if (explicit !== undefined) {
    const domain = config.domains.find((d) => d.name === explicit);
    if (!domain) {
      const names = config.domains.map((d) => d.name);
      throw new UsageError(
        `unknown domain "${explicit}"${flag === undefined ? ' (from CN_GUARD_DOMAIN)' : ''}; ${didYouMean(explicit, names) ?? `domains: ${names.join(', ')}`}`,
      );
    }
    return domain;
  }
  const pattern = config.settings.branchDomain;
  if (!pattern) return undefined;
  const branch = process.env.GITHUB_HEAD_REF || branchName(headRef) || currentBranch(config.root);
  if (!branch) return undefined;
  const name = domainFromBranch(pattern, branch);
  return config.domains.find((d) => d.name === name);
}
