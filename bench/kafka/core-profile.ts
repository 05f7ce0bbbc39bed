/**
 * Profile the core alone on the bench/kafka workload (no broker):
 *   node --cpu-prof --cpu-prof-dir=.cache/prof --import tsx bench/kafka/core-profile.ts [--events 100000]
 */
import { parseArgs } from 'node:util';
import { ConfigSchema } from '../../src/config/index.js';
import { createPartitionedPipeline } from '../../src/pipeline/index.js';
import { createMemorySink } from '../../src/sink/index.js';
import { Simulation } from '../../src/simulate/index.js';
import { createScanner } from '../../src/cli/scanner.js';
import { createHash } from 'node:crypto';

const { values: args } = parseArgs({
  options: { events: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '3' } },
});
const sim = new Simulation({ seed: 42, backgroundEvents: Number(args.events), doxxing: 4, viral: 2 });
const lines = [...sim.lines()];
const P = 6;
const records = lines.map((v, i) => ({
  value: Buffer.from(v),
  key: null,
  position: { kind: 'kafka' as const, topic: 'core', partition: i % P, offset: String(i) },
}));
for (let r = 0; r < Number(args.rounds); r++) {
  const cfg = ConfigSchema.parse({ fingerprintSecret: 'bench-secret-0123456789abcdef', log: { level: 'silent' } });
  const sink = createMemorySink();
  const scanner = await createScanner(cfg, cfg.fingerprintSecret!);
  const pipeline = createPartitionedPipeline({ config: cfg, sink, scanner });
  const t0 = performance.now();
  for (let p = 0; p < P; p++) {
    const part = records.filter((_, i) => i % P === p);
    for (let i = 0; i < part.length; i += 5000)
      await pipeline.handleBatch({ records: part.slice(i, i + 5000), commit: async () => {} });
  }
  const ms = performance.now() - t0;
  await pipeline.finish();
  const digest = createHash('sha256')
    .update(sink.records.map((x) => JSON.stringify(x)).join('\n'))
    .digest('hex');
  console.log(`outputs ${sink.records.length} sha256 ${digest.slice(0, 16)}`);
  console.log(
    `round ${r + 1}: ${records.length} records in ${ms.toFixed(0)} ms = ${Math.round(records.length / (ms / 1000))} rec/s`,
  );
}
