import type { Command } from 'commander';
import { runInit } from '../../main/index.js';
import { createContext, type GlobalOptions } from '../context.js';
import { ExitCode } from '../exit-codes.js';

export function registerInit(program: Command, exit: (code: ExitCode) => void): void {
  program
    .command('init')
    .description('write a starter orchestrator.toml inferred from the layout, the husky pre-commit hook, and a workflow file')
    .option('--force', 'replace files that already exist')
    .action((flags: { force?: boolean }, command: Command) => {
      const context = createContext(command.optsWithGlobals<GlobalOptions>(), 'init');
      context.print({ kind: 'init', init: runInit({ cwd: context.cwd, force: flags.force === true }) });
      exit(ExitCode.Ok);
    });
}
