import { Registry } from 'prom-client';
import type { Config } from '../config/index.js';
import { createMetrics, type DoxguardMetrics } from './create-metrics.js';
import { startMetricsServer, type MetricsServer } from './server.js';

export interface MetricsService extends DoxguardMetrics {
  /** null when config.metrics.enabled is false (the hooks still count, nothing is served) */
  readonly server: MetricsServer | null;
  /** monotonic milliseconds for the pipeline's per-detector latency hook */
  readonly timer: () => number;
  close(): Promise<void>;
}

/**
 * Everything the CLI needs for metrics from config: a fresh registry, every
 * metric, the pipeline hooks, and — when `metrics.enabled` — the HTTP server
 * on metrics.host:metrics.port with /metrics, /healthz and /readyz.
 */
export async function startMetricsService(
  config: Readonly<Pick<Config, 'metrics'>>,
  options: { readonly detectors?: readonly string[]; readonly registry?: Registry } = {},
): Promise<MetricsService> {
  const registry = options.registry ?? new Registry();
  const metrics = createMetrics(registry, {
    platforms: config.metrics.platforms,
    noticeDeadlineSeconds: config.metrics.noticeDeadlineSeconds,
    detectorTimingEvery: config.metrics.detectorTimingEvery,
    ...(options.detectors ? { detectors: options.detectors } : {}),
  });
  const server = config.metrics.enabled
    ? await startMetricsServer({ host: config.metrics.host, port: config.metrics.port }, registry, metrics.readiness)
    : null;
  return {
    ...metrics,
    server,
    timer: monotonicMs,
    close: async () => {
      await server?.close();
    },
  };
}

/**
 * Monotonic milliseconds: performance.now() (a double, sub-microsecond) rather than hrtime.bigint(). It is read
 * twice per detector per event, and a BigInt per reading was measurable there (as was a closure per step).
 */
export function monotonicMs(): number {
  return performance.now();
}
