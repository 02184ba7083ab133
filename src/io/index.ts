export { checkWritable, type FileWrite, writeFileAtomically, writeFilesAtomically, writeOutputFile } from './write.js';
