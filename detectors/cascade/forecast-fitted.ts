/**
 * What `npx tsx bench/warning/run.ts --fit` fitted (bench/warning/REPORT.md): the data the forecast ships
 * with, apart from the code that uses it (forecast-correction.ts, forecast-interval.ts), so a refit
 * changes this file alone. config/default.yaml repeats it.
 */
import type { AgeCorrection } from './forecast-correction.js';
import type { ForecastInterval } from './forecast-interval.js';

/**
 * Fitted by `npx tsx bench/warning/run.ts --fit` on six data sets pooled
 * (Twitter15, seismic_738, r/ireland, Weibo CHECKED, RumourEval, Ma 2016 events;
 * at most 600 cascades each): the family that generalised best across the
 * cross-dataset matrix (bench/warning/REPORT.md); config/default.yaml repeats it.
 */
export const FITTED_FOLLOWER_EXPONENT = 0;
export const FITTED_CORRECTION: AgeCorrection = [
  { ageSeconds: 600, intercept: 0.6264, slope: 0.69 },
  { ageSeconds: 1200, intercept: 0.2523, slope: 0.97 },
  { ageSeconds: 1800, intercept: 0.0407, slope: 1.21 },
  { ageSeconds: 3600, intercept: 0.0222, slope: 1.11 },
  { ageSeconds: 7200, intercept: 0.0354, slope: 0.84 },
  { ageSeconds: 10800, intercept: 0.0591, slope: 0.66 },
  { ageSeconds: 21600, intercept: 0.0845, slope: 0.33 },
  { ageSeconds: 43200, intercept: 0.0498, slope: 0.26 },
  { ageSeconds: 86400, intercept: 0.018, slope: 0.12 },
  { ageSeconds: 172800, intercept: 0.0042, slope: 0.26 },
  { ageSeconds: 345600, intercept: 0.0009, slope: 0.15 },
];

/** Fitted by `npx tsx bench/warning/run.ts --fit` (bench/warning/REPORT.md); config/default.yaml repeats it. */
export const FITTED_INTERVAL: ForecastInterval = {
  sizes: [20, 100],
  knots: [
    { ageSeconds: 600, low: [-1.1527, -0.5466, -0.3174], high: [3.0603, 2.4243, 1.074] },
    { ageSeconds: 1200, low: [-0.7986, -0.3921, -0.2181], high: [2.943, 2.7007, 1.1854] },
    { ageSeconds: 1800, low: [-0.8267, -0.3661, -0.1641], high: [2.731, 2.3986, 1.2077] },
    { ageSeconds: 3600, low: [-0.3857, -0.2804, -0.1488], high: [2.8082, 2.8082, 1.0546] },
    { ageSeconds: 7200, low: [-0.1911, -0.1678, -0.0972], high: [2.7487, 2.7487, 0.9553] },
    { ageSeconds: 10800, low: [-0.1054, -0.0954, -0.0933], high: [2.7137, 2.7137, 0.8544] },
    { ageSeconds: 21600, low: [-0.0699, -0.0699, -0.0699], high: [2.3653, 2.3653, 0.7815] },
    { ageSeconds: 43200, low: [-0.0422, -0.0422, -0.0422], high: [1.8516, 1.8516, 0.5547] },
    { ageSeconds: 86400, low: [-0.0112, -0.0112, -0.0112], high: [1.2393, 1.2393, 0.3139] },
    { ageSeconds: 172800, low: [-0.0055, -0.0055, -0.0055], high: [0.7927, 0.7927, 0.1557] },
    { ageSeconds: 345600, low: [-0.0008, -0.0008, -0.0008], high: [0.6932, 0.6932, 0.069] },
  ],
};
