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

function runnerFor(
  handler: (b: RawBatch) => Promise<void>,
  commits: string[],
  options: { offsets?: OffsetManager; stopping?: () => boolean } = {},
): BatchRunner {
  const offsets = options.offsets ?? new OffsetManager(logger);
  offsets.onAssignment({ in: [0, 1, 2] });
  for (const p of [0, 1, 2]) offsets.setRestoreState('in', p, { phase: 'live' });
  const consumer = {
    commitOffsets: (o: { partition: number; offset: string }[]) => {
      for (const c of o) commits.push(`${c.partition}:${c.offset}`);
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
      stopping: options.stopping ?? (() => false),
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
    // each live batch's offsets resolved once, as kafkajs let go of it (fetching ahead)
    expect([...resolved].sort()).toEqual(['0:4', '1:12', '2:20']);
  });
});

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

/** A handler that holds each chunk (before `processed`) until released, in order. */
function heldHandler(handed: string[]) {
  const gates: (() => void)[] = [];
  const handler = async (b: RawBatch): Promise<void> => {
    const first = b.records[0]!.position;
    handed.push(first.kind === 'kafka' ? `${first.partition}:${first.offset}` : '?');
    await new Promise<void>((r) => gates.push(r));
    b.processed?.();
    await b.commit();
  };
  const release = async (): Promise<void> => {
    while (gates.length === 0) await settle();
    gates.shift()!();
    await settle();
  };
  return { handler, release };
}

describe('BatchRunner: a live partition fetches ahead', () => {
  it('a batch returns to kafkajs, offsets resolved, before its chunks are processed; the next waits until it is all handed over', async () => {
    const handed: string[] = [];
    const commits: string[] = [];
    const { handler, release } = heldHandler(handed);
    const runner = runnerFor(handler, commits);
    const resolved: string[] = [];
    // the first batch (chunks 0-1, 2-3) comes back while its first chunk is still being processed
    await runner.eachBatch(payloadOf(0, 0, 4, resolved));
    expect(resolved).toEqual(['0:3']);
    let secondBack = false;
    const second = runner.eachBatch(payloadOf(0, 4, 2, resolved)).then(() => (secondBack = true));
    await settle();
    expect(handed).toEqual(['0:0']);
    await release(); // chunk 0-1 processed; chunk 2-3 handed, held
    expect(handed).toEqual(['0:0', '0:2']);
    expect(secondBack).toBe(false); // at most one batch of the partition ahead of the one being handed over
    expect(resolved).toEqual(['0:3']);
    await release(); // the first batch is all handed over: the second is taken and goes back
    await second;
    expect(resolved).toEqual(['0:3', '0:5']);
    await release();
    await runner.idle();
    expect(handed).toEqual(['0:0', '0:2', '0:4']);
    expect(commits).toEqual(['0:2', '0:4', '0:6']);
  });

  it('a stop, or a new generation, drops the chunks not yet handed over: nothing after them is committed', async () => {
    for (const cut of ['stop', 'generation'] as const) {
      const handed: string[] = [];
      const commits: string[] = [];
      const { handler, release } = heldHandler(handed);
      const offsets = new OffsetManager(logger);
      let stopping = false;
      const runner = runnerFor(handler, commits, { offsets, stopping: () => stopping });
      const resolved: string[] = [];
      await runner.eachBatch(payloadOf(1, 0, 6, resolved));
      expect(resolved).toEqual(['1:5']);
      await settle();
      if (cut === 'stop') stopping = true;
      else offsets.onAssignment({ in: [0, 1, 2] }); // kept, but kafkajs reads on from the committed offset
      await release(); // the chunk in hand finishes and its chain goes on; chunks 2-3 and 4-5 are not handed
      await runner.idle();
      expect(handed, cut).toEqual(['1:0']);
      // the chunk in hand commits in its generation (skipped after a new one); nothing past it either way
      expect(commits, cut).toEqual(cut === 'stop' ? ['1:2'] : []);
    }
  });
});
