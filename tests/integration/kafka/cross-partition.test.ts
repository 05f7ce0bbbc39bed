import { afterEach, describe, expect, it } from 'vitest';
import type { IncidentRecord } from '../../../src/sink/records.js';
import { simulate } from '../../../src/simulate/index.js';
import {
  BROKERS,
  UNAVAILABLE,
  committedOffsets,
  createTopic,
  endOffsets,
  kafkaConfigObject,
  produce,
  readTopic,
  testTopics,
  waitFor,
} from './helpers/kafka.js';
import { startKafkaProcessor, writeConfig, type Processor } from './helpers/processor.js';
import { byId, readOutputs, runFileMode, scenario, type Outputs } from './helpers/scenario.js';

const running: Processor[] = [];
afterEach(() => {
  for (const p of running.splice(0)) p.kill('SIGKILL');
});

const OPTIONS = {
  seed: 3,
  backgroundCascades: 80,
  doxxing: 1,
  doxxingSize: 200,
  jumpShare: 1,
  noticeShare: 0,
  viral: 0,
} as const;

/** Run the processor over the scenario with the jumped-to cascade on `jumpPartition`; outputs and the per-partition lines. */
async function runWith(
  jumpPartition: number,
): Promise<{ got: Outputs; lines: Map<number, string[]>; config: Record<string, unknown> }> {
  const s = scenario(OPTIONS);
  const jump = simulate(OPTIONS).truth.incidents.find((i) => i.jump !== null)!;
  const second = jump.rootKeys[1]!;
  const t = testTopics(`cross${jumpPartition}`);
  await createTopic(t.input, 2);
  await produce(
    t.input,
    s.lines.map((value, i) => ({ key: s.keys[i]!, value, partition: s.keys[i] === second ? jumpPartition : 0 })),
  );
  const config = kafkaConfigObject(t, { kafka: { maxBatchRecords: 300 } });
  const proc = startKafkaProcessor(writeConfig(config));
  running.push(proc);
  const ends = await endOffsets(t.input);
  await waitFor(
    async () => {
      const c = await committedOffsets(t.groupId, t.input);
      return [...ends].every(([p, e]) => e === 0n || c.get(p) === e);
    },
    'the whole input committed',
    120_000,
  );
  proc.kill('SIGTERM');
  expect(await proc.exited, proc.stderr()).toEqual({ code: 0, signal: null });
  const lines = new Map<number, string[]>();
  for (const m of await readTopic(t.input)) lines.set(m.partition, [...(lines.get(m.partition) ?? []), m.value!]);
  return { got: await readOutputs(t), lines, config };
}

const joined = (o: Outputs, platforms: readonly string[]): boolean =>
  (o.incidents as IncidentRecord[]).some((r) => platforms.every((p) => r.platforms.includes(p)));

describe.skipIf(!BROKERS)(`an incident that spans partitions ${UNAVAILABLE}`, () => {
  const jump = simulate(OPTIONS).truth.incidents.find((i) => i.jump !== null)!;

  it('is one incident when the jumped-to cascade is keyed with the original (one partition)', async () => {
    const { got, lines, config } = await runWith(0);
    expect(lines.size).toBe(1);
    const reference = runFileMode({ lines: lines.get(0)!, keys: [] }, config);
    expect(joined(reference, jump.platforms)).toBe(true);
    expect(joined(got, jump.platforms)).toBe(true);
    for (const channel of ['alerts', 'interventions', 'incidents'] as const)
      expect([...byId(got[channel])].sort(), channel).toEqual([...byId(reference[channel])].sort());
  });

  it('is judged per partition when its halves land on two partitions: nothing lost, but not joined (see deploy/kafka/README.md)', async () => {
    const { got, lines, config } = await runWith(1);
    expect(lines.size).toBe(2);
    const parts = [...lines.values()].map((l) => runFileMode({ lines: l, keys: [] }, config));
    const reference = {
      alerts: parts.flatMap((p) => p.alerts),
      interventions: parts.flatMap((p) => p.interventions),
      incidents: parts.flatMap((p) => p.incidents),
    };
    for (const channel of ['alerts', 'interventions', 'incidents'] as const)
      expect([...byId(got[channel])].sort(), channel).toEqual([...byId(reference[channel])].sort());
    // each half is still an incident of its own, on its own platform
    for (const platform of jump.platforms)
      expect(
        (got.incidents as IncidentRecord[]).some((r) => r.platforms.includes(platform)),
        platform,
      ).toBe(true);
    expect(joined(got, jump.platforms)).toBe(false);
  });
});
