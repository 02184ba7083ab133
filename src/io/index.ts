export { checkWritable, writeFileAtomically, writeFilesAtomically, writeOutputFile, type FileWrite } from './write.js';
