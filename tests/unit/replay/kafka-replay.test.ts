import type { Admin } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { DoxguardError } from '../../../src/errors/index.js';
import { parseInstant, replayConfig, replayKafka } from '../../../src/replay/index.js';
import { planRanges } from '../../../src/source/kafka/range-source.js';

/** The two admin calls planRanges makes, over a fixed log: partition → [low, high) and record times. */
function fakeAdmin(log: Record<number, { low: number; times: number[] }>): Admin {
  const parts = Object.entries(log).map(([p, l]) => ({ partition: Number(p), ...l }));
  return {
    fetchTopicOffsets: async () =>
      parts.map((p) => ({
        partition: p.partition,
        low: String(p.low),
        high: String(p.low + p.times.length),
        offset: '',
      })),
    fetchTopicOffsetsByTimestamp: async (_topic: string, t?: number) =>
      parts.map((p) => {
        const i = p.times.findIndex((x) => x >= t!);
        // the broker answers -1 when no record is at or after t (kafkajs maps it to the high watermark)
        return { partition: p.partition, offset: String(i < 0 ? -1 : p.low + i) };
      }),
  } as unknown as Admin;
}

describe('Kafka replay: ranges by record time', () => {
  const admin = fakeAdmin({ 0: { low: 0, times: [10, 20, 30, 40, 50] }, 1: { low: 100, times: [5, 25, 45] } });
  const plain = async (from: number | null, to: number | null) =>
    (await planRanges(admin, ['t'], from, to)).map((r) => [r.partition, Number(r.start), Number(r.end)]);

  it('maps [from, to) to the first offsets at or after each instant, per partition', async () => {
    expect(await plain(20, 45)).toEqual([
      [0, 1, 4],
      [1, 101, 102],
    ]);
  });

  it('defaults to the earliest offset and the high watermark; a --to past the end reads to the end', async () => {
    expect(await plain(null, null)).toEqual([
      [0, 0, 5],
      [1, 100, 103],
    ]);
    expect(await plain(41, 1000)).toEqual([
      [0, 4, 5],
      [1, 102, 103],
    ]);
  });

  it('an empty window is an empty range, never a negative one', async () => {
    expect(await plain(1000, 2000)).toEqual([
      [0, 5, 5],
      [1, 103, 103],
    ]);
    expect(await plain(31, 31)).toEqual([
      [0, 3, 3],
      [1, 102, 102],
    ]);
  });
});

describe('Kafka replay: arguments', () => {
  it('reads ISO 8601 and epoch milliseconds; anything else is a usage error', () => {
    expect(parseInstant('2026-01-05T10:00:00Z', '--from')).toBe(Date.UTC(2026, 0, 5, 10));
    expect(parseInstant('1767607200000', '--to')).toBe(1767607200000);
    expect(() => parseInstant('yesterday', '--from')).toThrow(/--from: not an ISO 8601 time/);
  });

  it('needs a topic, and never writes to Kafka unless asked', async () => {
    const config = validateConfig({ output: { kind: 'kafka' } });
    await expect(replayKafka({ config, topics: [], from: null, to: null, outDir: 'x' })).rejects.toMatchObject({
      code: 'DG_ERR_CLI_USAGE',
    });
    expect(() => replayConfig({ config, outDir: null }, { source: { kind: 'kafka' } })).toThrow(DoxguardError);
    expect(replayConfig({ config, outDir: null, toKafka: true }, { source: { kind: 'kafka' } }).output.kind).toBe(
      'kafka',
    );
    expect(replayConfig({ config, outDir: 'out-dir' }, { source: { kind: 'kafka' } }).output).toMatchObject({
      kind: 'files',
      dir: 'out-dir',
    });
  });
});
