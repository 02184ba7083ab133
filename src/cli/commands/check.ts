import type { Command } from 'commander';
import { type CheckOptions, type CheckResult, type PublishPlan, planPublishing, publish, type Runtime, runCheck } from '../../main/index.js';
import { formatsFor, printable } from '../../report/index.js';
import { createContext, type GlobalOptions } from '../context.js';
import { ExitCode } from '../exit-codes.js';

interface CheckFlags extends GlobalOptions {
  all?: boolean;
  staged?: boolean;
  base?: string;
  head?: string;
  domain?: string;
  allowPolicyChange?: boolean;
  allowBreaking?: boolean;
  failOn: string;
  post?: string[];
  checkRun?: boolean;
  tokenEnv?: string;
}

export const collect = (value: string, previous: string[]) => [...previous, value];

export const POST_HELP =
  'after the check, post the report (repeatable): github, the sticky pull-request comment, in GitHub Actions; beads, one task per violation group (through bd, else the import inbox)';

/** After the findings are out: post them, and say what happened on stderr (never changing the exit code). */
export async function publishAndSay(result: CheckResult, plan: PublishPlan): Promise<void> {
  const say = (message: string) => process.stderr.write(`cn-guard: ${printable(message)}\n`);
  const { warnings, beads } = await publish(result, plan, process.env, say);
  if (beads) {
    const where = beads.via === 'bd' ? 'through bd' : `in ${beads.inbox} (bd import it)`;
    const count = (list: unknown[], verb: string) => `${list.length} ${verb}`;
    say(`beads: ${count(beads.created, 'created')}, ${count(beads.updated, 'updated')}, ${count(beads.closed, 'closed')} ${where}`);
  }
  for (const warning of warnings) say(`warning: ${warning}`);
}

export function registerCheck(program: Command, exit: (code: ExitCode) => void, runtime: Runtime): void {
  program
    .command('check')
    .description('check the repository against orchestrator.toml: everything (default), named files, what is staged, or what a PR introduces')
    .option('--all', 'check every source file (the default)')
    .option('--staged', 'pre-commit: check what is staged, read from the git index (with files: only those of them)')
    .option('--base <ref>', 'PR mode: report only findings introduced since the merge base with REF')
    .option('--head <ref>', 'PR mode: the revision to check (default HEAD)')
    .option('--domain <name>', 'the acting domain: every changed file must be in its scope (or CN_GUARD_DOMAIN, or settings.branch_domain)')
    .option('--allow-policy-change', 'report a weakened orchestrator.toml or baseline as a warning instead of failing')
    .option('--allow-breaking', 'report breaking contract changes as warnings instead of failing, this once')
    .option('--fail-on <level>', 'lowest severity that fails the run: error, warning or never', 'error')
    .option('--post <target>', POST_HELP, collect, [])
    .option('--check-run', 'with --post github: also a check run carrying every finding as an annotation')
    .option('--token-env <name>', 'with --post github: the variable holding the token (default GITHUB_TOKEN)')
    .argument('[files...]', 'check only these files (lint-staged passes the staged ones)')
    .addHelpText(
      'after',
      `\nFormats (--format): ${formatsFor('check').join(', ')}. sarif: for code scanning; github: annotations, plus the job summary and step outputs in GitHub Actions; markdown: the pull-request comment.`,
    )
    .action(async (files: string[], _flags: CheckFlags, command: Command) => {
      const flags = command.optsWithGlobals<CheckFlags>();
      const context = createContext(flags, 'check');
      const plan = planPublishing(
        {
          cwd: context.cwd,
          ...(flags.post?.length && { post: flags.post }),
          ...(flags.checkRun && { checkRun: true }),
          ...(flags.tokenEnv !== undefined && { tokenEnv: flags.tokenEnv }),
          actionFiles: context.format === 'github',
        },
        process.env,
      );
      const options: CheckOptions = {
        cwd: context.cwd,
        ...(context.config && { config: context.config }),
        ...(flags.all && { all: true }),
        ...(flags.staged && { staged: true }),
        ...(flags.base !== undefined && { base: flags.base }),
        ...(flags.head !== undefined && { head: flags.head }),
        ...(flags.domain !== undefined && { domain: flags.domain }),
        ...(files.length > 0 && { files }),
        allowPolicyChange: flags.allowPolicyChange === true,
        ...(flags.allowBreaking && { allowBreaking: true }),
        failOn: flags.failOn,
        // The job summary and the PR comment show the domains a PR touches.
        ...((context.format === 'markdown' || context.format === 'github' || plan.github) && { diagram: true }),
      };
      const result = await runCheck(options, runtime);
      context.print({ kind: 'check', report: result.report });
      await publishAndSay(result, plan);
      exit(result.report.failed ? ExitCode.Findings : ExitCode.Ok);
    });
}
