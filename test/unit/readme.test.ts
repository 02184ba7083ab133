import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The README speaks to users of cn-guard: every link leads to a file of this repository that exists. */
const ROOT = resolve(import.meta.dirname, '../..');

const linksOf = (text: string) => [...text.replace(/```[\s\S]*?```/g, '').matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);

describe('README.md', () => {
  const links = linksOf(readFileSync(join(ROOT, 'README.md'), 'utf8'));

  it('links only inside the repository', () => {
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((link) => /^[a-z]+:/i.test(link) || link.startsWith('/'))).toEqual([]);
  });

  it('links only to files that exist', () => {
    const missing = links.filter((link) => !link.startsWith('#') && !existsSync(join(ROOT, link.split('#')[0]!)));
    expect(missing).toEqual([]);
  });
});

describe('docs/ and rules/', () => {
  it('link to files of the repository that exist', () => {
    const pages = [
      'docs/beads.md',
      'docs/contracts.md',
      'docs/configuration.md',
      'docs/output.md',
      'docs/modes.md',
      'docs/github.md',
      'docs/guarantees.md',
      'rules/README.md',
    ];
    const missing = pages.flatMap((page) =>
      linksOf(readFileSync(join(ROOT, page), 'utf8'))
        .filter((link) => !/^[a-z]+:/i.test(link) && !link.startsWith('#'))
        .filter((link) => !existsSync(join(ROOT, dirname(page), link.split('#')[0]!)))
        .map((link) => `${page}: ${link}`),
    );
    expect(missing).toEqual([]);
  });
});
