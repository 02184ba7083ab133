import type { Command } from 'commander';
import { type ContractsOptions, isContractFinding, planPublishing, type Runtime, runContracts, runContractsDiff } from '../../main/index.js';
import { formatsFor } from '../../report/index.js';
import { createContext, type GlobalOptions } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { collect, POST_HELP, publishAndSay } from './check.js';

interface ContractsFlags extends GlobalOptions {
  staged?: boolean;
  base?: string;
  head?: string;
  failOn: string;
  update?: boolean;
  allowBreaking?: boolean;
  post?: string[];
}

export function registerContracts(program: Command, exit: (code: ExitCode) => void, runtime: Runtime): void {
  const contracts = program.command('contracts');
  contracts
    .description('validate the artifacts the domains publish (domains.<name>.artifacts): each exists and is valid OpenAPI 3, JSON Schema or TypeScript')
    .option('--staged', 'the artifacts as staged in the git index')
    .option('--base <ref>', 'PR mode: report only contract findings introduced since the merge base with REF')
    .option('--head <ref>', 'PR mode: the revision to check (default HEAD)')
    .option('--fail-on <level>', 'lowest severity that fails the run: error, warning or never', 'error')
    .option('--allow-breaking', 'let breaking contract changes pass this once, as warnings')
    .option('--post <target>', POST_HELP, collect, [])
    .option('--update', "after review: record every artifact's surface in .orchestrator/contracts.lock.json (refused while one is missing or invalid)")
    .addHelpText('after', `\nFormats (--format): ${formatsFor('check').join(', ')}, as for check.`)
    .action(async (_flags: ContractsFlags, command: Command) => {
      const flags = command.optsWithGlobals<ContractsFlags>();
      const context = createContext(flags, 'check');
      const plan = planPublishing(
        {
          cwd: context.cwd,
          ...(flags.post?.length && { post: flags.post }),
          judges: (rule) => isContractFinding({ rule }),
          actionFiles: context.format === 'github',
        },
        process.env,
      );
      const options: ContractsOptions = {
        cwd: context.cwd,
        ...(context.config && { config: context.config }),
        ...(flags.staged && { staged: true }),
        ...(flags.base !== undefined && { base: flags.base }),
        ...(flags.head !== undefined && { head: flags.head }),
        failOn: flags.failOn,
        ...(flags.update && { update: true }),
        ...(flags.allowBreaking && { allowBreaking: true }),
      };
      const result = await runContracts(options, runtime);
      context.print({ kind: 'check', report: result.report });
      await publishAndSay(result, plan);
      exit(result.report.failed ? ExitCode.Findings : ExitCode.Ok);
    });

  contracts
    .command('diff')
    .description('classify every change between two versions of a contract, like oasdiff breaking (exit 1 when something breaks)')
    .argument('<old>', 'the old version: a file, or a folder with an index.d.ts')
    .argument('<new>', 'the new version')
    .option('--kind <kind>', 'openapi, jsonschema or typescript (default: guessed from the old version)')
    .option('--direction <direction>', 'for a JSON Schema: input, output (default) or both')
    .action(async (old: string, now: string, _flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<GlobalOptions & { kind?: string; direction?: string }>();
      const context = createContext(flags, 'contract-diff');
      const diff = await runContractsDiff({
        cwd: context.cwd,
        old,
        new: now,
        ...(flags.kind !== undefined && { kind: flags.kind }),
        ...(flags.direction !== undefined && { direction: flags.direction }),
      });
      context.print({ kind: 'contract-diff', diff });
      exit(diff.summary.breaking > 0 ? ExitCode.Findings : ExitCode.Ok);
    });
}
