import { isGraphTask, serveGraphTask } from '../main/index.js';
import { run } from './program.js';

// The bundle is also the script of the threads that build a large repository's graph.
if (isGraphTask()) {
  serveGraphTask();
} else {
  process.exitCode = await run(
    process.argv.slice(2),
    { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
    { graphWorker: new URL(import.meta.url) },
  );
}
