import type { Command } from 'commander';
import { runShip } from '../../main/index.js';
import { printable } from '../../report/index.js';
import { createContext, type GlobalOptions } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { collect } from './check.js';

interface ShipFlags extends GlobalOptions {
  force?: boolean;
  allowBreaking?: boolean;
  dryRun?: boolean;
  post?: string[];
}

export function registerShip(program: Command, exit: (code: ExitCode) => void): void {
  program
    .command('ship')
    .description('publish a capability as bd ship does (provides:<capability>), once its contracts hold, and list the consumers it unblocks')
    .argument('<capability>', 'the capability: the issue labelled export:<capability> ships it')
    .option('--force', 'ship even though the issue is not closed (consumers stay blocked until it is)')
    .option('--allow-breaking', 'ship although a contract of the capability breaks against the lock')
    .option('--dry-run', 'say what would happen, and write nothing')
    .option('--post <target>', "beads: tell each unblocked consumer issue so, once (through bd, else its project's import inbox)", collect, [])
    .action(async (capability: string, _flags: ShipFlags, command: Command) => {
      const flags = command.optsWithGlobals<ShipFlags>();
      const context = createContext(flags, 'ship');
      const ship = await runShip({
        cwd: context.cwd,
        ...(context.config && { config: context.config }),
        capability,
        ...(flags.force && { force: true }),
        ...(flags.allowBreaking && { allowBreaking: true }),
        ...(flags.dryRun && { dryRun: true }),
        ...(flags.post?.length && { post: flags.post }),
      });
      context.print({ kind: 'ship', ship });
      for (const warning of ship.warnings) process.stderr.write(`cn-guard: warning: ${printable(warning)}\n`);
      exit(ship.status === 'refused' ? ExitCode.Findings : ExitCode.Ok);
    });
}
