export { anchorGlob, compilePattern, describeSpecificity, escapesRoot, type Pattern } from './pattern.js';
