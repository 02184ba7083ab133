export { type Change, changesBetween, EMPTY_TREE, stagedChanges } from './changes.js';
export { type Entry, fileAt, indexEntries, readBlobs, SUBMODULE_MODE, SYMLINK_MODE, treeEntries } from './objects.js';
export { commitState, currentBranch, isIgnored, isShallow, isWorkTree, mergeBase, resolveCommit } from './revisions.js';
export { GitError, records } from './run.js';
