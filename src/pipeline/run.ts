import type { Source } from '../contract/index.js';
import type { Pipeline } from './pipeline.js';

/** Drive a pipeline from a source until the input ends or the signal aborts, then publish final state. */
export async function runPipeline(source: Source, pipeline: Pipeline, signal: AbortSignal): Promise<void> {
  await source.run((batch) => pipeline.handleBatch(batch), signal);
  await pipeline.finish();
}
