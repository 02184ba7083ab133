// The configuration files of the generated repository. orchestrator.toml and
// .dependency-cruiser.cjs are rendered from the same plan.domains[].forbidden
// folder list, so the two rule sets are equivalent by construction:
//   glob "<folder>/**"  <=>  regex "^<folder>/"

export function tsconfigJson(plan) {
  const paths = {};
  for (const d of plan.domains.filter((d) => d.alias)) {
    paths[d.alias] = [`${d.codeRoot}/index.ts`];
    paths[`${d.alias}/*`] = [`${d.codeRoot}/*`];
  }
  return json({
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      // "bundler" is what lets extensionless, directory and .js->.ts imports
      // all resolve, together with package "exports" and "paths".
      moduleResolution: 'bundler',
      jsx: 'react-jsx',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      baseUrl: '.',
      paths,
    },
    include: ['src', 'packages'],
  });
}

export function rootPackageJson() {
  return json({ name: 'bench-repo', version: '0.0.0', private: true, type: 'module', workspaces: ['packages/*'] });
}

export function workspacePackageJson(domain, plan) {
  const lower = plan.domains.filter((d) => d.kind === 'package' && d.layer < domain.layer);
  return json({
    name: domain.packageName,
    version: '0.0.0',
    private: true,
    type: 'module',
    exports: { '.': './src/index.ts', './utils': './src/utils/index.ts' },
    ...(lower.length > 0 && { dependencies: Object.fromEntries(lower.map((d) => [d.packageName, '0.0.0'])) }),
  });
}

export function gitignore() {
  return 'node_modules/\n.bench-expected.json\n';
}

export function orchestratorToml(plan, header) {
  const lines = [`# ${header}`, '[settings]', 'unowned = "allow"', ''];
  for (const d of plan.domains) {
    lines.push(`[domains.${d.name}]`, `scope = [${JSON.stringify(`${d.root}/**`)}]`);
    if (d.forbidden.length > 0) {
      lines.push(`forbidden_imports = [${d.forbidden.map((f) => JSON.stringify(`${f}/**`)).join(', ')}]`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

export function dependencyCruiserConfig(plan, header) {
  const forbidden = plan.domains.flatMap((d) =>
    d.forbidden.map((folder) => ({
      name: `${d.name}--${folder.replaceAll('/', '-')}`,
      comment: `orchestrator.toml: domains.${d.name} forbids ${folder}/**`,
      severity: 'error',
      from: { path: `^${escapeRegex(d.root)}/` },
      to: { path: `^${escapeRegex(folder)}/` },
    })),
  );
  const options = {
    // Type-only imports are dependencies, as in cn-guard's default.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    // Resolve node_modules/@bench/* symlinks to the real packages/* paths.
    preserveSymlinks: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.d.ts'],
    },
    // What `depcruise --init` generates: skip analyses no rule needs.
    skipAnalysisNotInRules: true,
  };
  return [
    `// ${header}`,
    '// One forbidden rule per (domain, forbidden_imports entry) of orchestrator.toml.',
    "/** @type {import('dependency-cruiser').IConfiguration} */",
    `module.exports = ${JSON.stringify({ forbidden, options }, null, 2)};`,
    '',
  ].join('\n');
}

function escapeRegex(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function json(value) {
  return `${JSON.stringify(value, null, 2)}\n`;
}
