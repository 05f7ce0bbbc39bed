/**
 * The detectors as the rest of doxguard sees them: the registry, the PII
 * scanner the enrich stage runs, and the option schemas config composes.
 */
export { DETECTORS, activateDetectors, detectorDefaults, type ActiveDetector } from './registry.js';
export { createPiiScanner, PiiOptionsSchema, type PiiOptions, type PiiScanner } from './pii/index.js';
// the language cues, for `doxguard scan`'s per-post signals (src/scan)
export { MALICE, MOBILISATION, type Cue } from './language/lexicon.js';
export { analyse, makesCall, mayHaveCue } from './language/text.js';
// the forecast's model, for `doxguard forecast` (src/forecast): the live detector's own functions
export {
  forecast,
  addEvent,
  addPost,
  calibrate,
  forecastNow,
  type ForecastOptions,
  type ForecastState,
  type SizeForecast,
} from './cascade/forecast.js';
