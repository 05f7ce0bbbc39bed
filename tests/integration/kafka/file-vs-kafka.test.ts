import type { DeadLetterRecord } from '../../../src/contract/index.js';
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
} from './helpers/kafka.js';
import { processorsKilledAfterEach, writeConfig } from './helpers/processor.js';
import { idOf, perIncident, readOutputs, runFileMode, scenario, toMessages } from './helpers/scenario.js';

const start = processorsKilledAfterEach();

describe.skipIf(!BROKERS)(`file mode and Kafka mode ${UNAVAILABLE}`, () => {
  // kafka.producerThread: the outputs encoded and sent from the pipeline's thread (the default) or from their own
  it.each([false, true])(
    '(a) give the same outputs, byte for byte, with the same ids, for the same simulated input (producerThread %s)',
    async (producerThread) => {
      const t = testTopics(producerThread ? 'samept' : 'same');
      const s = scenario({
        seed: 11,
        backgroundCascades: 150,
        doxxing: 3,
        doxxingSize: 150,
        viral: 1,
        viralSize: 400,
        malformedRate: 0.01,
      });
      await createTopic(t.input, 1);
      await produce(t.input, toMessages(s, 1));
      const config = kafkaConfigObject(t, { kafka: { maxBatchRecords: 250, producerThread } });
      const reference = runFileMode(s, config);
      expect(reference.interventions.length).toBeGreaterThan(0);
      expect(reference.dlq.length).toBeGreaterThan(0);

      const proc = start(writeConfig(config));
      const ends = await endOffsets(t.input);
      await waitFor(
        async () => (await committedOffsets(t.groupId, t.input)).get(0) === ends.get(0),
        'the processor to commit the whole input',
        120_000,
      );
      proc.kill('SIGTERM');
      expect(await proc.exited, proc.stderr()).toEqual({ code: 0, signal: null });

      const got = await readOutputs(t);
      // Output topics are partitioned by incidentId: Kafka keeps the order per incident, and so must we.
      for (const channel of ['alerts', 'interventions', 'incidents'] as const) {
        expect(got[channel].map(idOf).sort(), channel).toEqual(reference[channel].map(idOf).sort());
        expect(perIncident(got[channel]), channel).toEqual(perIncident(reference[channel]));
      }
      // dead letters: the same bad records with the same reasons; Kafka ones also carry the source key and offset
      const strip = (r: unknown): string => {
        const d = r as DeadLetterRecord;
        return JSON.stringify([d.reason, d.message, d.value === '' ? null : d.value, d.valueEncoding]);
      };
      expect(got.dlq.map(strip).sort()).toEqual(reference.dlq.map(strip).sort());
      for (const d of got.dlq as DeadLetterRecord[])
        expect(d.position).toMatchObject({ kind: 'kafka', topic: t.input, partition: 0 });
    },
  );
});
