/**
 * What cn-guard found out about capabilities across projects (spec §4.2), in the shape of the
 * json format's `capabilities` object (docs/output.md): fields are only ever added.
 */
export interface ProvidedCapability {
  project: string;
  capability: string;
  /** The closed issue labelled `provides:<capability>` that satisfies it. */
  issue: string;
}

export interface BlockedIssue {
  project: string;
  issue: string;
  title: string;
  /** Its unsatisfied `external:<project>:<capability>` references. */
  waitingOn: string[];
}

export interface UnblockedIssue {
  project: string;
  issue: string;
  title: string;
  /** Its external references, every one satisfied. */
  satisfied: string[];
}

export interface ProjectSummary {
  name: string;
  /** Where its issues were read from: bd, the JSONL export, or nowhere (a finding says why). */
  source: 'bd' | 'jsonl' | 'none';
  issues: number;
}

export interface CapabilityReport {
  projects: ProjectSummary[];
  provided: ProvidedCapability[];
  blocked: BlockedIssue[];
  unblocked: UnblockedIssue[];
}
