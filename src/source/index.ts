export { checkInputFiles, fileSource, streamSource, readLines, LineSource } from './line-source.js';
