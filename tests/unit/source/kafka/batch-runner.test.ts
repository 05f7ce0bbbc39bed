import type { Admin, Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { RawBatch } from '../../../../src/contract/index.js';
import { createLogger } from '../../../../src/log/index.js';
import { NO_OBSERVER, OffsetManager } from '../../../../src/source/kafka/index.js';
import { BatchRunner } from '../../../../src/source/kafka/batch-runner.js';

const logger = createLogger({ level: 'silent' });

/** A kafkajs batch of `count` messages from offset `from`, as eachBatch gets it. */
function payloadOf(partition: number, from: number, count: number, resolved: string[]): EachBatchPayload {
  const messages = Array.from(
    { length: count },
    (_, i) => ({ offset: String(from + i), value: Buffer.from('{}'), key: null }) as unknown as KafkaMessage,
  );
  return {
    batch: {
      topic: 'in',
      partition,
      highWatermark: String(from + count),
      messages,
      isEmpty: () => count === 0,
    },
    resolveOffset: (o: string) => void resolved.push(`${partition}:${o}`),
    heartbeat: () => Promise.resolve(),
    isRunning: () => true,
    isStale: () => false,
  } as unknown as EachBatchPayload;
}

function runnerFor(handler: (b: RawBatch) => Promise<void>, commits: string[]): BatchRunner {
  const offsets = new OffsetManager(logger);
  offsets.onAssignment({ in: [0, 1, 2] });
  for (const p of [0, 1, 2]) offsets.setRestoreState('in', p, { phase: 'live' });
  const consumer = {
    commitOffsets: (o: { partition: number; offset: string }[]) => {
      commits.push(`${o[0]!.partition}:${o[0]!.offset}`);
      return Promise.resolve();
    },
  } as unknown as Consumer;
  return new BatchRunner(
    {
      consumer,
      admin: {} as Admin,
      offsets,
      logger,
      settings: { maxBatchRecords: 2, heartbeatIntervalMs: 1000, restoreLookbackMs: 0, concurrency: 3 },
      observer: NO_OBSERVER,
      stopping: () => false,
      onFatal: () => {},
    },
    handler,
  );
}

describe('BatchRunner: one chunk per turn of the event loop', () => {
  it('between two chunks handed over (any partitions of one fetch) the event loop turns; per partition in order, all committed', async () => {
    // the event loop's turns, counted: a callback that sets itself again runs once per turn
    let turns = 0;
    let counting = true;
    const count = (): void => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const handed: string[] = [];
    const turnOf: number[] = [];
    const commits: string[] = [];
    const runner = runnerFor(async (b) => {
      const first = b.records[0]!.position;
      handed.push(first.kind === 'kafka' ? `${first.partition}:${first.offset}` : '?');
      turnOf.push(turns);
      b.processed?.();
      await Promise.resolve();
      await b.commit();
    }, commits);
    const resolved: string[] = [];
    // kafkajs's workers start every partition's batch of a fetch in the same tick
    await Promise.all([
      runner.eachBatch(payloadOf(0, 0, 5, resolved)),
      runner.eachBatch(payloadOf(1, 10, 3, resolved)),
      runner.eachBatch(payloadOf(2, 20, 1, resolved)),
    ]);
    await runner.idle();
    counting = false;
    expect(handed).toHaveLength(6);
    for (let i = 1; i < turnOf.length; i++) expect(turnOf[i]).toBeGreaterThan(turnOf[i - 1]!);
    for (const [p, chunks] of [
      [0, ['0:0', '0:2', '0:4']],
      [1, ['1:10', '1:12']],
      [2, ['2:20']],
    ] as const) {
      expect(handed.filter((h) => h.startsWith(`${p}:`))).toEqual(chunks);
      expect(commits.filter((c) => c.startsWith(`${p}:`)).at(-1)).toBe(`${p}:${[5, 13, 21][p]}`);
    }
    expect(resolved).toHaveLength(handed.length);
  });
});
