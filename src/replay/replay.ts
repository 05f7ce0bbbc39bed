import { join, resolve } from 'node:path';
import { mergeLayers, validateConfig, type Config } from '../config/index.js';
import { buildRuntime, closeRuntime, Progress } from '../app/index.js';
import { DoxguardError } from '../errors/index.js';
import type { PipelineHooks, RunOutcome, Source } from '../contract/index.js';
import type { PipelineStats } from '../pipeline/index.js';
import { checkInputFiles } from '../source/index.js';
import { countRecords } from './count-records.js';

/** What every replay takes, whatever it reads. */
export interface ReplayCommon {
  /** the policy and settings to replay under (an analyst's --config) */
  readonly config: Readonly<Config>;
  /** output folder (alerts/interventions/incidents/dlq .ndjson); null only with `toKafka` */
  readonly outDir: string | null;
  /** write to the config's Kafka output topics: commands may reach live topics (announced at start) */
  readonly toKafka?: boolean;
  /** where the replay's own evidence chain goes (`evidence.ndjson`); default outDir; null with outDir null: none */
  readonly evidenceDir?: string | null;
  readonly hooks?: PipelineHooks;
  readonly progress?: boolean;
  readonly stderr?: { write(s: string): unknown; isTTY?: boolean };
  readonly now?: () => number;
  readonly signal?: AbortSignal;
}

export interface ReplayOptions extends ReplayCommon {
  /** NDJSON files, read in order */
  readonly files: readonly string[];
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
  checkInputFiles(options.files);
  const config = replayConfig(options, { source: { kind: 'file', files: [...options.files] } });
  const total = await countRecords(options.files);
  return runReplay(options, config, total, null);
}

/**
 * The analyst's config with the replay's source and output. A replay never
 * touches live state unless asked: outputs go to its own folder (Kafka only
 * with `toKafka`), its evidence is its own chain in that folder (never the
 * configured live log), and the metrics server stays off.
 */
export function replayConfig(options: ReplayCommon, over: Record<string, unknown>): Readonly<Config> {
  const layer: Record<string, unknown> = { ...over, metrics: { enabled: false } };
  if (options.toKafka) layer.output = { kind: 'kafka' };
  else if (options.outDir !== null) layer.output = { kind: 'files', dir: options.outDir };
  const evidenceDir = options.evidenceDir === undefined ? options.outDir : options.evidenceDir;
  layer.evidence = evidenceDir === null ? { enabled: false } : { path: join(evidenceDir, 'evidence.ndjson') };
  const config = validateConfig(mergeLayers(structuredClone(options.config), layer), 'replay config');
  if (config.output.kind === 'kafka' && !options.toKafka)
    throw new DoxguardError(
      'DG_ERR_CLI_USAGE',
      'replay would write to Kafka topics (output.kind=kafka): pass --out DIR, or --to-kafka if you mean it',
    );
  if (config.output.kind === 'files' && options.outDir === null)
    throw new DoxguardError('DG_ERR_CLI_USAGE', 'replay needs an output folder of its own (--out DIR)');
  const live = options.config.evidence.path;
  if (live !== null && config.evidence.enabled && resolve(live) === resolve(config.evidence.path ?? ''))
    throw new DoxguardError('DG_ERR_EVIDENCE_MIXED', `replay evidence would go to the live evidence log ${live}`, {
      context: { path: live },
    });
  return config;
}

/** Said on start when a replay writes to Kafka: where its records will land. */
export function toKafkaNotice(config: Readonly<Config>): string {
  const t = config.kafka.topics;
  return (
    `--to-kafka: this replay WRITES to Kafka on ${config.kafka.brokers.join(',')}: ` +
    `${t.alerts}, ${t.interventions}, ${t.incidents}, ${t.dlq}; platforms reading ${t.interventions} will act on its commands ` +
    `(the live consumer group, links topic and evidence log are not touched)`
  );
}

/** Drive the pipeline over the source (config's, or the one given) with a progress bar of `total` records. */
export async function runReplay(
  options: ReplayCommon,
  config: Readonly<Config>,
  total: number,
  source: Source | null,
): Promise<ReplayResult> {
  const now = options.now ?? Date.now;
  const stderr = options.stderr ?? process.stderr;
  const started = now();
  if (config.output.kind === 'kafka') stderr.write(`doxguard replay: WARNING ${toKafkaNotice(config)}\n`);
  const runtime = await buildRuntime(config, {
    replay: true,
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(source ? { source } : {}),
  }).catch(async (e: unknown) => {
    await source?.close();
    throw e;
  });
  for (const note of runtime.notes) stderr.write(`doxguard replay: note: ${note}\n`);
  const progress = new Progress('replay', total, stderr, now, options.progress ?? true);
  const signal = options.signal ?? new AbortController().signal;
  let outcome: RunOutcome = 'failed';
  try {
    await runtime.source.run(async (batch) => {
      await runtime.pipeline.handleBatch(batch);
      progress.advance(batch.records.length);
    }, signal);
    await runtime.pipeline.finish();
    progress.finish();
    outcome = signal.aborted ? 'interrupted' : 'completed';
  } finally {
    await closeRuntime(runtime, outcome);
  }
  return { stats: runtime.pipeline.stats, records: total, seconds: (now() - started) / 1000, config };
}
