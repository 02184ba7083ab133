import { outOfScopeChanges } from '../../rules/index.js';
import { actingDomain } from '../acting-domain.js';
import type { ChangeCheck } from './types.js';

/** The acting domain may change only files in its own scope (docs/modes.md, "The acting domain and the scope of changes"). */
export const scopeOfChanges: ChangeCheck = {
  name: 'scope-of-changes',
  run({ head, owners, changes, configFile, actingDomain: flag, headRef }) {
    const acting = actingDomain(head.config, flag, headRef);
    if (!acting) return [];
    return outOfScopeChanges(changes, acting, owners, new Set([configFile, head.config.settings.baseline]));
  },
};
