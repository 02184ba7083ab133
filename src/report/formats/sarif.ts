import { type Finding, RULE_IDS, type RuleId, type RuleInfo, ruleInfo, rulePage, type Severity, thousands } from '../../model/index.js';
import { type Place, placer, repositoryPath, rulePageUrl, uriPath } from '../places.js';
import { type CheckReport, defineFormatter } from '../types.js';
import { messageWithHint } from '../wording.js';

/**
 * SARIF 2.1.0 (docs/output.md, "sarif"), for GitHub code scanning and any other SARIF viewer:
 * every rule of the table with its page, every finding located on a real file of the repository.
 */

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** What the rule table's severity means, in words, and the level a viewer shows before any result says otherwise. */
const DEFAULTS: Record<RuleInfo['severity'], { text: string; level: 'error' | 'warning' | 'note' }> = {
  error: { text: 'It is an error.', level: 'error' },
  warning: { text: 'It is a warning.', level: 'warning' },
  info: { text: 'It is information.', level: 'note' },
  configured: { text: 'Its severity is settings.unowned of orchestrator.toml: a warning by default, an error, or not reported.', level: 'warning' },
  'by-change': { text: 'A weakening is an error (a warning with --allow-policy-change); a strengthening is information.', level: 'error' },
};

/**
 * GitHub code scanning rejects a whole upload whose run holds more results ("rejecting SARIF, as
 * there are more results per run than allowed (42118 > 25000)"): the most important are kept.
 */
export const MAX_SARIF_RESULTS = 25_000;

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
/** What a reviewer must see first: what the change brought, then what was there, then what is accepted. */
const STATUS_RANK: Record<Finding['status'], number> = { new: 0, preexisting: 1, known: 2, suppressed: 3 };

/** At most `MAX_SARIF_RESULTS` findings, the most severe and the newest first, kept in report order. */
function withinGitHubLimit(findings: Finding[]): Finding[] {
  if (findings.length <= MAX_SARIF_RESULTS) return findings;
  const rank = (f: Finding) => SEVERITY_RANK[f.severity] * 4 + STATUS_RANK[f.status];
  const order = findings.map((_, i) => i).sort((a, b) => rank(findings[a]!) - rank(findings[b]!) || a - b);
  const kept = order.slice(0, MAX_SARIF_RESULTS).sort((a, b) => a - b);
  return kept.map((i) => findings[i]!);
}

/** GitHub sorts and filters by this: errors block, warnings are visible, information is a recommendation. */
const PROBLEM_SEVERITY: Record<'error' | 'warning' | 'note', string> = { error: 'error', warning: 'warning', note: 'recommendation' };

/** `forbidden-import` → `ForbiddenImport`: SARIF's rule names are identifiers a reader understands. */
const ruleName = (id: string) => id.replace(/(^|-)([a-z])/g, (_, _dash, c: string) => c.toUpperCase());

function ruleDescriptor(tool: CheckReport['tool'], id: RuleId) {
  const info = ruleInfo(id);
  const { text, level } = DEFAULTS[info.severity];
  const helpUri = rulePageUrl(tool, id);
  return {
    id,
    name: ruleName(id),
    shortDescription: { text: info.summary },
    fullDescription: { text: `${info.summary} ${text}` },
    helpUri,
    help: {
      text: `${info.summary} ${text} Explained in ${rulePage(id)}: ${helpUri}`,
      markdown: `${info.summary} ${text}\n\nExplained in [${rulePage(id)}](${helpUri}).`,
    },
    defaultConfiguration: { level },
    properties: { tags: ['architecture', info.subject], precision: 'very-high', 'problem.severity': PROBLEM_SEVERITY[level] },
  };
}

/** Suppressed and known findings are accepted outside the code: by an exception of orchestrator.toml, or by the baseline. */
function suppressionsOf(f: Finding, baseline: string) {
  if (f.status === 'suppressed') {
    const by = [f.exception?.owner && `owner ${f.exception.owner}`, f.exception?.expires && `until ${f.exception.expires}`].filter(Boolean).join(', ');
    return [{ kind: 'external', status: 'accepted', justification: `${f.exception?.reason ?? 'an [[exceptions]] entry'}${by ? ` (${by})` : ''}` }];
  }
  if (f.status === 'known') return [{ kind: 'external', status: 'accepted', justification: `a known violation, recorded in the baseline ${baseline}` }];
  // The property is on every result (an empty list: not suppressed), since SARIF wants all results to say or none.
  return [];
}

function physicalLocation(place: Place) {
  return {
    artifactLocation: { uri: uriPath(place.path), uriBaseId: 'SRCROOT' },
    region: { startLine: place.line, ...(place.column !== undefined && { startColumn: place.column }) },
  };
}

const omittedNote = (omitted: number, total: number) =>
  `${thousands(omitted)} of ${thousands(total)} results are left out: GitHub code scanning rejects a run of more than ${thousands(MAX_SARIF_RESULTS)}. The most severe and the newest are kept; --format json lists them all.`;

function renderSarif({ report }: { report: CheckReport }): string {
  const { tool, project } = report;
  const place = placer(report);
  const absent = new Set(report.absent);
  const unchanged = new Set(report.unchanged);
  const baseline = repositoryPath(project, project.baseline);
  const inPullRequest = report.mode === 'pull-request';
  const shown = withinGitHubLimit(report.findings);
  const omitted = report.findings.length - shown.length;
  const results = shown.map((f) => {
    const text = messageWithHint(f);
    return {
      ruleId: f.rule,
      ruleIndex: RULE_IDS.indexOf(f.rule),
      level: LEVEL[f.severity],
      // A path that no longer exists is named in words: the location is orchestrator.toml.
      message: { text: absent.has(f.file) && !text.includes(f.file) ? `${text}\n(${f.file})` : text },
      locations: [{ physicalLocation: physicalLocation(place(f)) }],
      partialFingerprints: { 'cnGuard/v1': f.fingerprint },
      suppressions: suppressionsOf(f, baseline),
      // Every result of a PR run says whether the change brought it, as SARIF requires of all or none.
      ...(inPullRequest && { baselineState: f.status === 'new' || (f.status !== 'preexisting' && !unchanged.has(f.fingerprint)) ? 'new' : 'unchanged' }),
    };
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            informationUri: tool.repository,
            rules: RULE_IDS.map((id) => ruleDescriptor(tool, id)),
          },
        },
        // One category per configuration: two checks of one repository (two orchestrator.toml) do not replace each other's alerts.
        automationDetails: { id: `cn-guard/${repositoryPath(project, project.config)}/` },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...report.notes.map((note) => ({ level: 'note', message: { text: note } })),
              ...(omitted > 0 ? [{ level: 'warning', message: { text: omittedNote(omitted, report.findings.length) } }] : []),
            ],
          },
        ],
        originalUriBaseIds: { SRCROOT: { description: { text: 'The root of the git repository checked: every uri is relative to it.' } } },
        ...(report.links && {
          versionControlProvenance: [{ repositoryUri: `${report.links.server}/${report.links.repository}`, revisionId: report.links.commit }],
        }),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** `--format sarif`: for `github/codeql-action/upload-sarif` and other SARIF viewers. */
export const sarifFormatter = defineFormatter('sarif', { check: renderSarif });
