import { describe, expect, it } from 'vitest';
import { type IncidentRecord, LinkClaimSchema } from '../../../src/contract/index.js';
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
import { processorsKilledAfterEach, writeConfig } from './helpers/processor.js';
import { byId, JUMP_OPTIONS, readOutputs, runFileMode, scenario, type Outputs } from './helpers/scenario.js';

const start = processorsKilledAfterEach();

/** Run the processor over the scenario with the jumped-to cascade on `jumpPartition`; outputs and the per-partition lines. */
async function runWith(
  jumpPartition: number,
  links: { instances: number } | null = null,
): Promise<{ got: Outputs; lines: Map<number, string[]>; config: Record<string, unknown>; linksTopic: string }> {
  const s = scenario(JUMP_OPTIONS);
  const jump = simulate(JUMP_OPTIONS).truth.incidents.find((i) => i.jump !== null)!;
  const second = jump.rootKeys[1]!;
  const t = testTopics(`cross${jumpPartition}${links ? 'links' : ''}`);
  await createTopic(t.input, 2);
  const config = kafkaConfigObject(t, {
    kafka: {
      maxBatchRecords: 300,
      ...(links ? { links: { enabled: true, topic: `${t.input}.links`, joinDelayMs: 10_000 } } : {}),
    },
  });
  const file = writeConfig(config);
  const procs = Array.from({ length: links?.instances ?? 1 }, () => start(file));
  // Several instances: let the group settle so that each owns a partition before the input arrives.
  if (procs.length > 1) await new Promise((r) => setTimeout(r, 8000));
  await produce(
    t.input,
    s.lines.map((value, i) => ({ key: s.keys[i]!, value, partition: s.keys[i] === second ? jumpPartition : 0 })),
  );
  const ends = await endOffsets(t.input);
  await waitFor(
    async () => {
      const c = await committedOffsets(t.groupId, t.input);
      return [...ends].every(([p, e]) => e === 0n || c.get(p) === e);
    },
    'the whole input committed',
    120_000,
  );
  for (const proc of procs) proc.kill('SIGTERM');
  for (const proc of procs) expect(await proc.exited, proc.stderr()).toEqual({ code: 0, signal: null });
  const lines = new Map<number, string[]>();
  for (const m of await readTopic(t.input)) lines.set(m.partition, [...(lines.get(m.partition) ?? []), m.value!]);
  return { got: await readOutputs(t), lines, config, linksTopic: `${t.input}.links` };
}

const joined = (o: Outputs, platforms: readonly string[]): boolean =>
  (o.incidents as IncidentRecord[]).some((r) => platforms.every((p) => r.platforms.includes(p)));

describe.skipIf(!BROKERS)(`an incident that spans partitions ${UNAVAILABLE}`, () => {
  const jump = simulate(JUMP_OPTIONS).truth.incidents.find((i) => i.jump !== null)!;

  it('is one incident when the jumped-to cascade is keyed with the original (one partition)', async () => {
    const { got, lines, config } = await runWith(0);
    expect(lines.size).toBe(1);
    const reference = runFileMode({ lines: lines.get(0)!, keys: [] }, config);
    expect(joined(reference, jump.platforms)).toBe(true);
    expect(joined(got, jump.platforms)).toBe(true);
    for (const channel of ['alerts', 'interventions', 'incidents'] as const)
      expect([...byId(got[channel])].sort(), channel).toEqual([...byId(reference[channel])].sort());
  });

  it('is joined across two instances through the links topic when its halves land on two partitions', async () => {
    const { got, lines, linksTopic } = await runWith(1, { instances: 2 });
    expect(lines.size).toBe(2);
    const incidents = got.incidents as IncidentRecord[];
    // each partition publishes the whole incident, both platforms, naming the other partition's half
    for (const partition of [0, 1]) {
      const other = 1 - partition;
      expect(
        incidents.some(
          (r) =>
            jump.platforms.every((p) => r.platforms.includes(p)) &&
            r.linkedIncidents?.some((l) => l.partition === other),
        ),
        `a joined record naming partition ${other}`,
      ).toBe(true);
    }
    // both halves end under one incident id (the earlier-started half's)
    const joinedIds = new Set(
      incidents.filter((r) => jump.platforms.every((p) => r.platforms.includes(p))).map((r) => r.incidentId),
    );
    expect(joinedIds.size).toBe(1);
    // and the claims are on the compacted topic: hashes and pseudonymous ids only
    const claims = await readTopic(linksTopic);
    expect(claims.length).toBeGreaterThan(0);
    for (const m of claims) {
      const claim = LinkClaimSchema.parse(JSON.parse(m.value!));
      expect(m.key).toBe(`${claim.key}|${claim.partition}`);
      expect(claim.key).toMatch(/^(m|f|u):/);
    }
    expect(new Set(claims.map((m) => LinkClaimSchema.parse(JSON.parse(m.value!)).partition))).toEqual(new Set([0, 1]));
  });

  it('is judged per partition when its halves land on two partitions and links are off: nothing lost, not joined', async () => {
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
    // One id, one content across runs: the file run a user makes of the same input judges the incident whole
    // (both platforms, one incident), the Kafka run judges its halves; no id names two different records.
    const whole = runFileMode(scenario(JUMP_OPTIONS), config);
    expect(joined(whole, jump.platforms)).toBe(true);
    for (const channel of ['alerts', 'interventions', 'incidents'] as const)
      expect(byId([...whole[channel], ...got[channel]]).size, channel).toBeGreaterThan(0); // throws on two contents
    // the whole incident's commands name both platforms; the halves' each name their own
    const platformsOf = (o: Outputs) =>
      new Set(
        (o.interventions as { targets: { platform: string }[] }[]).flatMap((c) => c.targets.map((t) => t.platform)),
      );
    for (const p of jump.platforms) expect(platformsOf(whole).has(p), p).toBe(true);
    for (const p of jump.platforms) expect(platformsOf(got).has(p), p).toBe(true);
  });
});
