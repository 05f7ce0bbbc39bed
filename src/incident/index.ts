export { Incident, NO_STATES, type ActiveCommand, type FollowCursor, type NoticeEntry } from './incident.js';
export { AccountLedger, type ParticipantEntry, type TargetEntry, type TargetVia } from './account-ledger.js';
export { IncidentStore, PEER_RECOGNIZER, type IncidentStoreOptions, type Placement } from './incident-store.js';
export { incidentSnapshot, participants } from './snapshot.js';
export { byPlatformTargets, recordBase, targetsOf, postIdOfKey, type RecordBase } from './record-base.js';
