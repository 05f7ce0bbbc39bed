export { createEvidenceLog, type EvidenceLog } from './log.js';
export { verifyEvidenceLog, type VerifyResult } from './verify.js';
export {
  EVIDENCE_SCHEMA,
  GENESIS,
  bodyOfRecord,
  canonicalJson,
  chain,
  checkLink,
  type ChainBreak,
  type EvidenceBody,
  type EvidenceEntry,
  type EvidenceKind,
} from './chain.js';
export { bodyOfNotice, bodyOfVerdict, linkPrepared, prepareBody, type PreparedBody } from './prepared.js';
