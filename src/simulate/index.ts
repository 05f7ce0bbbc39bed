export { generate, simulate, Simulation } from './generate.js';
export { simulateToDir, type SimulateToDirResult } from './to-dir.js';
export {
  DEFAULT_START,
  parseSimulateOptions,
  SIM_PLATFORMS,
  SimulateOptionsSchema,
  type SimPlatform,
  type SimulateOptions,
  type SimulateOptionsInput,
} from './options.js';
export {
  GroundTruthSchema,
  TRUTH_SCHEMA,
  TruthIncidentSchema,
  type GroundTruth,
  type IncidentKind,
  type MalformedKind,
  type PlantedValue,
  type TruthIncident,
} from './truth.js';
export { EXPECTED_REASON } from './malformed.js';
