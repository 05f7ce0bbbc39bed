/** Small standalone helpers every floor may use; each file is one concern and imports nothing of the project. */
export { gb11643CheckChar, gb11643Valid } from './gb11643.js';
export { canonicalOf, contentId, jsonOf, nulTerminated, stableId } from './hash.js';
export { sortedJson, valueTexts, type ValueTexts } from './json.js';
export { packageRoot } from './package-root.js';
export { hash32, Rng, type Seed } from './rng.js';
export { parseEventTime, isoTime } from './time.js';
export { withTimeout } from './timeout.js';
export { emptyMap, emptySet, ownMap, ownSet } from './empty.js';
export {
  append,
  appendAll,
  EXACT_UP_TO,
  insert1,
  insert2,
  insert3,
  insertNumbers2,
  insertNumbers3,
} from './small-list.js';
export { pack, unpack } from './pack.js';
export { BoundedMap } from './bounded-map.js';
export { FingerprintRing } from './fingerprint-ring.js';
export { LineChunks, writeChunks } from './line-chunks.js';
export { siblingModule, startWorker } from './start-worker.js';
