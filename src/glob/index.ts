export { anchorGlob, anyGlob, compilePattern, describeSpecificity, escapesRoot, type Pattern } from './pattern.js';
