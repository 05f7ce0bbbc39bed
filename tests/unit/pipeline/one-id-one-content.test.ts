import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutputRecord, RawRecord } from '../../../src/contract/index.js';
import { createPartitionedPipeline } from '../../../src/pipeline/index.js';
import { createMemorySink } from '../../../src/sink/index.js';
import { simulate } from '../../../src/simulate/index.js';
import { hash32 } from '../../../src/util/index.js';
import { runLines, testConfig } from '../../helpers/pipeline.js';

/** Each line's partition key, as the README asks producers to key: the cascade root (reposts follow their parent). */
function rootKeys(lines: readonly string[]): string[] {
  const rootOf = new Map<string, string>();
  return lines.map((line, i) => {
    try {
      const e = JSON.parse(line) as { type?: string; platform?: string; postId?: string; parentId?: string | null };
      if (!e.platform || !e.postId) return `line-${i}`;
      const self = `${e.platform}:${e.postId}`;
      if (e.type === 'notice') return rootOf.get(self) ?? self;
      const parent = e.parentId ? `${e.platform}:${e.parentId}` : null;
      const root = parent ? (rootOf.get(parent) ?? parent) : self;
      rootOf.set(self, root);
      return root;
    } catch {
      return `line-${i}`;
    }
  });
}

/** Every record under one id must be the same bytes; returns how many ids were seen more than once. */
function assertOneContentPerId(records: readonly OutputRecord[]): number {
  const seen = new Map<string, string>();
  let repeated = 0;
  for (const r of records) {
    const json = JSON.stringify(r);
    const prev = seen.get(r.id);
    if (prev !== undefined) {
      repeated++;
      expect(json, `id ${r.id} published with two contents`).toBe(prev);
    }
    seen.set(r.id, json);
  }
  return repeated;
}

describe('one id, one content', () => {
  const config = testConfig();
  // doxxing incidents jump platforms under another root: their halves land on different partitions
  const lines = simulate({
    seed: 17,
    backgroundCascades: 30,
    doxxing: 3,
    doxxingSize: 120,
    viral: 0,
    noticeShare: 0.5,
  }).lines;
  const keys = rootKeys(lines);

  it('a file run, Kafka runs over random partitionings, crashes, rebuilds and SIGTERMs never publish two records under one id', async () => {
    const reference = (await runLines(lines, config)).records;
    expect(reference.some((r) => r.schema === 'doxguard.intervention/1')).toBe(true);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer(),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.boolean(),
        async (partitions, salt, crashAt, sigterm) => {
          const byPartition = new Map<number, RawRecord[]>();
          lines.forEach((l, i) => {
            const p = hash32(`${salt}:${keys[i]}`) % partitions;
            const list = byPartition.get(p) ?? [];
            list.push({
              value: Buffer.from(l),
              key: Buffer.from(keys[i]!),
              position: { kind: 'kafka', topic: 'in', partition: p, offset: String(list.length) },
            });
            byPartition.set(p, list);
          });
          const all: OutputRecord[] = [...reference];
          const commit = async (): Promise<void> => {};
          // first process: up to the crash point of each partition, then (SIGTERM) its final snapshots
          const sink1 = createMemorySink();
          const first = createPartitionedPipeline({ config, sink: sink1 });
          for (const records of byPartition.values())
            for (let i = 0; i < Math.floor(records.length * crashAt); i += 50)
              await first.handleBatch({
                records: records.slice(i, Math.min(i + 50, Math.floor(records.length * crashAt))),
                commit,
              });
          if (sigterm) await first.finish();
          // restarted process: rebuild each partition from its look-back (all of it), then go on live
          const sink2 = createMemorySink();
          const second = createPartitionedPipeline({ config, sink: sink2 });
          for (const records of byPartition.values()) {
            const k = Math.floor(records.length * crashAt);
            if (k > 0) await second.handleBatch({ records: records.slice(0, k), commit, rebuild: true });
            for (let i = k; i < records.length; i += 50)
              await second.handleBatch({ records: records.slice(i, i + 50), commit });
          }
          await second.finish();
          all.push(...sink1.records, ...sink2.records);
          assertOneContentPerId(all);
        },
      ),
      { numRuns: 6, seed: 15 },
    );
  }, 240_000);
});
