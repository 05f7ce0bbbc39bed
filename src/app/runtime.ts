import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { activateDetectors } from '../../detectors/index.js';
import { createEvidenceLog, type EvidenceLog } from '../evidence/index.js';
import type { Config } from '../config/index.js';
import { DoxguardError } from '../errors/index.js';
import type { TextScanner, PipelineHooks, RunOutcome, Sink, Source, LinkExchange } from '../contract/index.js';
import {
  createPartitionedPipeline,
  createPipeline,
  type PartitionedPipeline,
  type Pipeline,
  ClaimDirectory,
} from '../pipeline/index.js';
import { createFileSink, createStreamSink, teeSink } from '../sink/index.js';
import { checkInputFiles, fileSource, liveSource, streamSource } from '../source/index.js';
import type { KafkaSourceOptions, SourceObserver } from '../source/kafka/index.js';
import { applyHeapLimits } from './heap.js';
import { createScanner } from './scanner.js';
import {
  createKafkaWorkerPipeline,
  createRoundPipeline,
  inputPartitions,
  workerCount,
  type KafkaWorkerPipeline,
  type RoundPipeline,
} from './workers/index.js';
import { createLogger, stageLogger } from '../log/index.js';

/**
 * The Kafka modules load only when configured, so file mode never loads kafkajs.
 * Contract: src/source/kafka/index.ts exports createKafkaSource(config): Promise<Source>,
 * src/sink/kafka/index.ts exports createKafkaSink(config): Promise<Sink>.
 */
const KAFKA_SOURCE_MODULE = '../source/kafka/index.js';
const KAFKA_SINK_MODULE = '../sink/kafka/index.js';

export interface Runtime {
  readonly source: Source;
  readonly sink: Sink;
  /**
   * Kafka sources get one pipeline per input partition (state partitioned like the input), on worker
   * threads with pipeline.workers > 1; other sources one pipeline, or pipeline.partitions of them (RoundPipeline)
   */
  readonly pipeline: Pipeline | PartitionedPipeline | RoundPipeline | KafkaWorkerPipeline;
  /** human notes for the start-up summary (e.g. a throw-away secret) */
  readonly notes: readonly string[];
  /** the hash-chained evidence log, when one is kept (closed by the caller after the sink) */
  readonly evidence: EvidenceLog | null;
  /** the cross-partition link exchange on Kafka (kafka.links.enabled), closed by the caller after the source */
  readonly links: { close(): Promise<void> } | null;
  /** the worker threads (pipeline.workers > 1) or partitions of a partitioned run, closed after the source */
  readonly workers: { close(): Promise<void> } | null;
}

/** The fingerprint secret: configured, or (development only) a throw-away one that is announced. */
export function resolveSecret(config: Readonly<Config>): { secret: string; note: string | null } {
  if (config.fingerprintSecret) return { secret: config.fingerprintSecret, note: null };
  if (config.mode === 'production')
    throw new DoxguardError(
      'DG_ERR_CONFIG_SECRET_MISSING',
      'production mode needs a fingerprint secret: set DOXGUARD_SECRET or fingerprintSecret (>= 16 characters)',
      { context: { path: 'fingerprintSecret' } },
    );
  return {
    secret: randomBytes(32).toString('hex'),
    note: 'no fingerprintSecret configured: using a throw-away secret for this run (fingerprints will not match other runs; set DOXGUARD_SECRET to keep them stable)',
  };
}

export async function openSource(
  config: Readonly<Config>,
  stdin: NodeJS.ReadableStream = process.stdin,
  observer?: SourceObserver,
): Promise<Source> {
  switch (config.source.kind) {
    case 'file':
      if (config.source.files.length === 0)
        throw new DoxguardError('DG_ERR_CONFIG_INVALID', 'source.files: the file source needs at least one file', {
          context: { paths: ['source.files'] },
        });
      checkInputFiles(config.source.files);
      return fileSource(config.source.files, config.source.batchSize);
    case 'stdin':
      return streamSource(stdin as never, config.source.batchSize);
    case 'websocket':
    case 'sse': {
      return liveSource(config);
    }
    case 'kafka': {
      const mod = (await import(KAFKA_SOURCE_MODULE)) as {
        createKafkaSource(c: Readonly<Config>, o?: KafkaSourceOptions): Promise<Source>;
      };
      return mod.createKafkaSource(config, observer ? { observer } : {});
    }
  }
}

export async function openSink(config: Readonly<Config>): Promise<Sink> {
  switch (config.output.kind) {
    case 'files':
      return createFileSink(config.output.dir);
    case 'stdout':
      return createStreamSink(process.stdout);
    case 'kafka': {
      const mod = (await import(KAFKA_SINK_MODULE)) as { createKafkaSink(c: Readonly<Config>): Promise<Sink> };
      return mod.createKafkaSink(config);
    }
  }
}

export interface RuntimeOptions {
  readonly hooks?: PipelineHooks;
  readonly stdin?: NodeJS.ReadableStream;
  readonly scanner?: TextScanner;
  /** monotonic milliseconds (performance.now) for the per-detector latency metric; null: not timed */
  readonly timer?: (() => number) | null;
  /** wall clock for the event-time-to-emit latency metric (live runs) */
  readonly clock?: (() => number) | null;
  /** a second sink that sees every output too (the demo's summary) */
  readonly alsoEmitTo?: Sink;
  /** the Kafka source reports consumer lag and readiness here (the metrics handles fit) */
  readonly sourceObserver?: SourceObserver;
  /** an already open source instead of config.source's (replay from a Kafka time range) */
  readonly source?: Source;
  /** a replay: its evidence chain is its own, every entry marked `replay` */
  readonly replay?: boolean;
}

/** Source, sink and pipeline for a config: the one place the CLI wires stages together. */
export async function buildRuntime(config: Readonly<Config>, options: RuntimeOptions = {}): Promise<Runtime> {
  const notes: string[] = [];
  const { secret, note } = resolveSecret(config);
  if (note) notes.push(note);
  const heap = applyHeapLimits(config);
  if (heap) notes.push(heap);
  // Everything that can be bad input is checked before any output is opened: detector options, the
  // input files (openSource), an existing evidence log's chain (createEvidenceLog reads it).
  const detectors = activateDetectors(config.detectors);
  const scanner = options.scanner ?? (await createScanner(config, secret));
  const evidencePath = evidencePathOf(config);
  // A files run's evidence is staged with its outputs and appended to the log when the run completes.
  const evidence =
    evidencePath === null
      ? null
      : createEvidenceLog(evidencePath, { staged: config.output.kind === 'files', replay: options.replay ?? false });
  if (evidencePath !== null) notes.push(`evidence log: ${evidencePath}`);
  const source = options.source ?? (await openSource(config, options.stdin, options.sourceObserver));
  const primary = await openSink(config).catch(async (e: unknown) => {
    await source.close();
    throw e;
  });
  const sink = options.alsoEmitTo ? teeSink(primary, options.alsoEmitTo) : primary;
  const deps = {
    config,
    sink,
    evidence,
    scanner,
    detectors,
    ...(options.hooks ? { hooks: options.hooks } : {}),
    timer: options.timer ?? null,
    clock: options.clock ?? null,
  };
  // A replay (a source given) stays in this thread: its history is judged like the live run's partitions.
  const threaded = options.source === undefined;
  if (config.source.kind !== 'kafka') {
    if (!threaded || (inputPartitions(config) === 1 && workerCount(config) === 1))
      return { source, sink, pipeline: createPipeline(deps), notes, evidence, links: null, workers: null };
    const pipeline = await createRoundPipeline({ ...deps, secret }).catch(async (e: unknown) => {
      await source.close();
      await sink.close('failed');
      throw e;
    });
    notes.push(`${inputPartitions(config)} partitions on ${workerCount(config)} thread(s)`);
    return { source, sink, pipeline, notes, evidence, links: null, workers: pipeline };
  }
  if (threaded && workerCount(config) > 1) {
    const pipeline = await createKafkaWorkerPipeline({ ...deps, secret }).catch(async (e: unknown) => {
      await source.close();
      await sink.close('failed');
      throw e;
    });
    notes.push(`input partitions on ${workerCount(config)} worker threads`);
    return { source, sink, pipeline, notes, evidence, links: null, workers: pipeline };
  }
  const links = await openLinkExchange(config, options.source !== undefined, notes).catch(async (e: unknown) => {
    await source.close();
    await sink.close('failed');
    throw e;
  });
  const pipeline = createPartitionedPipeline({
    ...deps,
    linkExchange: links ? { exchange: links.exchange, joinDelayMs: config.kafka.links.joinDelayMs } : null,
  });
  return { source, sink, pipeline, notes, evidence, links: links?.closer ?? null, workers: null };
}

/**
 * The cross-partition join's exchange: the links topic for a live run; for a
 * replay (a source given) an in-memory one, so a replay joins its partitions
 * without writing claims into the live topic.
 */
async function openLinkExchange(
  config: Readonly<Config>,
  replay: boolean,
  notes: string[],
): Promise<{ exchange: LinkExchange; closer: { close(): Promise<void> } | null } | null> {
  if (!config.kafka.links.enabled) return null;
  const mod = (await import(KAFKA_SOURCE_MODULE)) as typeof import('../source/kafka/index.js');
  if (replay) {
    notes.push('cross-partition links joined in memory for this replay (the live links topic is not touched)');
    return { exchange: new ClaimDirectory(mod.linkTtlMs(config)), closer: null };
  }
  const exchange = await mod.createKafkaLinkExchange(config, stageLogger(createLogger(config.log), 'links'));
  notes.push(`cross-partition links through ${config.kafka.links.topic}`);
  return { exchange, closer: exchange };
}

/**
 * Closes what buildRuntime opened, in order (source, links, sink, evidence).
 * `outcome` decides the fate of file outputs: a completed run replaces the
 * folder's files, an interrupted one leaves `*.partial` beside them, a failed
 * one removes its partial files (src/sink/file-sink.ts).
 */
export async function closeRuntime(runtime: Runtime, outcome: RunOutcome): Promise<void> {
  await runtime.source.close();
  await runtime.workers?.close();
  await runtime.links?.close();
  await runtime.sink.close(outcome);
  await runtime.evidence?.close(outcome);
}

/** Where the evidence log goes: configured, else `<output.dir>/evidence.ndjson` for file output, else none. */
export function evidencePathOf(config: Readonly<Config>): string | null {
  if (!config.evidence.enabled) return null;
  if (config.evidence.path !== null) return config.evidence.path;
  return config.output.kind === 'files' ? join(config.output.dir, 'evidence.ndjson') : null;
}
