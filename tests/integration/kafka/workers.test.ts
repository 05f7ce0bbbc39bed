import { describe, expect, it } from 'vitest';
import {
  BROKERS,
  UNAVAILABLE,
  committedOffsets,
  createTopic,
  endOffsets,
  kafkaConfigObject,
  produce,
  testTopics,
  waitFor,
  type TestTopics,
} from './helpers/kafka.js';
import { processorsKilledAfterEach, writeConfig } from './helpers/processor.js';
import { idOf, perIncident, readOutputs, scenario, toMessages } from './helpers/scenario.js';

const start = processorsKilledAfterEach();

describe.skipIf(!BROKERS)(`worker threads on Kafka ${UNAVAILABLE}`, () => {
  it('each partition on its worker: the outputs of one thread, committed to the end, exit 0 on SIGTERM', async () => {
    const input = testTopics('workers-in');
    const s = scenario({ seed: 5, backgroundCascades: 120, doxxing: 3, doxxingSize: 120, viral: 1, viralSize: 300 });
    await createTopic(input.input, 4);
    await produce(input.input, toMessages(s, 4));
    const ends = await endOffsets(input.input);
    const runWith = async (workers: number): Promise<TestTopics> => {
      const t = { ...testTopics(`workers-${workers}`), input: input.input, feedback: input.feedback };
      const config = kafkaConfigObject(t, { pipeline: { workers }, kafka: { maxBatchRecords: 200 } });
      const proc = start(writeConfig(config));
      await waitFor(
        async () => {
          const done = await committedOffsets(t.groupId, t.input);
          return [...ends].every(([p, end]) => done.get(p) === end);
        },
        `the ${workers}-worker processor to commit every partition`,
        180_000,
      );
      proc.kill('SIGTERM');
      expect(await proc.exited, proc.stderr()).toEqual({ code: 0, signal: null });
      return t;
    };
    const one = await readOutputs(await runWith(1));
    const two = await readOutputs(await runWith(2));
    expect(one.alerts.length).toBeGreaterThan(0);
    for (const channel of ['alerts', 'interventions', 'incidents'] as const) {
      expect(two[channel].map(idOf).sort(), channel).toEqual(one[channel].map(idOf).sort());
      expect(perIncident(two[channel]), channel).toEqual(perIncident(one[channel]));
    }
  });
});
