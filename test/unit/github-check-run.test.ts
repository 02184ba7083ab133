// The check run's batches, against a stand-in for Octokit's two calls (the fake GitHub of
// test/github.test.ts takes a second per write: a thousand annotations would take twenty).
import { describe, expect, it } from 'vitest';
import { type CheckAnnotation, createCheckRun, type GitHub } from '../../src/github/index.js';

function octokit(failUpdate?: number) {
  const calls: { call: string; annotations: number }[] = [];
  const github = {
    rest: {
      checks: {
        create: async (params: any) => {
          calls.push({ call: 'create', annotations: params.output.annotations.length });
          return { data: { id: 1, html_url: 'https://github.example/acme/app/runs/1' } };
        },
        update: async (params: any) => {
          if (calls.length === failUpdate)
            throw Object.assign(new Error('Forbidden'), { status: 403, response: { headers: {}, data: { message: 'Forbidden' } } });
          calls.push({ call: 'update', annotations: params.output.annotations.length });
          return { data: {} };
        },
      },
    },
  } as unknown as GitHub;
  return { github, calls };
}

const annotations = (n: number) =>
  Array.from({ length: n }, (_, i): CheckAnnotation => ({ path: 'a.ts', start_line: i + 1, end_line: i + 1, annotation_level: 'notice', message: 'm' }));
const run = (n: number) => ({
  owner: 'acme',
  repo: 'app',
  name: 'cn-guard',
  headSha: 'a'.repeat(40),
  conclusion: 'success' as const,
  title: 't',
  summary: 's',
  annotations: annotations(n),
});

describe('createCheckRun', () => {
  it('creates a run without annotations in one call', async () => {
    const { github, calls } = octokit();
    expect(await createCheckRun(github, run(0))).toEqual({ url: 'https://github.example/acme/app/runs/1', warnings: [] });
    expect(calls).toEqual([{ call: 'create', annotations: 0 }]);
  });

  it('sends exactly 50 in one call, 51 in two', async () => {
    const fifty = octokit();
    await createCheckRun(fifty.github, run(50));
    expect(fifty.calls).toEqual([{ call: 'create', annotations: 50 }]);
    const more = octokit();
    await createCheckRun(more.github, run(51));
    expect(more.calls).toEqual([
      { call: 'create', annotations: 50 },
      { call: 'update', annotations: 1 },
    ]);
  });

  it('stops at 1,000 annotations (20 requests, a second apart), and says so', async () => {
    const { github, calls } = octokit();
    const result = await createCheckRun(github, run(1_234));
    expect(calls).toHaveLength(20);
    expect(calls.reduce((sum, c) => sum + c.annotations, 0)).toBe(1_000);
    expect(result.warnings).toEqual(['the check run has the first 1000 of 1234 annotations: one request per 50, a second apart']);
  });

  it('keeps the run when an update fails', async () => {
    const { github, calls } = octokit(3);
    const result = await createCheckRun(github, run(200));
    expect(calls).toHaveLength(3);
    expect(result.warnings).toEqual([
      "the check run has 150 of 200 annotations, the rest failed: GitHub answered 403 (Forbidden); the token lacks `checks: write` (a pull request from a fork gets a read-only GITHUB_TOKEN; otherwise add it to the workflow's `permissions:`)",
    ]);
  });
});
