import type { ContractVerdict } from '../../contracts/index.js';
import { type Finding, finding } from '../../model/index.js';
import type { Snapshot } from '../snapshot.js';
import type { SnapshotCheck } from './types.js';

/**
 * The published artifacts of the snapshot's domains: each one exists and validates as its
 * format (docs/contracts.md). The verdicts are made ahead, by `validateSubjectContracts`, for
 * `check` and `contracts`; the commands that only draw or record imports (`graph`, `baseline`,
 * `init`) do not read artifacts, and their snapshots carry no verdicts.
 */
export const contractValidity: SnapshotCheck = {
  name: 'contracts',
  run: ({ snapshot }) => (snapshot.contracts ?? []).flatMap((verdict) => findingsOf(verdict, snapshot)),
};

function findingsOf(verdict: ContractVerdict, snapshot: Snapshot): Finding[] {
  const { domain, kind, format, path } = verdict;
  if (verdict.status === 'missing') {
    const keyPath = ['domains', domain, 'artifacts', kind, 'path'];
    return [
      finding({
        rule: 'missing-contract',
        severity: 'error',
        message: `artifact ${kind} of domain ${domain} (${format}) is missing: ${path} does not exist`,
        hint: `add ${path}, or correct domains.${domain}.artifacts.${kind}.path`,
        file: snapshot.configFile,
        ...snapshot.config.locate(keyPath),
        domain,
        identity: path,
      }),
    ];
  }
  return verdict.problems.map((problem) =>
    finding({
      rule: 'invalid-contract',
      severity: 'error',
      message: `artifact ${kind} of domain ${domain} is not valid ${FORMAT_NAMES[format]}: ${problem.message}`,
      hint: `fix ${problem.file}${problem.file === path ? '' : ` (referenced by ${path})`}; its consumers read it as ${FORMAT_NAMES[format]}`,
      file: problem.file,
      ...(problem.line !== undefined && { line: problem.line }),
      ...(problem.column !== undefined && { column: problem.column }),
      domain,
      identity: `${path}\0${problem.message}`,
    }),
  );
}

const FORMAT_NAMES: Record<ContractVerdict['format'], string> = {
  openapi: 'OpenAPI',
  jsonschema: 'JSON Schema',
  typescript: 'TypeScript',
  file: 'a file',
};
