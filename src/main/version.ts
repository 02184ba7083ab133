import manifest from '../../package.json' with { type: 'json' };

export const TOOL = { name: 'cn-guard', version: manifest.version } as const;
