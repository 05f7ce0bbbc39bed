export { createEnricher, type Enricher, type EnricherOptions } from './enrich.js';
export {
  compileLinkPatterns,
  linkedNodeKeys,
  nodeKey,
  type LinkPattern,
  type LinkPatternSpec,
  type PostIdOf,
} from './links.js';
