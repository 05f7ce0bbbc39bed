import type { Config } from '../config/index.js';
import { createMemorySink } from '../sink/index.js';
import type { RawBatch, Source } from '../contract/index.js';
import { startMetricsService } from '../metrics/index.js';
import { Progress } from './progress.js';
import { buildRuntime } from './runtime.js';
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
    stopwatch: metrics.stopwatch,
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
  const progress = new Progress('doxguard', null, stderr, options.progress ?? true);
  const source: Source = runtime.source;
  try {
    await source.run(async (batch: RawBatch) => {
      await runtime.pipeline.handleBatch(batch);
      progress.advance(batch.records.length);
    }, abort.signal);
    await runtime.pipeline.finish();
    progress.finish();
  } finally {
    process.off('SIGTERM', sigterm);
    process.off('SIGINT', sigint);
    await source.close();
    await runtime.links?.close();
    await runtime.sink.close();
    await runtime.evidence?.close();
    await metrics.close();
  }
  if (memory)
    (options.stdout ?? process.stdout).write(
      summarise(memory.records, runtime.pipeline.stats, config.output.kind === 'files' ? config.output.dir : null),
    );
  return 0;
}
