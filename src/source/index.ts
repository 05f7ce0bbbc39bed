export { fileSource, streamSource, readLines, LineSource } from './line-source.js';
