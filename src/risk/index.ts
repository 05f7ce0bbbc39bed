export {
  assessRisk,
  combineRisk,
  levelFor,
  levelRank,
  type RiskAssessment,
  type RiskGateOptions,
  type RiskWeights,
  type SpreadAmplifier,
  type LevelThresholds,
} from './assess.js';
export { applyBusinessDiscount, type BusinessDiscountOptions } from './business.js';
export { applyGates, gateFacts, type GateFacts, type RiskGates } from './gates.js';
