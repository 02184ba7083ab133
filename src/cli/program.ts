import { Command, CommanderError, Option } from 'commander';
import { type Runtime, TOOL } from '../main/index.js';
import { ConfigError, UsageError } from '../model/index.js';
import { printable } from '../report/index.js';
import { registerBaseline } from './commands/baseline.js';
import { registerCheck } from './commands/check.js';
import { registerContracts } from './commands/contracts.js';
import { registerExplain } from './commands/explain.js';
import { registerGraph } from './commands/graph.js';
import { registerInit } from './commands/init.js';
import { registerShip } from './commands/ship.js';
import { ExitCode } from './exit-codes.js';

export interface Io {
  /** Where commander prints help and the version. */
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Runs one invocation and returns its exit code; never throws. */
export async function run(argv: string[], io: Io, runtime: Runtime = {}): Promise<ExitCode> {
  let code: ExitCode = ExitCode.Ok;
  const program = new Command('cn-guard')
    .description('Enforce the boundaries and contracts between the domains of a codebase (orchestrator.toml).')
    .version(TOOL.version)
    .option('--config <path>', 'orchestrator.toml to use (default: the nearest one above --cwd)')
    .option('--cwd <dir>', 'directory to run in (default: the current one)')
    .option('--format <format>', 'output format: text or json; check also sarif, github or markdown')
    .option('--quiet', 'print only failing findings')
    .option('--no-color', 'no colours (NO_COLOR is honoured too)')
    .addOption(new Option('--debug', 'print stack traces of internal errors'))
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run cn-guard --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: (text) => io.stderr(text.replace(/^error: /, 'cn-guard: ')) });
  const exit = (c: ExitCode) => {
    code = c;
  };
  registerCheck(program, exit, runtime);
  registerContracts(program, exit, runtime);
  registerExplain(program, exit);
  registerBaseline(program, exit);
  registerInit(program, exit);
  registerGraph(program, exit);
  registerShip(program, exit);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    return reportError(error, argv.includes('--debug'), io);
  }
}

/** Messages quote file names and configuration text: their control characters are escaped, line by line. */
const printableLines = (text: string) => text.split('\n').map(printable).join('\n');

function reportError(error: unknown, debug: boolean, io: Io): ExitCode {
  if (error instanceof CommanderError) {
    // Help and --version end with exit code 0; every other commander error is a usage error.
    return error.exitCode === 0 ? ExitCode.Ok : ExitCode.ConfigOrUsage;
  }
  if (error instanceof ConfigError) {
    const count = error.problems.length;
    io.stderr(`cn-guard: ${count === 1 ? 'a configuration error' : `${count} configuration errors`}\n${printableLines(error.message)}\n`);
    return ExitCode.ConfigOrUsage;
  }
  if (error instanceof UsageError) {
    io.stderr(`cn-guard: ${printableLines(error.message)}\n`);
    return ExitCode.ConfigOrUsage;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`cn-guard: internal error: ${printableLines(message)}\n`);
  io.stderr(debug && error instanceof Error && error.stack ? `${error.stack}\n` : 'Run again with --debug for the stack trace, and please report it.\n');
  return ExitCode.Internal;
}
