import { defineFormatter } from '../types.js';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The versioned json contract of docs/output.md: other tools build on it, so fields are only ever added. */
export const jsonFormatter = defineFormatter('json', {
  check: ({ report }) => {
    const { tool, summary, findings, notes, capabilities } = report;
    // The contract's tool is its name and version; the rest of the report is for the other formats.
    return json({
      version: 1,
      tool: { name: tool.name, version: tool.version },
      summary,
      findings,
      ...(capabilities && { capabilities }),
      ...(notes.length > 0 && { notes }),
    });
  },
  explain: ({ explanation }) => json(explanation),
  init: ({ init }) => json(init),
  baseline: ({ outcome }) => json(outcome),
  'pair-imports': ({ pair }) => json({ version: 1, ...pair }),
  'contract-diff': ({ diff }) => json(diff),
  // bd ship's json (status, capability, issue_id, …) with cn-guard's additions.
  ship: ({ ship }) => json({ schema_version: 1, ...ship }),
});
