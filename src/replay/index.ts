export {
  replayFiles,
  runReplay,
  replayConfig,
  toKafkaNotice,
  type ReplayOptions,
  type ReplayResult,
} from './replay.js';
export { replayKafka, parseInstant, type KafkaReplayOptions, type KafkaReplayResult } from './kafka-replay.js';
export { countRecords } from './count-records.js';
