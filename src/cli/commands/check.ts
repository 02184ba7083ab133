import type { Command } from 'commander';
import { runCheck, type FailOn } from '../../main/index.js';
import { UsageError } from '../../model/index.js';
import { formatters } from '../../report/index.js';
import { createContext, type GlobalOptions } from '../context.js';
import { ExitCode } from '../exit-codes.js';

interface CheckFlags extends GlobalOptions {
  all?: boolean;
  staged?: boolean;
  base?: string;
  head?: string;
  domain?: string;
  allowPolicyChange?: boolean;
  failOn: FailOn;
}

export function registerCheck(program: Command, exit: (code: ExitCode) => void): void {
  program
    .command('check')
    .description('check the repository against orchestrator.toml: everything (default), what is staged, or what a PR introduces')
    .option('--all', 'check every source file (the default)')
    .option('--staged', 'pre-commit: check what is staged, read from the git index (file arguments are ignored)')
    .option('--base <ref>', 'PR mode: report only findings introduced since the merge base with REF')
    .option('--head <ref>', 'PR mode: the revision to check (default HEAD)')
    .option('--domain <name>', 'the acting domain: every changed file must be in its scope (or CN_GUARD_DOMAIN, or settings.branch_domain)')
    .option('--allow-policy-change', 'report a weakened orchestrator.toml or baseline as a warning instead of failing')
    .option('--fail-on <level>', 'lowest severity that fails the run: error, warning or never', 'error')
    // lint-staged passes file names; the index is the truth, so they are accepted and ignored.
    .argument('[files...]')
    .action((_files: string[], flags: CheckFlags, command: Command) => {
      const options = command.optsWithGlobals<CheckFlags>();
      const context = createContext(options, [...formatters.keys()]);
      if (!['error', 'warning', 'never'].includes(flags.failOn)) {
        throw new UsageError(`--fail-on must be error, warning or never (got "${flags.failOn}")`);
      }
      const modes = [flags.all, flags.staged, flags.base !== undefined].filter(Boolean).length;
      if (modes > 1) throw new UsageError('choose one of --all, --staged and --base');
      if (flags.head !== undefined && flags.base === undefined) throw new UsageError('--head needs --base');
      if (flags.domain !== undefined && !flags.staged && flags.base === undefined) {
        throw new UsageError('--domain applies to changes: use it with --staged or --base');
      }
      const { report } = runCheck({
        cwd: context.cwd,
        ...(context.config && { config: context.config }),
        ...(flags.staged && { staged: true }),
        ...(flags.base !== undefined && { base: flags.base }),
        ...(flags.head !== undefined && { head: flags.head }),
        ...(flags.domain !== undefined && { domain: flags.domain }),
        allowPolicyChange: flags.allowPolicyChange === true,
        failOn: flags.failOn,
      });
      context.stdout(formatters.get(context.format)!.format(report, context));
      exit(report.failed ? ExitCode.Findings : ExitCode.Ok);
    });
}
