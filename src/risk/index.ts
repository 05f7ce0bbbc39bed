export {
  assessRisk,
  levelFor,
  levelRank,
  type RiskAssessment,
  type RiskWeights,
  type LevelThresholds,
} from './assess.js';
