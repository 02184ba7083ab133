import type { Command } from 'commander';
import { graphFormats, runGraph } from '../../main/index.js';
import { createContext, type GlobalOptions } from '../context.js';
import { ExitCode } from '../exit-codes.js';

interface GraphFlags extends GlobalOptions {
  output?: string;
  focus?: string;
  from?: string;
  to?: string;
  base?: string;
  head?: string;
}

export function registerGraph(program: Command, exit: (code: ExitCode) => void): void {
  program
    .command('graph')
    .description('draw the domain-level boundary diagram: declared relations, actual imports, violating edges')
    .option('--output <file>', 'write the diagram to FILE instead of standard output')
    .option('--focus <domain>', 'keep one domain and its neighbours')
    .option('--from <domain>', 'with --to: list the file-level imports behind one domain pair')
    .option('--to <domain>', "with --from: the importing pair's target domain")
    .option('--base <ref>', 'mark the domain edges the change since merge-base(REF, HEAD) adds or removes')
    .option('--head <ref>', 'with --base: the revision to draw (default HEAD)')
    .action(async (_flags: GraphFlags, command: Command) => {
      const flags = command.optsWithGlobals<GraphFlags>();
      // Diagrams default to Mermaid (what PR comments embed); --from/--to list imports as text.
      const format = flags.format ?? (flags.from !== undefined ? 'text' : 'mermaid');
      const context = createContext({ ...flags, format }, 'pair-imports', graphFormats);
      const result = await runGraph({
        cwd: context.cwd,
        ...(context.config && { config: context.config }),
        format,
        ...(flags.focus !== undefined && { focus: flags.focus }),
        ...(flags.from !== undefined && { from: flags.from }),
        ...(flags.to !== undefined && { to: flags.to }),
        ...(flags.base !== undefined && { base: flags.base }),
        ...(flags.head !== undefined && { head: flags.head }),
        ...(flags.output !== undefined && { output: flags.output }),
      });
      if (result.kind === 'pair-imports') context.print(result);
      else if (result.written === undefined) context.stdout(result.text);
      exit(ExitCode.Ok);
    });
}
