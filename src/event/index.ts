export * from './input-schema.js';
export * from './types.js';
