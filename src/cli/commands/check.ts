import type { Command } from 'commander';
import { runCheck, type FailOn } from '../../main/index.js';
import { UsageError } from '../../model/index.js';
import { formatters } from '../../report/index.js';
import { createContext, type GlobalOptions } from '../context.js';
import { ExitCode } from '../exit-codes.js';

interface CheckFlags extends GlobalOptions {
  all?: boolean;
  failOn: FailOn;
}

export function registerCheck(program: Command, exit: (code: ExitCode) => void): void {
  program
    .command('check')
    .description('check the whole repository against orchestrator.toml (default: --all)')
    .option('--all', 'check every source file (the default)')
    .option('--fail-on <level>', 'lowest severity that fails the run: error, warning or never', 'error')
    .action((flags: CheckFlags, command: Command) => {
      const options = command.optsWithGlobals<CheckFlags>();
      const context = createContext(options, [...formatters.keys()]);
      if (!['error', 'warning', 'never'].includes(flags.failOn)) {
        throw new UsageError(`--fail-on must be error, warning or never (got "${flags.failOn}")`);
      }
      const { report } = runCheck({ cwd: context.cwd, ...(context.config && { config: context.config }), failOn: flags.failOn });
      context.stdout(formatters.get(context.format)!.format(report, context));
      exit(report.failed ? ExitCode.Findings : ExitCode.Ok);
    });
}
