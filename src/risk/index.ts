export {
  assessRisk,
  levelFor,
  levelRank,
  type RiskAssessment,
  type RiskGateOptions,
  type RiskWeights,
  type LevelThresholds,
} from './assess.js';
export { BUSINESS_CONTACT_CODE, applyBusinessDiscount, isModifier, type BusinessDiscountOptions } from './business.js';
