import { hash } from 'node:crypto';
import { byCodePoint, type Finding, type RuleId } from '../model/index.js';
import { isClosed } from './issue.js';
import type { BeadsIssue } from './types.js';

/** Every issue cn-guard opens carries this label; it touches no issue without it. */
export const TASK_LABEL = 'cn-guard';

/** Where a task keeps what identifies it (spec §4.4): bd's `metadata` object. */
export const FINGERPRINT_KEY = 'cn_guard_fingerprint';

/** What cn-guard wants to exist in Beads: one violation group, or one notice that work is unblocked. */
export interface DesiredTask {
  fingerprint: string;
  title: string;
  description: string;
  assignee?: string;
  labels: string[];
  /** 0–4, bd's scale: errors at 1, warnings at 2. */
  priority: number;
  type: 'bug' | 'task';
  metadata: Record<string, string>;
  /** A notice relates to the consumer issue it is about. */
  relatesTo?: string;
  /** Notices are said once and left to their reader; only violation groups are closed by cn-guard. */
  kind: 'violations' | 'notice';
  /** Violation groups: the rule, so that a run only closes what it judged. */
  rule?: RuleId;
}

export type TaskAction =
  | { kind: 'create'; task: DesiredTask }
  | { kind: 'update'; issue: BeadsIssue; task: DesiredTask; reopen: boolean }
  | { kind: 'close'; issue: BeadsIssue; reason: string };

const MAX_LISTED = 50;
const TITLE_LIMIT = 200;

const fingerprintOf = (...parts: string[]) => hash('sha256', parts.join('\0'), 'hex').slice(0, 16);

export interface GroupingInput {
  findings: Finding[];
  /** Agent names by domain (`agent_name`). */
  agents: Map<string, string>;
  /** orchestrator.toml from the repository root: two configurations in one repository keep their tasks apart. */
  configPath: string;
  ruleLink(rule: RuleId): string;
}

const location = (f: Finding) => `${f.file}${f.line !== undefined ? `:${f.line}${f.column !== undefined ? `:${f.column}` : ''}` : ''}`;
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * One task per violation group — (domain, rule, target domain) — of the failing findings, assigned
 * to the domain's agent. Its fingerprint names the group, never its findings, so that a re-run
 * updates the same task however the findings changed.
 */
export function violationTasks({ findings, agents, configPath, ruleLink }: GroupingInput): DesiredTask[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.status !== 'new' || f.severity === 'info') continue;
    const key = `${f.domain ?? ''}\0${f.rule}\0${f.targetDomain ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const tasks: DesiredTask[] = [];
  for (const [key, group] of [...groups].sort(([a], [b]) => byCodePoint(a, b))) {
    const [domain, rule, targetDomain] = key.split('\0') as [string, RuleId, string];
    const errors = group.some((f) => f.severity === 'error');
    const where = `${domain ? `in ${domain}` : 'outside every domain'}${targetDomain ? ` → ${targetDomain}` : ''}`;
    const listed = group.slice(0, MAX_LISTED).map((f) => `- \`${location(f)}\` ${f.message}${f.hint ? ` (${f.hint})` : ''}`);
    const fingerprint = fingerprintOf('violations', configPath, key);
    const description = [
      `cn-guard found ${count(group.length, 'finding')} of rule ${rule} ${where} (${configPath}).`,
      '',
      ...listed,
      ...(group.length > MAX_LISTED ? [`- … and ${group.length - MAX_LISTED} more: run \`cn-guard check\``] : []),
      '',
      `Rule: ${ruleLink(rule)}`,
      '',
      `cn-guard keeps this task up to date and closes it when these findings are gone (fingerprint ${fingerprint}).`,
    ].join('\n');
    const agent = domain ? agents.get(domain) : undefined;
    tasks.push({
      fingerprint,
      title: `cn-guard: ${rule} ×${group.length} ${where}`.slice(0, TITLE_LIMIT),
      description,
      ...(agent !== undefined && { assignee: agent }),
      labels: [TASK_LABEL, ...(domain ? [`domain:${domain}`] : [])],
      priority: errors ? 1 : 2,
      type: errors ? 'bug' : 'task',
      metadata: { [FINGERPRINT_KEY]: fingerprint, cn_guard_config: configPath, cn_guard_rule: rule },
      kind: 'violations',
      rule,
    });
  }
  return tasks;
}

/** The notice that a consumer issue's wait is over: said once, to whoever the issue is assigned to. */
export function unblockedNotice(consumer: { project: string; issue: BeadsIssue }, ref: string, shippedBy: string): DesiredTask {
  const { issue } = consumer;
  const fingerprint = fingerprintOf('unblocked', consumer.project, issue.id, ref);
  return {
    fingerprint,
    title: `Unblocked: ${issue.id} ${issue.title}`.slice(0, TITLE_LIMIT),
    description: [
      `${ref} has shipped (${shippedBy}): ${issue.id} "${issue.title}" waits on nothing else and can start.`,
      '',
      `Told once by cn-guard ship (fingerprint ${fingerprint}); close this when you have seen it.`,
    ].join('\n'),
    ...(issue.assignee !== undefined && { assignee: issue.assignee }),
    labels: [TASK_LABEL, 'unblocked'],
    priority: issue.priority ?? 2,
    type: 'task',
    metadata: { [FINGERPRINT_KEY]: fingerprint, cn_guard_notice: ref },
    relatesTo: issue.id,
    kind: 'notice',
  };
}

const fingerprintIn = (issue: BeadsIssue) => issue.metadata?.[FINGERPRINT_KEY];

/** Whether an issue already says what the task says (nothing to update). */
function matches(issue: BeadsIssue, task: DesiredTask): boolean {
  return (
    !isClosed(issue) &&
    issue.title === task.title &&
    (issue.description ?? '') === task.description &&
    (task.assignee === undefined || issue.assignee === task.assignee) &&
    task.labels.every((label) => issue.labels.includes(label))
  );
}

export interface ReconcileInput {
  /** The project's issues; only those labelled cn-guard are looked at. */
  existing: BeadsIssue[];
  desired: DesiredTask[];
  /** Which open violation tasks this run may close: those of its configuration, for rules it judged whole. */
  mayClose?(issue: BeadsIssue): boolean;
  closeReason: string;
}

/**
 * What to do so that Beads holds exactly the desired tasks: create the missing, update the
 * changed (reopening one whose findings came back), close the violation tasks whose group is
 * gone. A notice that exists in any state is left alone: it was said once.
 */
export function reconcileTasks({ existing, desired, mayClose, closeReason }: ReconcileInput): TaskAction[] {
  const ours = new Map<string, BeadsIssue>();
  for (const issue of existing) {
    const fingerprint = fingerprintIn(issue);
    if (issue.labels.includes(TASK_LABEL) && typeof fingerprint === 'string') ours.set(fingerprint, issue);
  }
  const actions: TaskAction[] = [];
  const wanted = new Set<string>();
  for (const task of desired) {
    wanted.add(task.fingerprint);
    const issue = ours.get(task.fingerprint);
    if (!issue) actions.push({ kind: 'create', task });
    else if (task.kind === 'violations' && !matches(issue, task)) actions.push({ kind: 'update', issue, task, reopen: isClosed(issue) });
  }
  for (const [fingerprint, issue] of ours) {
    if (wanted.has(fingerprint) || isClosed(issue) || issue.metadata?.cn_guard_rule === undefined) continue;
    if (mayClose?.(issue)) actions.push({ kind: 'close', issue, reason: closeReason });
  }
  return actions;
}
