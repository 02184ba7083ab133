import { type ActionInputs, isImportsThread, runAction, serveImportsThread } from '../main/index.js';
import { ConfigError, UsageError } from '../model/index.js';
import { logCommand } from '../report/index.js';

/**
 * The GitHub Action's entry (action.yml, `runs.main: dist/action.js`): reads the inputs the way
 * GitHub hands them over, runs the Action, prints its workflow commands, sets the exit code. The
 * work happens in src/main; this shell only translates.
 */

/** `INPUT_<NAME>`: GitHub upper-cases the input's name and keeps its hyphens (`INPUT_FAIL-ON`). */
const input = (name: string): string => process.env[`INPUT_${name.toUpperCase()}`] ?? '';

function inputs(): ActionInputs {
  return {
    config: input('config'),
    workingDirectory: input('working-directory'),
    mode: input('mode'),
    token: input('token'),
    comment: input('comment'),
    checkRun: input('check-run'),
    sarif: input('sarif'),
    failOn: input('fail-on'),
    postBeads: input('post-beads'),
  };
}

async function main(): Promise<number> {
  try {
    const run = await runAction(inputs(), process.env, { graphWorker: new URL(import.meta.url) });
    process.stdout.write(run.stdout);
    for (const warning of run.warnings) process.stdout.write(logCommand('warning', warning));
    return run.exitCode;
  } catch (error) {
    // A configuration or usage error is the user's to fix: one clear message, no stack trace.
    if (error instanceof ConfigError || error instanceof UsageError) {
      process.stdout.write(logCommand('error', error.message));
      return 2;
    }
    process.stdout.write(logCommand('error', `internal error: ${error instanceof Error ? error.message : String(error)}; please report it`));
    if (process.env.RUNNER_DEBUG === '1' && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return 3;
  }
}

// The bundle is also the script of the threads that evaluate a large repository in shares.
if (isImportsThread()) serveImportsThread();
else process.exitCode = await main();
