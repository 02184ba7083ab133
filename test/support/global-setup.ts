import { execFileSync } from 'node:child_process';

/** The CLI tests drive the real bundled binary: build it from the current sources first. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.js'], { stdio: 'inherit' });
}
