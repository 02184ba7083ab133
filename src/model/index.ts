export * from './finding.js';
export * from './errors.js';
export { byCodePoint } from './compare.js';
export { closest, didYouMean } from './suggest.js';
