export { type LockOptions, withFileLock } from './lock.js';
export { checkWritable, type FileWrite, writeFileAtomically, writeFilesAtomically, writeOutputFile } from './write.js';
