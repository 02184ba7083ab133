export { anchorGlob, anyGlob, compilePattern, describeSpecificity, escapesRoot, globMatcher, globProblem, literalBase, type Pattern } from './pattern.js';
