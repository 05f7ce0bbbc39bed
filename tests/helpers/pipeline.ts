import { ConfigSchema, type Config } from '../../src/config/index.js';
import { createPipeline, type Pipeline } from '../../src/pipeline/index.js';
import { createMemorySink } from '../../src/sink/index.js';
import type { OutputRecord, RawRecord, TextScanner, PipelineHooks } from '../../src/contract/index.js';

export function testConfig(overrides: Record<string, unknown> = {}): Readonly<Config> {
  return ConfigSchema.parse({ fingerprintSecret: 'test-secret-0123456789', ...overrides });
}

export function raw(lines: readonly string[], file = 'test.ndjson'): RawRecord[] {
  return lines.map((l, i) => ({ value: Buffer.from(l), key: null, position: { kind: 'file', file, line: i + 1 } }));
}

/** Run lines through a fresh pipeline into memory; returns the outputs and the pipeline. */
export async function runLines(
  lines: readonly string[],
  config: Readonly<Config> = testConfig(),
  scanner?: TextScanner,
  batchSize = 100,
  hooks?: PipelineHooks,
): Promise<{ records: OutputRecord[]; pipeline: Pipeline; ndjson: string }> {
  const sink = createMemorySink();
  const pipeline = createPipeline({ config, sink, ...(scanner ? { scanner } : {}), ...(hooks ? { hooks } : {}) });
  const all = raw(lines);
  for (let i = 0; i < all.length; i += batchSize)
    await pipeline.handleBatch({ records: all.slice(i, i + batchSize), commit: async () => {} });
  await pipeline.finish();
  return { records: sink.records, pipeline, ndjson: sink.records.map((r) => JSON.stringify(r)).join('\n') };
}
