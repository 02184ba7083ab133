export { changesBetween, EMPTY_TREE, stagedChanges, type Change } from './changes.js';
export { fileAt, indexEntries, readBlobs, SUBMODULE_MODE, SYMLINK_MODE, treeEntries, type Entry } from './objects.js';
export { assertWorkTree, commitState, currentBranch, isIgnored, isShallow, mergeBase, resolveCommit } from './revisions.js';
export { GitError } from './run.js';
