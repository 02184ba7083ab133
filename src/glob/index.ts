export { anchorGlob, anyGlob, compilePattern, describeSpecificity, escapesRoot, literalBase, type Pattern } from './pattern.js';
