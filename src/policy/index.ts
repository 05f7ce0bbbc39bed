export { decide, type PolicyDecision, type PolicyInput } from './decide.js';
export { PolicyOptionsSchema, type PolicyOptions } from './options.js';
export { recordBase, targetsOf, postIdOfKey, type RecordBase } from './record-base.js';
