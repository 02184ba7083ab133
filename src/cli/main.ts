import { isImportsThread, serveImportsThread } from '../main/index.js';
import { run } from './program.js';

// The bundle is also the script of the threads that evaluate a large repository in shares.
if (isImportsThread()) {
  serveImportsThread();
} else {
  // A reader that stops early (`cn-guard check | head`) closes the pipe: what it did not read is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  process.exitCode = await run(
    process.argv.slice(2),
    { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
    { graphWorker: new URL(import.meta.url) },
  );
}
