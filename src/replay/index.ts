export { replayFiles, type ReplayOptions, type ReplayResult } from './replay.js';
export { ReplayProgress, formatDuration } from './progress.js';
export { countRecords } from './count-records.js';
export { registerReplay } from './command.js';
