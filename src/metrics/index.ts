export { createMetrics, type DoxguardMetrics, type MetricsOptions } from './create-metrics.js';
export { startMetricsServer, type MetricsServer } from './server.js';
export { createReadiness, READINESS_CHECKS, type Readiness, type ReadinessCheck } from './readiness.js';
export {
  DEFAULT_METRIC_PLATFORMS,
  DEAD_LETTER_REASONS,
  MAX_PLATFORM_LABELS,
  OTHER,
  UNKNOWN_PLATFORM,
} from './labels.js';
export type { MetricSet } from './definitions.js';
export { monotonicMs, startMetricsService, type MetricsService } from './service.js';
