// Renders a benchmark summary (built by run.js) as a text table.

// How many differing violations to list; --json output has them all.
const EXAMPLES = 10;

export function formatText(summary) {
  const repo = summary.repository;
  const out = [
    `cn-guard benchmark: ${repo.files} files (${repo.tsxFiles} .tsx), ${repo.domains} domains, ` +
      `${repo.rules} rules, ${repo.edges} edges, ${repo.violations} expected violations`,
  ];
  if (repo.files !== 10000) out.push('note: the targets are defined for --files 10000');
  for (const scenario of summary.scenarios) out.push('', ...formatScenario(scenario));
  const statuses = summary.scenarios.flatMap((s) => s.targets.map((t) => t.status));
  const count = (status) => statuses.filter((s) => s === status).length;
  const failures = summary.scenarios.flatMap((s) => s.results.filter((r) => r.error)).length;
  out.push('', `targets: ${count('PASS')} passed, ${count('FAIL')} failed, ${count('SKIP')} skipped${failures > 0 ? `; ${failures} tool run(s) failed` : ''}`);
  return out.join('\n');
}

function formatScenario(s) {
  const out = [`scenario ${s.name}: ${s.title}`, ''];
  const rows = s.results.map((r) => [
    r.tool,
    r.runs > 1 ? `${(r.wallMs / 1000).toFixed(2)} (median of ${r.runs}, worst ${(r.worstMs / 1000).toFixed(2)})` : (r.wallMs / 1000).toFixed(2),
    r.peakRssMb === null ? 'n/a' : r.peakRssMb.toFixed(0),
    r.error ? 'error' : r.violations === null ? '-' : String(r.violations),
    r.error || r.matchesExpected === null ? '-' : r.matchesExpected ? 'yes' : 'NO',
  ]);
  out.push(...table([['tool', 'wall s', 'peak RSS MB', 'violations', 'matches expected'], ...rows]));

  for (const r of s.results) {
    if (r.error) out.push('', `${r.tool} failed: ${r.error}`, ...indent(r.stderrTail));
    if (r.otherProcesses.length > 0) {
      out.push(
        `note: ${r.tool} started ${r.otherProcesses.length} other Node process(es), ` +
          `peak RSS up to ${Math.max(...r.otherProcesses.map((p) => p.peakRssMb)).toFixed(0)} MB (not included above)`,
      );
    }
    if (!r.error && r.matchesExpected === false) {
      out.push('', `${r.tool} vs expected:`, ...examples('missing', r.missing), ...examples('unexpected', r.unexpected));
    }
  }

  if (s.speedRatio !== null) out.push('', `speed ratio (${s.compare[1]} wall / ${s.compare[0]} wall): ${s.speedRatio.toFixed(1)}x`);
  if (s.comparison) {
    out.push(`violation sets identical: ${s.comparison.identical ? 'yes' : 'NO'}`);
    out.push(...examples(`only in ${s.compare[0]}`, s.comparison.onlyLeft));
    out.push(...examples(`only in ${s.compare[1]}`, s.comparison.onlyRight));
  }
  out.push('', 'targets:', ...s.targets.map((t) => `  ${t.status.padEnd(4)}  ${t.name}${t.detail ? ` (${t.detail})` : ''}`));
  return out;
}

function examples(label, items) {
  if (items.length === 0) return [];
  const shown = items.slice(0, EXAMPLES);
  return [`  ${label} (${items.length}${items.length > shown.length ? `, first ${shown.length}` : ''}):`, ...shown.map((v) => `    ${v}`)];
}

function indent(text) {
  return text
    ? text
        .trimEnd()
        .split('\n')
        .map((line) => `    ${line}`)
    : [];
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  // First column left-aligned (names), the rest right-aligned (numbers).
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
}
