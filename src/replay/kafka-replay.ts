import { DoxguardError } from '../errors/index.js';
import { replayConfig, runReplay, type ReplayCommon, type ReplayResult } from './replay.js';

export interface KafkaReplayOptions extends ReplayCommon {
  /** topics to replay (partition n of each feeds the same pipeline, as in a live run) */
  readonly topics: readonly string[];
  /** record time (epoch ms) to start at; null: the earliest offset */
  readonly from: number | null;
  /** record time (epoch ms) to stop before; null: the high watermark when the replay starts */
  readonly to: number | null;
  /** bootstrap servers instead of config.kafka.brokers */
  readonly brokers?: readonly string[];
}

export interface KafkaReplayResult extends ReplayResult {
  /** the offset ranges replayed, per partition */
  readonly ranges: readonly { topic: string; partition: number; start: string; end: string }[];
}

/**
 * Replay a Kafka topic between two record times through the same pipeline
 * (state partitioned by input partition, as `run` on Kafka keeps it). Offsets
 * come from the broker's offsets-for-times; the reading consumer group is the
 * replay's own, so the live group's offsets never move, and outputs go to
 * files unless `toKafka`.
 */
export async function replayKafka(options: KafkaReplayOptions): Promise<KafkaReplayResult> {
  if (options.topics.length === 0) throw new DoxguardError('DG_ERR_CLI_USAGE', 'replay needs --kafka-topic');
  const kafka = options.brokers?.length ? { brokers: [...options.brokers] } : {};
  const config = replayConfig(options, { source: { kind: 'kafka' }, kafka });
  // loaded only here, so file replays never load kafkajs
  const { createKafkaRangeSource } = await import('../source/kafka/index.js');
  const source = await createKafkaRangeSource(config, { topics: options.topics, from: options.from, to: options.to });
  const ranges = source.ranges.map((r) => ({ ...r, start: String(r.start), end: String(r.end) }));
  const result = await runReplay(options, config, source.total, source);
  return { ...result, ranges };
}

/** An instant from the command line: RFC 3339 / ISO 8601, or epoch milliseconds. */
export function parseInstant(value: string, flag: string): number {
  const t = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(t))
    throw new DoxguardError('DG_ERR_CLI_USAGE', `${flag}: not an ISO 8601 time or epoch milliseconds: ${value}`, {
      context: { flag },
    });
  return t;
}
