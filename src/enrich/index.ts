export { createEnricher, type Enricher, type EnricherOptions } from './enrich.js';
export { compileLinkPatterns, linkedNodeKeys, nodeKey, type LinkPattern } from './links.js';
