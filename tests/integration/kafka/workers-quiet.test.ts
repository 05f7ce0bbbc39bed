import { describe, expect, it } from 'vitest';
import type { IncidentRecord } from '../../../src/contract/index.js';
import { simulate } from '../../../src/simulate/index.js';
import {
  BROKERS,
  UNAVAILABLE,
  committedOffsets,
  createTopic,
  kafkaConfigObject,
  produce,
  testTopics,
  waitFor,
} from './helpers/kafka.js';
import { processorsKilledAfterEach, writeConfig } from './helpers/processor.js';
import { JUMP_OPTIONS, readOutputs, scenario } from './helpers/scenario.js';

const start = processorsKilledAfterEach();

/** schema 1's createdAt: epoch ms or an RFC 3339 string */
const time = (t: number | string | undefined): number =>
  typeof t === 'number' ? t : t === undefined ? Number.NaN : Date.parse(t);
/** a quiet partition's join is written within this (the processor is never stopped meanwhile) */
const BOUND_MS = 30_000;

describe.skipIf(!BROKERS)(`worker threads on a quiet Kafka stream ${UNAVAILABLE}`, () => {
  it('write a late cross-partition join at once, not at the quiet partition’s next batch', async () => {
    const s = scenario(JUMP_OPTIONS);
    const jump = simulate(JUMP_OPTIONS).truth.incidents.find((i) => i.jump !== null)!;
    const second = jump.rootKeys[1]!;
    const t = testTopics('quiet-links');
    await createTopic(t.input, 2);
    const config = kafkaConfigObject(t, {
      pipeline: { workers: 2 },
      kafka: { maxBatchRecords: 300, links: { enabled: true, topic: `${t.input}.links`, joinDelayMs: 10_000 } },
    });
    const proc = start(writeConfig(config));
    const committed = (partition: number, end: number) => async () =>
      (await committedOffsets(t.groupId, t.input)).get(partition) === BigInt(end);
    const createdAt = (line: string) => time((JSON.parse(line) as { createdAt?: number | string }).createdAt);
    const onPartition = (p: number) =>
      s.lines
        .map((value, i) => ({ key: s.keys[i]!, value, partition: p }))
        .filter((_, i) => (s.keys[i] === second) === (p === 1));
    // partition 0 first, up to ten minutes past the incident's last post (its watermark passes every time of the
    // jump, and the incident is still live: the idle TTL is 6 h); then it stays quiet for good
    const zero = onPartition(0).filter((m) => !(createdAt(m.value) > jump.lastEventTime + 600_000));
    await produce(t.input, zero);
    await waitFor(committed(0, zero.length), 'partition 0 committed', 120_000);
    // then the jumped-to cascade on partition 1: its claims reach worker 0 already due (late), between batches
    const one = onPartition(1);
    await produce(t.input, one);
    await waitFor(committed(1, one.length), 'partition 1 committed', 120_000);
    const since = Date.now();
    // partition 0's incident, joined and naming partition 1, is on the incidents topic while the processor runs
    const joinedOnZero = (r: IncidentRecord) =>
      jump.platforms.every((p) => r.platforms.includes(p)) && r.linkedIncidents?.some((l) => l.partition === 1);
    await waitFor(
      async () => ((await readOutputs(t)).incidents as IncidentRecord[]).some(joinedOnZero),
      'partition 0 to publish the join while quiet',
      BOUND_MS,
    );
    expect(Date.now() - since).toBeLessThan(BOUND_MS);
    expect(proc.child.exitCode, proc.stderr()).toBeNull();
    proc.kill('SIGTERM');
    expect(await proc.exited, proc.stderr()).toEqual({ code: 0, signal: null });
  }, 360_000);
});
