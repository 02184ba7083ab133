import type { Command } from 'commander';
import { runExplain } from '../../main/index.js';
import { createContext, type GlobalOptions } from '../context.js';
import { ExitCode } from '../exit-codes.js';

export function registerExplain(program: Command, exit: (code: ExitCode) => void): void {
  program
    .command('explain')
    .description('which domain owns FILE and why; with IMPORT, every rule that matched it, the one that decided, and the verdict')
    .argument('<file>', 'a file of the repository')
    .argument('[import]', 'an import specifier as written in FILE (or one FILE might write)')
    .action((file: string, specifier: string | undefined, _flags: unknown, command: Command) => {
      const context = createContext(command.optsWithGlobals<GlobalOptions>(), 'explain');
      const explanation = runExplain({
        cwd: context.cwd,
        ...(context.config && { config: context.config }),
        file,
        ...(specifier !== undefined && { specifier }),
      });
      context.print({ kind: 'explain', explanation, detailed: specifier !== undefined });
      exit(explanation.violation ? ExitCode.Findings : ExitCode.Ok);
    });
}
