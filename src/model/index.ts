export * from './finding.js';
export * from './errors.js';
export { closest, didYouMean } from './suggest.js';
