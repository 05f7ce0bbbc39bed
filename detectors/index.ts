/**
 * The detectors as the rest of doxguard sees them: the registry, the PII
 * scanner the enrich stage runs, and the option schemas config composes.
 */
export { DETECTORS, activateDetectors, type ActiveDetector } from './registry.js';
export { createPiiScanner, PiiOptionsSchema, type PiiOptions } from './pii/index.js';
export { shippedForecastOptions } from './cascade/forecast-correction.js';
