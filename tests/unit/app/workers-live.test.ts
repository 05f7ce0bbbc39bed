import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../../src/config/index.js';
import type { BatchHandler, OutputRecord, RawRecord, Source } from '../../../src/contract/index.js';
import { fileSource } from '../../../src/source/index.js';
import { PARTITIONS, roundPipeline as pipelineFor, sim, writeInput } from './jump-run.js';

// The input of workers.test.ts (jump-run.ts): cross-partition claims, delivered DEPTH rounds later, shape the outputs.
const BATCH = 150;
const { input } = writeInput('dg-live-');
const batches: RawRecord[][] = [];
sim.lines.forEach((line, i) => {
  if (i % BATCH === 0) batches.push([]);
  batches.at(-1)!.push({ value: Buffer.from(line), key: null, position: { kind: 'file', file: input, line: i + 1 } });
});
/** a live stream that has gone quiet: far longer than a round takes, even on a loaded machine */
const BOUND_MS = 20_000;

const configFor = (workers: number) =>
  ConfigSchema.parse({
    fingerprintSecret: 'test-secret-0123456789',
    source: { kind: 'file', files: [input], batchSize: BATCH },
    pipeline: { workers, partitions: PARTITIONS },
    log: { level: 'silent' },
  });
const roundPipeline = (workers: number) => pipelineFor(configFor(workers));

/** The whole input at once from the file (the batch run every other run must equal). */
async function allAtOnce(workers: number): Promise<string[]> {
  const { pipeline, sink } = await roundPipeline(workers);
  try {
    await fileSource([input], BATCH).run((b) => pipeline.handleBatch(b), new AbortController().signal);
    await pipeline.finish();
  } finally {
    await pipeline.close();
  }
  return sink.records.map((r) => JSON.stringify(r));
}

/**
 * A live source: the batches, some back to back and some after a pause (so some rounds are written before the
 * next batch comes and some after), then nothing until aborted. Each commit notes how many outputs the sink held.
 */
function quietAfter(pauses: readonly number[], sink: { records: OutputRecord[] }) {
  const committed: { batch: number; outputs: number; at: number }[] = [];
  let deliveredAt = 0;
  const source: Source = {
    name: 'live-then-quiet',
    async run(handler: BatchHandler, signal: AbortSignal) {
      for (const [i, records] of batches.entries()) {
        await new Promise((resolve) => setTimeout(resolve, pauses[i % pauses.length]));
        const commit = async () => void committed.push({ batch: i, outputs: sink.records.length, at: Date.now() });
        await handler({ records, commit });
      }
      deliveredAt = Date.now();
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    },
    close: async () => {},
  };
  return { source, committed, deliveredAt: () => deliveredAt };
}

async function untilCommitted(committed: readonly unknown[], n: number): Promise<void> {
  const deadline = Date.now() + BOUND_MS;
  while (committed.length < n && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('a partitioned live stream that goes quiet', () => {
  it.each([1, 2])(
    'writes and commits every round while the stream is still open, the same bytes as the whole input at once (%i worker(s))',
    async (workers) => {
      const reference = await allAtOnce(workers);
      const { pipeline, sink } = await roundPipeline(workers);
      const live = quietAfter([0, 0, 40, 0, 5, 120], sink);
      const abort = new AbortController();
      const running = live.source.run((b) => pipeline.handleBatch(b), abort.signal);
      try {
        await untilCommitted(live.committed, batches.length);
        // every batch committed, in order, while the source is open and sends nothing more: the last DEPTH rounds
        // were written without waiting for batches that do not come
        expect(
          live.committed.map((c) => c.batch),
          `committed within ${BOUND_MS} ms`,
        ).toEqual(batches.map((_, i) => i));
        expect(live.deliveredAt()).toBeGreaterThan(0);
        const last = live.committed.at(-1)!.at - live.deliveredAt();
        expect(last).toBeLessThan(BOUND_MS);
        // the last two rounds wrote something (else this test would not tell a held round from a written one)
        expect(live.committed.at(-1)!.outputs).toBeGreaterThan(live.committed.at(-3)!.outputs);
        // what was written while open is the whole run's outputs up to its end-of-input snapshots: every alert
        // and command is there, byte for byte
        const whileOpen = sink.records.map((r) => JSON.stringify(r));
        expect(whileOpen).toEqual(reference.slice(0, whileOpen.length));
        const actions = (lines: string[]) => lines.filter((l) => !l.includes('"doxguard.incident/'));
        expect(actions(whileOpen)).toEqual(actions(reference));
        expect(actions(whileOpen).some((l) => l.includes('"doxguard.alert/'))).toBe(true);
      } finally {
        abort.abort();
        await running;
      }
      await pipeline.finish();
      await pipeline.close();
      expect(sink.records.map((r) => JSON.stringify(r))).toEqual(reference);
    },
    180_000,
  );
});
