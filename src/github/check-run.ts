import type { GitHub } from './client.js';
import { describeFailure } from './errors.js';
import { clip, LIMITS } from './limits.js';

/** One line-level note of a check run, in GitHub's words (REST: checks, `output.annotations[]`). */
export interface CheckAnnotation {
  /** Relative to the repository's root, `/`-separated. */
  path: string;
  start_line: number;
  end_line: number;
  /** Only when the annotation covers one line. */
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

export interface CheckRun {
  owner: string;
  repo: string;
  /** Distinctive: a check run created with GITHUB_TOKEN may land in another workflow's check suite. */
  name: string;
  /** The pull request's head commit, not the merge commit Actions checks out. */
  headSha: string;
  conclusion: 'success' | 'failure' | 'neutral';
  title: string;
  /** Markdown. */
  summary: string;
  annotations: CheckAnnotation[];
}

export interface CheckRunResult {
  url: string;
  /** The annotations that are not on the run, and why: the run exists nonetheless. */
  warnings: string[];
}

/** GitHub refuses columns on an annotation that spans lines, and with them the whole batch. */
function acceptable(annotation: CheckAnnotation): CheckAnnotation {
  if (annotation.start_line === annotation.end_line) return annotation;
  const { start_column, end_column, ...rest } = annotation;
  return rest;
}

/**
 * A completed check run on the head commit: created with the first 50 annotations, then updated
 * with the next 50 as many times as needed (each update appends).
 */
export async function createCheckRun(github: GitHub, run: CheckRun): Promise<CheckRunResult> {
  const { owner, repo, annotations } = run;
  const sent = annotations.slice(0, LIMITS.annotationsPerRun).map(acceptable);
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < sent.length; i += LIMITS.annotationsPerRequest) batches.push(sent.slice(i, i + LIMITS.annotationsPerRequest));
  const output = { title: run.title, summary: clip(run.summary, LIMITS.checkSummary) };
  const [first = [], ...rest] = batches;
  const { data } = await github.rest.checks.create({
    owner,
    repo,
    name: run.name,
    head_sha: run.headSha,
    status: 'completed',
    conclusion: run.conclusion,
    output: { ...output, annotations: first },
  });
  const url = data.html_url ?? '';
  let posted = first.length;
  for (const batch of rest) {
    try {
      await github.rest.checks.update({ owner, repo, check_run_id: data.id, output: { ...output, annotations: batch } });
    } catch (error) {
      return { url, warnings: [describeFailure(error, `the check run has ${posted} of ${annotations.length} annotations, the rest failed`, 'checks: write')] };
    }
    posted += batch.length;
  }
  const capped = posted < annotations.length;
  return { url, warnings: capped ? [`the check run has the first ${posted} of ${annotations.length} annotations: one request per 50, a second apart`] : [] };
}
