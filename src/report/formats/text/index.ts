import { defineFormatter } from '../../types.js';
import { renderCheckText } from './check.js';
import { renderBaselineText, renderContractDiffText, renderInitText, renderPairImportsText } from './commands.js';
import { renderExplainText } from './explain.js';
import { renderShipText } from './ship.js';

/** The default format: for people at a terminal, coloured when it is one. */
export const textFormatter = defineFormatter('text', {
  check: renderCheckText,
  explain: renderExplainText,
  init: renderInitText,
  baseline: (output, options) => (options.quiet ? '' : renderBaselineText(output)),
  'pair-imports': renderPairImportsText,
  'contract-diff': renderContractDiffText,
  ship: renderShipText,
});
