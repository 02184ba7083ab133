import { hash } from 'node:crypto';
import type { Config } from '../config/index.js';
import { contractFormat } from './formats/index.js';
import { MAX_PROBLEMS } from './formats/schema-errors.js';
import type { ContractFiles, ContractProblem, ContractVerdict, Reading } from './types.js';

/**
 * Every artifact the checked domains publish, validated in the state `files` holds. Artifacts of
 * domains outside the repository are their own repository's to check. Whatever a file holds, the
 * answer is a verdict: a parser that throws makes the artifact invalid, never the run fail.
 */
export async function validateContracts(config: Config, files: ContractFiles, root: string): Promise<ContractVerdict[]> {
  const verdicts: ContractVerdict[] = [];
  for (const domain of config.domains) {
    if (domain.external) continue;
    for (const artifact of Object.values(domain.artifacts)) {
      const verdict = { domain: domain.name, kind: artifact.kind, format: artifact.format, path: artifact.path };
      const text = files.isFile(artifact.path) ? files.readText(artifact.path) : undefined;
      if (text === undefined) {
        verdicts.push({ ...verdict, status: 'missing', problems: [] });
        continue;
      }
      let reading: Reading;
      try {
        reading = await contractFormat(artifact.format).read({ path: artifact.path, text, domainDir: domain.relDir, files, root });
      } catch (error) {
        reading = {
          problems: [{ file: artifact.path, line: 1, column: 1, message: `cannot be validated: ${error instanceof Error ? error.message : String(error)}` }],
        };
      }
      const { problems, surface } = reading;
      verdicts.push({
        ...verdict,
        status: problems.length > 0 ? 'invalid' : 'valid',
        problems: capped(problems, artifact.path),
        hash: hash('sha256', text, 'hex'),
        ...(problems.length === 0 && surface !== undefined && { surface }),
      });
    }
  }
  return verdicts;
}

function capped(problems: ContractProblem[], path: string): ContractProblem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const rest = problems.length - MAX_PROBLEMS;
  return [...problems.slice(0, MAX_PROBLEMS), { file: path, message: `and ${rest} more problem${rest === 1 ? '' : 's'}: fix these first` }];
}
