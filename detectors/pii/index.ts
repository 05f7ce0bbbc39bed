export { createPiiScanner, type Detection, type PiiScanner } from './engine.js';
export { PiiOptionsSchema, type PiiOptions } from './options.js';
export { RECOGNIZERS } from './recognizers/index.js';
export type { Recognizer, Candidate } from './recognizer.js';
export { normalise } from './normalise.js';
export { dossier, DossierOptions, consolidators } from './dossier.js';
export type { DossierState } from './dossier-state.js';
