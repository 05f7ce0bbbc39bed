import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BROKERS,
  UNAVAILABLE,
  committedOffsets,
  createTopic,
  kafkaConfigObject,
  produce,
  testClient,
  testTopics,
} from './helpers/kafka.js';
import { scenario } from './helpers/scenario.js';

const ROOT = join(import.meta.dirname, '../../..');

/** `doxguard ARGS` from the sources; returns its exit status and stderr. */
function doxguard(args: readonly string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1' },
    timeout: 180_000,
  });
  return { status: r.status, stderr: r.stderr };
}

/** A line's event time: createdAt (events), receivedAt (notices), else the previous line's (malformed lines). */
function eventTimes(lines: readonly string[]): number[] {
  let last = 0;
  return lines.map((line) => {
    try {
      const e = JSON.parse(line) as { createdAt?: unknown; receivedAt?: unknown };
      const t = e.createdAt ?? e.receivedAt;
      const ms = typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : NaN;
      if (Number.isFinite(ms)) last = ms;
    } catch {
      // malformed: travels with its neighbour
    }
    return last;
  });
}

const CHANNELS = ['alerts', 'interventions', 'incidents'] as const;

describe.skipIf(!BROKERS)(`doxguard replay --kafka-topic ${UNAVAILABLE}`, () => {
  it('replays a record-time window byte for byte like a file run over that window, leaving the live group alone', async () => {
    const t = testTopics('replay');
    const s = scenario({
      seed: 21,
      backgroundCascades: 150,
      doxxing: 4,
      doxxingSize: 150,
      viral: 1,
      viralSize: 300,
      malformedRate: 0.01,
      noticeShare: 1,
    });
    // in event-time order (stable), so that the offsets of a record-time window are exactly its events
    const times = eventTimes(s.lines);
    const order = s.lines.map((_, i) => i).sort((a, b) => times[a]! - times[b]! || a - b);
    const lines = order.map((i) => s.lines[i]!);
    const stamps = order.map((i) => times[i]!);
    await createTopic(t.input, 1);
    await produce(
      t.input,
      lines.map((value, i) => ({ key: s.keys[order[i]!]!, value, partition: 0, timestamp: stamps[i]! })),
    );

    // a live group part-way through the topic
    const admin = testClient('admin').admin();
    await admin.connect();
    await admin.setOffsets({ groupId: t.groupId, topic: t.input, partitions: [{ partition: 0, offset: '123' }] });

    // the window [from, to): the record times of the 30th and the 70th percentile
    const from = stamps[Math.floor(stamps.length * 0.3)]!;
    const to = stamps[Math.floor(stamps.length * 0.7)]!;
    const first = stamps.findIndex((x) => x >= from);
    const end = stamps.findIndex((x) => x >= to);
    const window = lines.slice(first, end);
    expect(window.length).toBeGreaterThan(1000);
    expect(first).toBeGreaterThan(500);
    expect(lines.length - end).toBeGreaterThan(500);

    const dir = mkdtempSync(join(tmpdir(), 'doxguard-replay-kafka-'));
    const config = join(dir, 'config.yaml');
    writeFileSync(config, JSON.stringify(kafkaConfigObject(t)));
    const input = join(dir, 'window.ndjson');
    writeFileSync(input, window.join('\n') + '\n');
    const file = doxguard(['run', '--no-progress', '--config', config, '-i', input, '-o', join(dir, 'file')]);
    expect(file.status, file.stderr).toBe(0);

    const replay = doxguard([
      'replay',
      '--kafka-topic',
      t.input,
      '--from',
      new Date(from).toISOString(),
      '--to',
      new Date(to).toISOString(),
      '--brokers',
      BROKERS,
      '--config',
      config,
      '-o',
      join(dir, 'replay'),
    ]);
    expect(replay.status, replay.stderr).toBe(0);
    // the progress bar knew the total from the offset range
    const n = window.length.toLocaleString('en-US');
    expect(replay.stderr).toContain(`100.0% ${n}/${n} records`);
    expect(replay.stderr).toMatch(/ev\/s · done in/);

    const read = (run: string, c: string): string => readFileSync(join(dir, run, `${c}.ndjson`), 'utf8');
    for (const c of CHANNELS) expect(read('replay', c) === read('file', c), `${c} differ`).toBe(true);
    expect(read('file', 'alerts').length).toBeGreaterThan(0);
    expect(read('file', 'interventions').length).toBeGreaterThan(0);
    // dead letters: the same records and reasons; the replay's also carry the Kafka key and name their
    // offset (window index + first) where the file run names its line; an empty line is null, an empty value ''
    type Dead = { id: string; key: unknown; value: unknown; position: { offset?: string; line?: number } };
    const dlq = (run: string): Dead[] =>
      read(run, 'dlq')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Dead);
    const strip = ({ id: _id, key: _k, position: _p, value, ...rest }: Dead) => ({
      ...rest,
      value: value === '' ? null : value,
    });
    expect(dlq('replay').map(strip)).toEqual(dlq('file').map(strip));
    expect(dlq('file').length).toBeGreaterThan(0);
    expect(dlq('replay').map((d) => Number(d.position.offset) - first)).toEqual(
      dlq('file').map((d) => d.position.line! - 1),
    );

    // the live group did not move, the replay's own group is gone, nothing went to the live output topics
    expect((await committedOffsets(t.groupId, t.input)).get(0)).toBe(123n);
    const { groups } = await admin.listGroups();
    expect(groups.filter((g) => g.groupId.startsWith(`${t.groupId}.replay.`))).toEqual([]);
    const topics = await admin.listTopics();
    expect(topics.filter((x) => [t.alerts, t.interventions, t.incidents, t.dlq].includes(x))).toEqual([]);
    expect(existsSync(join(dir, 'replay', 'evidence.ndjson'))).toBe(true);
    await admin.disconnect();
  });
});
