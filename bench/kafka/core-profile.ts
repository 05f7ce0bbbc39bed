/**
 * Profile the core alone on the bench/kafka workload (no broker), PII scanner included:
 *   node --cpu-prof --cpu-prof-dir=.cache/prof --import tsx bench/kafka/core-profile.ts [--events 100000] [--rounds 3]
 * Prints the output digest of each round: a change meant only to be faster must leave it as it was.
 */
import { parseArgs } from 'node:util';
import { ConfigSchema } from '../../src/config/index.js';
import { createPartitionedPipeline } from '../../src/pipeline/index.js';
import { createMemorySink } from '../../src/sink/index.js';
import { createScanner } from '../../src/app/index.js';
import { coreRecords, feedPartitions, outputDigest } from './core-workload.js';

const { values: args } = parseArgs({
  options: { events: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '3' } },
});
const records = coreRecords(Number(args.events));
for (let r = 0; r < Number(args.rounds); r++) {
  const cfg = ConfigSchema.parse({ fingerprintSecret: 'bench-secret-0123456789abcdef', log: { level: 'silent' } });
  const sink = createMemorySink();
  const scanner = await createScanner(cfg, cfg.fingerprintSecret!);
  const pipeline = createPartitionedPipeline({ config: cfg, sink, scanner });
  const t0 = performance.now();
  await feedPartitions(pipeline, records);
  const ms = performance.now() - t0;
  await pipeline.finish();
  console.log(`outputs ${sink.records.length} sha256 ${outputDigest(sink.records)}`);
  console.log(
    `round ${r + 1}: ${records.length} records in ${ms.toFixed(0)} ms = ${Math.round(records.length / (ms / 1000))} rec/s`,
  );
}
