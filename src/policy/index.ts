export { decide, liftOf, NOTHING, type PolicyDecision, type PolicyInput } from './decide.js';
export { applyVerdict, type VerdictInput } from './feedback.js';
export { publicInterestGate, PRIVATE_CATEGORIES, type GateOutcome } from './gate.js';
export { PolicyGuard, type RuleStats } from './guard.js';
export { PolicyOptionsSchema, RuleOptionsSchema, type PolicyOptions } from './options.js';
export { inHoldback, inRollout, unitHash } from './rollout.js';
export { pendingNotice, RULES, RULE_NAMES, QUOTA_REVIEW_RULE, type Rule } from './rules.js';
export { decideAccounts, type AccountDecisionInput } from './accounts.js';
