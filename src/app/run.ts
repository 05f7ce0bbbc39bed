import type { Config } from '../config/index.js';
import { createMemorySink } from '../sink/index.js';
import type { RawBatch, RunOutcome, Source } from '../contract/index.js';
import { startMetricsService } from '../metrics/index.js';
import { Progress } from './progress.js';
import { buildRuntime, closeRuntime } from './runtime.js';
import { summarise } from './summary.js';
import { createLogger, logStartup } from '../log/index.js';
import { PACKAGE_VERSION } from './version.js';

export interface RunOptions {
  readonly config?: Readonly<Config>;
  /** the --config file, for the start-up summary */
  readonly configFile?: string | undefined;
  /** keep every output in memory and print the human summary (demo) */
  readonly summary?: boolean;
  readonly progress?: boolean;
  readonly stderr?: NodeJS.WriteStream;
  readonly stdout?: NodeJS.WritableStream;
}

/** Run the pipeline over the configured source until it ends or SIGTERM/SIGINT; returns the exit code. */
export async function runConfigured(config: Readonly<Config>, options: RunOptions = {}): Promise<number> {
  const stderr = options.stderr ?? process.stderr;
  // Metrics first: its hooks go into the pipeline. /readyz: a Kafka source reports its own readiness
  // (group joined, owned partitions rebuilt) and lag; a file or stdin source is ready once open.
  const metrics = await startMetricsService(config);
  const kafka = config.source.kind === 'kafka';
  // The demo keeps outputs in memory too, for its summary.
  const memory = options.summary ? createMemorySink() : null;
  const runtime = await buildRuntime(config, {
    hooks: metrics.hooks,
    // per-detector latency is timed only when someone can scrape it, and then on one event in
    // metrics.detectorTimingEvery (a histogram observation per detector per event cost ~13% of the CPU)
    timer: metrics.server ? metrics.timer : null,
    clock: Date.now,
    ...(memory ? { alsoEmitTo: memory } : {}),
    ...(kafka ? { sourceObserver: metrics } : {}),
  }).catch(async (e: unknown) => {
    await metrics.close();
    throw e;
  });
  if (!kafka) {
    metrics.readiness.set('state_restored', true);
    metrics.readiness.set('source_connected', true);
  }
  // The demo talks to a person; `run` logs structured JSON (pino) for the machines that collect it.
  const logger = options.summary ? null : createLogger(config.log);
  const detectors = Object.entries(config.detectors)
    .filter(([, d]) => d.enabled)
    .map(([name]) => name);
  if (logger) {
    for (const note of runtime.notes) logger.info({ note }, note);
    logStartup(logger, config, {
      command: 'run',
      version: PACKAGE_VERSION,
      sources: [runtime.source.name],
      sinks: [runtime.sink.name],
      detectors,
      metrics: config.metrics.enabled ? `${config.metrics.host}:${config.metrics.port}` : null,
      configFile: options.configFile ?? null,
    });
  } else {
    for (const note of runtime.notes) stderr.write(`doxguard: note: ${note}\n`);
    stderr.write(
      `doxguard: ${config.mode} · source ${runtime.source.name} · sink ${runtime.sink.name} · detectors ${detectors.join(', ')}${config.policy.shadow ? ' · SHADOW (no commands)' : ''}\n`,
    );
  }
  const abort = new AbortController();
  const onSignal = (sig: string): void => {
    if (abort.signal.aborted) process.exit(130);
    if (logger) logger.info({ signal: sig }, 'finishing the batch in hand, flushing and stopping');
    else stderr.write(`doxguard: ${sig}: finishing the batch in hand, flushing and stopping\n`);
    abort.abort();
  };
  const sigterm = (): void => onSignal('SIGTERM');
  const sigint = (): void => onSignal('SIGINT');
  process.on('SIGTERM', sigterm);
  process.on('SIGINT', sigint);
  // Logs are JSON here (pino): progress goes to them as structured lines, never a bar among them.
  const progress = new Progress(
    'doxguard',
    null,
    stderr,
    Date.now,
    options.progress ?? true,
    logger ? (fields, message) => logger.info(fields, message) : undefined,
  );
  // a live source goes quiet between batches: report what the last batch before a lull brought
  const idle = setInterval(() => progress.idle(), 1000);
  idle.unref();
  const source: Source = runtime.source;
  // How the run ended decides whether file outputs replace the previous run's (src/sink/file-sink.ts).
  let outcome: RunOutcome = 'failed';
  try {
    await source.run(async (batch: RawBatch) => {
      await runtime.pipeline.handleBatch(batch);
      progress.advance(batch.records.length);
    }, abort.signal);
    await runtime.pipeline.finish();
    progress.finish();
    outcome = abort.signal.aborted ? 'interrupted' : 'completed';
  } finally {
    clearInterval(idle);
    process.off('SIGTERM', sigterm);
    process.off('SIGINT', sigint);
    await closeRuntime(runtime, outcome);
    await metrics.close();
    const note = outcomeNote(config, outcome);
    if (note && logger) logger.warn({ outcome }, note);
    else if (note) stderr.write(`doxguard: ${note}\n`);
  }
  if (memory)
    (options.stdout ?? process.stdout).write(
      summarise(memory.records, runtime.pipeline.stats, config.output.kind === 'files' ? config.output.dir : null),
    );
  return 0;
}

/** What a run that did not complete did with its file outputs (none for Kafka or stdout output). */
export function outcomeNote(config: Readonly<Config>, outcome: RunOutcome): string | null {
  if (config.output.kind !== 'files' || outcome === 'completed') return null;
  const dir = config.output.dir;
  return outcome === 'interrupted'
    ? `interrupted: this run's outputs are in ${dir}/*.ndjson.partial; the previous run's files in ${dir} are untouched`
    : `failed: this run's outputs were removed; the previous run's files in ${dir} are untouched`;
}
