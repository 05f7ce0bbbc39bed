import type { EventKind, Mention } from './input-schema.js';

/** Where a record came from, precise enough to find it again and to commit it. */
export type SourcePosition =
  | { readonly kind: 'file'; readonly file: string; readonly line: number }
  | { readonly kind: 'stdin'; readonly line: number }
  | { readonly kind: 'kafka'; readonly topic: string; readonly partition: number; readonly offset: string }
  /** a live stream (websocket, sse): its host and the message's 1-based sequence number since the process started */
  | { readonly kind: 'stream'; readonly stream: string; readonly seq: number };

/** Where an event came from: a source position, or another input partition's claim (a peer post, src/pipeline/peer-join.ts). */
export type EventOrigin = SourcePosition | { readonly kind: 'peer'; readonly partition: number; readonly key: string };

/** A validated repost event with its time parsed: what the pipeline core sees. */
export interface RepostEvent {
  readonly type: 'event';
  readonly eventId: string;
  readonly platform: string;
  readonly kind: EventKind;
  readonly postId: string;
  readonly parentId: string | null;
  readonly rootId: string | null;
  readonly authorId: string;
  readonly authorFollowers: number | null;
  /** when the author's account was created (epoch ms); absent when the platform does not say */
  readonly authorCreatedAt?: number | undefined;
  /** event time, epoch ms */
  readonly time: number;
  readonly text: string;
  readonly urls: readonly string[];
  readonly mediaHashes: readonly string[];
  readonly lang: string | null;
  readonly mentions: readonly Mention[];
  readonly position: EventOrigin;
}

export interface Notice {
  readonly type: 'notice';
  readonly noticeId: string;
  readonly platform: string;
  readonly postId: string;
  readonly time: number;
  readonly reporter: 'victim' | 'third_party' | 'authority';
  /** the account the notice is about (the victim's), when given */
  readonly accountId?: string | undefined;
  readonly position: SourcePosition;
}

export interface Verdict {
  readonly type: 'verdict';
  readonly verdictId: string;
  readonly incidentId: string | null;
  readonly commandId: string | null;
  readonly decision: 'confirmed' | 'false_positive' | 'public_interest';
  readonly time: number;
  readonly reviewer: string | null;
  readonly position: SourcePosition;
}

/** A post deleted on its platform (a schema-1 `delete`, or a platform format's delete message). */
export interface Deletion {
  readonly type: 'delete';
  readonly platform: string;
  readonly postId: string;
  readonly time: number;
  readonly position: SourcePosition;
}

export type InputRecord = RepostEvent | Notice | Verdict | Deletion;

/** Categories of personal information doxguard recognises (detectors/pii). */
export const PII_CATEGORIES = [
  'national_id',
  'passport',
  'phone',
  'email',
  'home_address',
  'licence_plate',
  'bank_card',
  'ip_address',
  'social_handle',
  'workplace',
  'school',
  'family',
  'health',
  'private_chat',
  'real_name',
  'photo',
  'org_code',
  // an area, not a home: never links incidents (src/incident/incident-store.ts), low weight
  'postcode',
] as const;
export type PiiCategory = (typeof PII_CATEGORIES)[number];

/**
 * Categories that identify, locate or reach a person: one of them about a private person is what a warning
 * needs (src/risk gates); health, family, chats, a postcode or an organisation code alone identify nobody.
 */
export const IDENTIFYING_CATEGORIES: ReadonlySet<PiiCategory> = new Set<PiiCategory>([
  'national_id',
  'passport',
  'phone',
  'email',
  'home_address',
  'licence_plate',
  'bank_card',
  'ip_address',
  'social_handle',
  'workplace',
  'school',
  'real_name',
  'photo',
]);

/**
 * Private facts: never protected by public interest. An official's office phone, workplace and conduct in
 * office may be published; their home, family, health and ID numbers may not.
 */
export const PRIVATE_CATEGORIES: ReadonlySet<PiiCategory> = new Set<PiiCategory>([
  'national_id',
  'passport',
  'home_address',
  'licence_plate',
  'bank_card',
  'ip_address',
  'family',
  'health',
  'private_chat',
  'school',
]);

/**
 * Whom a finding is about (detectors/pii/attribution.ts): a person the post points at (`target`), the
 * poster's own or an organisation's contact given to be used (`self`), a person the post leaves unnamed on
 * purpose (`anonymised`: 李某, 病例3, an authority's case notice), or nobody the post names (`unattributed`).
 * Only disclosures about a person being exposed count towards a dossier; `self` and `anonymised` never do.
 */
export type FindingAbout = 'target' | 'self' | 'anonymised' | 'unattributed';

/**
 * One piece of personal information found in a post. Holds no raw value:
 * `fingerprint` is HMAC-SHA-256 of the normalised value under the configured
 * secret, `snippet` a redacted rendering such as `138****5678`.
 */
export interface Finding {
  readonly category: PiiCategory;
  readonly recognizer: string;
  /** 0..1, after context enhancement */
  readonly confidence: number;
  /** sensitivity weight from config, 0..1 */
  readonly weight: number;
  readonly fingerprint: string;
  readonly snippet: string;
  /** character offsets in the normalised text */
  readonly start: number;
  readonly end: number;
  readonly about: FindingAbout;
}

/** A repost event after enrichment: what detectors see. Text is kept in memory only. */
export interface EnrichedEvent extends RepostEvent {
  /** platform-qualified node key of this post, `platform:postId` */
  readonly nodeKey: string;
  /** node keys of other platforms' posts this event links to (urls) */
  readonly linkedNodeKeys: readonly string[];
  readonly findings: readonly Finding[];
}
