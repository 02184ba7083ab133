import manifest from '../../package.json' with { type: 'json' };

/** Where cn-guard is developed, when package.json says nothing: rule pages and SARIF's informationUri point there. */
const FALLBACK_REPOSITORY = 'https://github.com/cn-guard/cn-guard';

interface Manifest {
  repository?: string | { url?: string };
  homepage?: string;
}

/** package.json's repository (`git+https://…/x.git`, npm's usual spelling) or homepage, as a web address. */
function repositoryOf({ repository, homepage }: Manifest): string {
  const url = typeof repository === 'string' ? repository : repository?.url;
  const web = url?.replace(/^git\+/, '').replace(/\.git$/, '');
  if (web?.startsWith('https://')) return web;
  return homepage?.startsWith('https://') ? homepage.replace(/#.*$/, '').replace(/\/$/, '') : FALLBACK_REPOSITORY;
}

export const TOOL = { name: 'cn-guard', version: manifest.version, repository: repositoryOf(manifest as Manifest) } as const;
