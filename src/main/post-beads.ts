import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  type Bd,
  BEADS_DIR,
  type BeadsIssue,
  bdStore,
  exportedIssues,
  inboxStore,
  issuePrefix,
  type PostOutcome,
  type ProjectIssues,
  reconcileTasks,
  type TaskStore,
  unblockedNotice,
  violationTasks,
} from '../beads/index.js';
import { type Config, DEFAULT_BEADS_INBOX } from '../config/index.js';
import { RULES, type RuleId, type UnblockedIssue } from '../model/index.js';
import { type BeadsPosting, type CheckReport, rulePageUrl } from '../report/index.js';
import { configPath, type PostInput, type PostTarget, type TargetOutcome } from './post.js';

/** Where a project's tasks go: bd when it is installed, else the project's import inbox. */
function storeFor(project: Pick<ProjectIssues, 'root' | 'name' | 'issues'>, inbox: string, bd: Bd | undefined): TaskStore {
  return bd ? bdStore(bd, project.root) : inboxStore({ root: project.root, inbox, issues: project.issues, prefix: issuePrefix(project.issues, project.name) });
}

const posting = (project: string, outcome: PostOutcome): BeadsPosting => ({
  project,
  via: outcome.via,
  ...(outcome.inbox !== undefined && { inbox: outcome.inbox }),
  created: outcome.created,
  updated: outcome.updated,
  closed: outcome.closed,
});

/**
 * `ship --post beads`: each consumer issue whose wait is over is told so, once — a task in its own
 * project (through bd, or that project's inbox at the default path), assigned to whoever holds the
 * issue, that relates to it.
 */
export async function postNotices(
  projects: ProjectIssues[],
  unblocked: UnblockedIssue[],
  ref: string,
  config: Config,
  bd: Bd | undefined,
  warnings: string[],
): Promise<BeadsPosting[]> {
  const postings: BeadsPosting[] = [];
  for (const project of projects) {
    const mine = unblocked.filter((u) => u.project === project.name);
    if (mine.length === 0) continue;
    const byId = new Map(project.issues.map((issue) => [issue.id, issue]));
    const notices = mine.map((u) => unblockedNotice({ project: project.name, issue: byId.get(u.issue)! }, ref, `${config.projectName ?? project.name}`));
    const inbox = project.self ? config.settings.beadsInbox : DEFAULT_BEADS_INBOX;
    try {
      const outcome = await storeFor(project, inbox, bd).post((existing) => reconcileTasks({ existing, desired: notices, closeReason: '' }));
      warnings.push(...outcome.warnings.map((w) => `${project.name}: ${w}`));
      postings.push(posting(project.name, outcome));
    } catch (error) {
      warnings.push(`${project.name}: the notices were not posted: ${(error as Error).message}`);
    }
  }
  return postings;
}

export interface BeadsPostOptions {
  config: Config;
  bd: Bd | undefined;
  /** Which rules the run judged (`cn-guard contracts` judges the contract and capability rules only): tasks of other rules are never closed by it. */
  judges(rule: RuleId): boolean;
}

export interface BeadsOutcome extends TargetOutcome {
  posting?: BeadsPosting;
}

/**
 * `--post beads` (spec §4.4): one task per violation group, kept up to date by fingerprint, and
 * closed when the group is gone — only after a whole-repository run, since a staged or PR check
 * sees part of the repository and cannot know that a violation is gone.
 */
export function beadsTarget({ config, bd, judges }: BeadsPostOptions): PostTarget<BeadsOutcome> {
  return {
    name: 'beads',
    post: async ({ report }: PostInput) => {
      const desired = violationTasks({
        findings: report.findings,
        agents: new Map(report.domains.flatMap((d) => (d.agentName ? [[d.name, d.agentName] as const] : []))),
        configPath: configPath(report),
        ruleLink: (rule) => rulePageUrl(report.tool, rule),
      });
      const whole = report.mode === 'repository';
      // A project that could not be read hides its capability findings: their tasks stay open.
      const blind = report.capabilities?.projects.some((p) => p.source === 'none') === true;
      const mayClose = (issue: BeadsIssue) => {
        const rule = issue.metadata?.cn_guard_rule;
        if (!whole || issue.metadata?.cn_guard_config !== configPath(report) || !isRule(rule) || !judges(rule)) return false;
        return !(blind && RULES[rule].subject === 'capability');
      };
      try {
        // bd walks up to the nearest .beads: without one here, the tasks would land in some other project.
        if (bd && !existsSync(join(config.root, BEADS_DIR))) throw new Error(`${config.root} has no .beads folder for bd: run bd init there`);
        const project = { root: config.root, name: config.projectName ?? basename(config.root), issues: bd ? [] : exportedIssues(config.root) };
        const outcome = await storeFor(project, config.settings.beadsInbox, bd).post((existing) =>
          reconcileTasks({ existing, desired, mayClose, closeReason: closeReason(report) }),
        );
        return { warnings: outcome.warnings, posting: posting(project.name, outcome) };
      } catch (error) {
        return { warnings: [`no Beads task was posted: ${(error as Error).message}`] };
      }
    },
  };
}

const isRule = (value: unknown): value is RuleId => typeof value === 'string' && Object.hasOwn(RULES, value);

const closeReason = (report: CheckReport) =>
  `cn-guard: no finding of this group is left (${report.mode === 'repository' ? 'whole-repository check' : report.mode}${report.links ? ` at ${report.links.commit.slice(0, 12)}` : ''})`;
