// Prepares the pre-commit scenario: 20 source files change their imports and are staged,
// 5 of them gaining a forbidden import, as one agent's commit would.
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

export const STAGED_FILES = 20;
const VIOLATING = 5;

const importPath = (from, to) => {
  const relative = posix.relative(posix.dirname(from), to).replace(/\.tsx?$/, '.js');
  return relative.startsWith('.') ? relative : `./${relative}`;
};

/** @returns {string[]} the violations the staged files hold afterwards, as "from -> to" */
export function stageChangedImports(repoDir, expectedFile) {
  const expected = JSON.parse(readFileSync(join(repoDir, expectedFile), 'utf8'));
  const files = execFileSync('git', ['ls-files', '-z', 'src'], { cwd: repoDir, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f.endsWith('.ts'))
    .sort();
  // Spread over the repository, so that the staged files belong to many domains.
  const staged = Array.from({ length: STAGED_FILES }, (_, i) => files[Math.floor((i * files.length) / STAGED_FILES)]);
  const violations = expected.filter((v) => staged.includes(v.split(' -> ')[0]));
  staged.forEach((file, i) => {
    // A known-forbidden target for a file of the same domain folder: a new violation.
    const forbidden = i < VIOLATING ? expected.find((v) => dirname(v.split(' -> ')[0]) === dirname(file)) : undefined;
    const target = forbidden ? forbidden.split(' -> ')[1] : staged[(i + 1) % staged.length].startsWith(dirname(file)) ? staged[(i + 1) % staged.length] : file;
    if (forbidden && !violations.includes(`${file} -> ${target}`)) violations.push(`${file} -> ${target}`);
    appendFileSync(join(repoDir, file), `\nexport * as changed${i} from '${importPath(file, target)}';\n`);
  });
  execFileSync('git', ['add', '--', ...staged], { cwd: repoDir });
  return violations.sort();
}
