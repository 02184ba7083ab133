import type { Command } from 'commander';
import { runBaseline } from '../../main/index.js';
import { createContext, type GlobalOptions } from '../context.js';
import { ExitCode } from '../exit-codes.js';

interface BaselineFlags extends GlobalOptions {
  prune?: boolean;
  update?: boolean;
}

export function registerBaseline(program: Command, exit: (code: ExitCode) => void): void {
  program
    .command('baseline')
    .description("record today's violations in the committed baseline, so that only new ones fail")
    .option('--prune', 'only remove entries that match no violation any more (the baseline can only shrink)')
    .option('--update', 'the same as --prune')
    .action((flags: BaselineFlags, command: Command) => {
      const context = createContext(command.optsWithGlobals<GlobalOptions>(), 'baseline');
      const outcome = runBaseline({
        cwd: context.cwd,
        ...(context.config && { config: context.config }),
        prune: flags.prune === true || flags.update === true,
      });
      context.print({ kind: 'baseline', outcome });
      exit(ExitCode.Ok);
    });
}
