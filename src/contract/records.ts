import { z } from 'zod';
import { PII_CATEGORIES } from './events.js';

/**
 * Output records (README "The event contract"): versioned variants, each validated
 * before it is sent. `schema` names the variant and its version; `id` is
 * a hash of the record's own content (src/util/hash.ts contentId) so a
 * re-emitted record is recognisably the same one.
 */

export const SCHEMAS = {
  alert: 'doxguard.alert/1',
  intervention: 'doxguard.intervention/1',
  incident: 'doxguard.incident/1',
  deadLetter: 'doxguard.dlq/1',
} as const;

const isoTime = z.string().describe('RFC 3339 UTC');
export const DimensionSchema = z.enum(['sensitivity', 'spread', 'mobilisation', 'malice', 'publicInterest']);
export type Dimension = z.infer<typeof DimensionSchema>;
export const DIMENSIONS = DimensionSchema.options;

export const ReasonSchema = z.object({
  detector: z.string(),
  code: z.string(),
  dimension: DimensionSchema,
  score: z.number().min(0).max(1),
  message: z.string().describe('human-readable; never raw PII'),
  evidence: z.array(z.string()).describe('event ids and PII fingerprints'),
});
export type Reason = z.infer<typeof ReasonSchema>;

const common = {
  id: z.string(),
  eventTime: isoTime,
  incidentId: z.string(),
  rootIds: z.array(z.string()).describe('cascade roots as they appear in the input'),
  postIds: z.array(z.string()).describe('posts this record is about, as in the input (capped)'),
};

export const AlertLevelSchema = z.enum(['watch', 'warning', 'critical']);
export type AlertLevel = z.infer<typeof AlertLevelSchema>;

export const AlertRecordSchema = z.object({
  schema: z.literal(SCHEMAS.alert),
  ...common,
  level: AlertLevelSchema,
  previousLevel: AlertLevelSchema.nullable(),
  score: z.number().min(0).max(1),
  dimensions: z.record(DimensionSchema, z.number().min(0).max(1)),
  platforms: z.array(z.string()),
  piiCategories: z.array(z.enum(PII_CATEGORIES)),
  reasons: z.array(ReasonSchema),
  shadow: z.boolean(),
});

export const ActionSchema = z.enum([
  'popup_warning',
  'throttle',
  'review_takedown',
  'lift',
  // account-level (src/policy/accounts.ts): protection for the person targeted, and for the accounts driving it
  'protect_target',
  'warn_account',
  'verify_account',
]);
export type Action = z.infer<typeof ActionSchema>;

export const TargetSchema = z.object({ platform: z.string(), postIds: z.array(z.string()) });

/**
 * The account an account-level command is about. `accountId` as the input names it (pseudonymous, like
 * authorId); a handle disclosed in a post is known only by its keyed fingerprint (HMAC of the handle).
 */
export const AccountTargetSchema = z.object({
  platform: z.string(),
  accountId: z.string().nullable(),
  handleFingerprint: z.string().nullable().describe('HMAC-SHA-256 of a disclosed handle, when no account id is known'),
  role: z.enum(['target', 'participant']),
  minor: z.boolean().describe('the target is recognised as a minor (school, class, age): the stricter ladder'),
});
export type AccountTarget = z.infer<typeof AccountTargetSchema>;

export const InterventionRecordSchema = z.object({
  schema: z.literal(SCHEMAS.intervention),
  ...common,
  action: ActionSchema,
  /** for `lift`: the id of the command it lifts */
  lifts: z.string().nullable(),
  targets: z.array(TargetSchema),
  account: AccountTargetSchema.optional().describe(
    'protect_target, warn_account, verify_account (and their lifts): the account',
  ),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  ttlSeconds: z.number().int().nonnegative(),
  expiresAt: isoTime,
  rule: z.string(),
  reasons: z.array(ReasonSchema),
});

export const ParticipantSchema = z.object({
  authorId: z.string().describe('pseudonymous, as in the input'),
  role: z.enum(['originator', 'spreader', 'consolidator', 'mobiliser', 'participant']),
  posts: z.number().int().nonnegative(),
});

export const IncidentRecordSchema = z.object({
  schema: z.literal(SCHEMAS.incident),
  ...common,
  status: z.enum(['open', 'merged', 'expired', 'evicted']),
  mergedInto: z.string().nullable(),
  level: AlertLevelSchema.nullable(),
  score: z.number().min(0).max(1),
  dimensions: z.record(DimensionSchema, z.number().min(0).max(1)),
  firstEventTime: isoTime,
  lastEventTime: isoTime,
  size: z.number().int().nonnegative().describe('posts in the incident'),
  authors: z.number().int().nonnegative(),
  platforms: z.array(z.string()),
  piiCategories: z.array(z.enum(PII_CATEGORIES)),
  participants: z.array(ParticipantSchema).describe('top participants by role (capped)'),
  forecast: z
    .object({
      finalSize: z.number().int().nonnegative().describe('forecast final number of posts'),
      low: z.number().int().nonnegative().describe('lower bound of the 80% interval'),
      high: z.number().int().nonnegative().describe('upper bound of the 80% interval'),
      observedAt: isoTime.describe('event time the forecast was made at'),
    })
    .nullable()
    .describe('cascade/forecast: the final size of the incident, with its 80% interval; null before it has one'),
  linkedIncidents: z
    .array(z.object({ incidentId: z.string(), partition: z.number().int().nonnegative() }))
    .optional()
    .describe(
      'incidents on other input partitions joined to this one by a shared link key (kafka.links); absent when none',
    ),
  deletedPosts: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('posts of the incident deleted on their platform (no longer command targets); absent when none'),
});

export const DeadLetterRecordSchema = z.object({
  schema: z.literal(SCHEMAS.deadLetter),
  id: z.string(),
  reason: z.string().describe('a DG_DLQ_* reason code'),
  message: z.string(),
  position: z.union([
    z.object({ kind: z.literal('file'), file: z.string(), line: z.number().int() }),
    z.object({ kind: z.literal('stdin'), line: z.number().int() }),
    z.object({ kind: z.literal('kafka'), topic: z.string(), partition: z.number().int(), offset: z.string() }),
    z.object({ kind: z.literal('stream'), stream: z.string(), seq: z.number().int() }),
  ]),
  key: z.string().nullable().describe('source key (utf8), when the source has one'),
  value: z.string().nullable().describe('the original bytes: utf8 text, or base64 when not valid utf8'),
  valueEncoding: z.enum(['utf8', 'base64']),
  eventTime: isoTime.nullable().describe('when the record had a parseable time'),
});

export type AlertRecord = z.infer<typeof AlertRecordSchema>;
export type InterventionRecord = z.infer<typeof InterventionRecordSchema>;
export type IncidentRecord = z.infer<typeof IncidentRecordSchema>;
export type DeadLetterRecord = z.infer<typeof DeadLetterRecordSchema>;
export type Participant = z.infer<typeof ParticipantSchema>;

export const OutputRecordSchema = z.discriminatedUnion('schema', [
  AlertRecordSchema,
  InterventionRecordSchema,
  IncidentRecordSchema,
  DeadLetterRecordSchema,
]);
export type OutputRecord = z.infer<typeof OutputRecordSchema>;

/** Which channel (file / topic) a record goes to. */
export type Channel = 'alerts' | 'interventions' | 'incidents' | 'dlq';
export function channelOf(record: OutputRecord): Channel {
  switch (record.schema) {
    case SCHEMAS.alert:
      return 'alerts';
    case SCHEMAS.intervention:
      return 'interventions';
    case SCHEMAS.incident:
      return 'incidents';
    case SCHEMAS.deadLetter:
      return 'dlq';
  }
}

/** The Kafka key of a record: incidentId, or the source key for dead letters. */
export function keyOf(record: OutputRecord): string | null {
  return record.schema === SCHEMAS.deadLetter ? record.key : record.incidentId;
}
