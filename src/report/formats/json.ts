import type { CheckReport, Formatter } from '../types.js';

/** The versioned json contract of spec §3: other tools build on it, so fields are only ever added. */
export const jsonFormatter: Formatter = {
  name: 'json',
  format(report: CheckReport): string {
    const { tool, summary, findings } = report;
    return `${JSON.stringify({ version: 1, tool, summary, findings }, null, 2)}\n`;
  },
};
