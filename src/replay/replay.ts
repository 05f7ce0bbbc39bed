import { mergeLayers, validateConfig, type Config } from '../config/index.js';
import { buildRuntime } from '../cli/runtime.js';
import { DoxguardError } from '../errors/index.js';
import type { PipelineHooks, PipelineStats } from '../pipeline/index.js';
import { countRecords } from './count-records.js';
import { ReplayProgress } from './progress.js';

export interface ReplayOptions {
  /** the policy and settings to replay under (an analyst's --config) */
  readonly config: Readonly<Config>;
  /** NDJSON files, read in order */
  readonly files: readonly string[];
  /** output folder (alerts/interventions/incidents/dlq .ndjson); null keeps config.output */
  readonly outDir: string | null;
  /** allow config.output.kind=kafka: commands would reach live topics */
  readonly toKafka?: boolean;
  readonly hooks?: PipelineHooks;
  readonly progress?: boolean;
  readonly stderr?: { write(s: string): unknown; isTTY?: boolean };
  readonly now?: () => number;
  readonly signal?: AbortSignal;
}

export interface ReplayResult {
  readonly stats: PipelineStats;
  readonly records: number;
  readonly seconds: number;
  readonly config: Readonly<Config>;
}

/**
 * Replay history through the same pipeline `doxguard run` uses (same wiring,
 * same detectors, same policy code), as fast as the machine goes: event time
 * drives every window, so the outputs are those of the live run on the same
 * input, byte for byte. Nothing goes to Kafka unless `toKafka` says so.
 */
export async function replayFiles(options: ReplayOptions): Promise<ReplayResult> {
  if (options.files.length === 0) throw new DoxguardError('DG_ERR_CLI_USAGE', 'replay needs at least one NDJSON file');
  const over: Record<string, unknown> = { source: { kind: 'file', files: [...options.files] } };
  if (options.outDir !== null) over.output = { kind: 'files', dir: options.outDir };
  const config = validateConfig(mergeLayers(structuredClone(options.config), over), 'replay config');
  if (config.output.kind === 'kafka' && !options.toKafka)
    throw new DoxguardError(
      'DG_ERR_CLI_USAGE',
      'replay would write to Kafka topics (output.kind=kafka): pass --out DIR, or --to-kafka if you mean it',
    );
  const now = options.now ?? Date.now;
  const stderr = options.stderr ?? process.stderr;
  const total = await countRecords(options.files);
  const started = now();
  const runtime = await buildRuntime(config, options.hooks ? { hooks: options.hooks } : {});
  for (const note of runtime.notes) stderr.write(`doxguard replay: note: ${note}\n`);
  const progress = new ReplayProgress(total, stderr, now, options.progress ?? true);
  try {
    await runtime.source.run(async (batch) => {
      await runtime.pipeline.handleBatch(batch);
      progress.advance(batch.records.length);
    }, options.signal ?? new AbortController().signal);
    await runtime.pipeline.finish();
    progress.finish();
  } finally {
    await runtime.source.close();
    await runtime.sink.close();
    await runtime.evidence?.close();
  }
  return { stats: runtime.pipeline.stats, records: total, seconds: (now() - started) / 1000, config };
}
