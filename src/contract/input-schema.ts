import { z } from 'zod';

/**
 * Input contract, schema 1 (README "The event contract (schema 1)"). The zod
 * schemas here are the source of the TypeScript types and of the JSON Schema
 * that `doxguard schema` prints. Unknown fields are stripped (ignored).
 */

export const LIMITS = {
  idMax: 256,
  textMaxBytes: 64 * 1024,
  urlMax: 2048,
  urlsMax: 64,
  mediaHashesMax: 32,
  mentionsMax: 64,
  langMax: 35,
  /** the whole encoded record; larger values are dead-lettered before parsing */
  recordMaxBytes: 256 * 1024,
} as const;

const id = z.string().min(1).max(LIMITS.idMax);
/** A platform name; also checked by the decode fast path (src/decode/fast-event.ts). */
export const PLATFORM_PATTERN = /^[a-z0-9_-]{1,32}$/;
export const PlatformSchema = z.string().regex(PLATFORM_PATTERN, 'platform must match [a-z0-9_-]{1,32}');

/** RFC 3339 (with offset or Z) or epoch milliseconds. Parsed later by decode/time. */
export const EventTimeSchema = z.union([
  z.string().max(64).describe('RFC 3339 timestamp, e.g. 2026-01-02T03:04:05.678Z'),
  z.number().int().nonnegative().describe('epoch milliseconds'),
]);

export const MentionSchema = z.object({
  accountId: id,
  publicFigure: z.boolean().optional(),
});

export const EventKindSchema = z.enum(['post', 'repost', 'quote', 'reply']);

export const RepostEventSchema = z
  .object({
    type: z.literal('event').optional().describe('only needed when notices/verdicts share the stream'),
    eventId: id.describe('unique per event; the dedupe key'),
    platform: PlatformSchema,
    kind: EventKindSchema,
    postId: id.describe('the post this event creates'),
    parentId: id.nullable().optional().describe('the post it reshares or answers; required unless kind=post'),
    rootId: id.nullable().optional().describe('cascade root, when the platform knows it'),
    authorId: id.describe('pseudonymous author id'),
    authorFollowers: z.number().int().nonnegative().optional(),
    authorCreatedAt: EventTimeSchema.optional().describe(
      "when the author's account was created, as the platform reports it: lets verify_account see fresh accounts",
    ),
    createdAt: EventTimeSchema,
    text: z
      .string()
      .max(LIMITS.textMaxBytes)
      .describe('at most 64 KiB of UTF-8')
      .refine((s) => Buffer.byteLength(s, 'utf8') <= LIMITS.textMaxBytes, {
        message: `text exceeds ${LIMITS.textMaxBytes} bytes`,
      })
      .optional(),
    urls: z.array(z.string().max(LIMITS.urlMax)).max(LIMITS.urlsMax).optional(),
    mediaHashes: z.array(z.string().min(1).max(LIMITS.idMax)).max(LIMITS.mediaHashesMax).optional(),
    lang: z.string().max(LIMITS.langMax).optional(),
    mentions: z.array(MentionSchema).max(LIMITS.mentionsMax).optional(),
  })
  .refine((e) => e.kind === 'post' || (e.parentId !== undefined && e.parentId !== null), {
    message: 'a repost, quote or reply needs a parentId',
    path: ['parentId'],
  });

export const NoticeSchema = z.object({
  type: z.literal('notice'),
  noticeId: id,
  platform: PlatformSchema,
  postId: id,
  receivedAt: EventTimeSchema,
  reporter: z.enum(['victim', 'third_party', 'authority']),
  accountId: id.optional().describe("the account the notice is about (the victim's, as the platform names it)"),
});

export const VerdictSchema = z
  .object({
    type: z.literal('verdict'),
    verdictId: id,
    incidentId: id.optional(),
    commandId: id.optional(),
    decision: z.enum(['confirmed', 'false_positive', 'public_interest']),
    decidedAt: EventTimeSchema,
    reviewer: id.optional().describe('pseudonymous reviewer id'),
  })
  .refine((v) => v.incidentId !== undefined || v.commandId !== undefined, {
    message: 'a verdict names an incidentId or a commandId',
    path: ['incidentId'],
  });

/** A post deleted on its platform: marked deleted in the graph, left out of later commands' targets. */
export const DeletionSchema = z.object({
  type: z.literal('delete'),
  platform: PlatformSchema,
  postId: id,
  deletedAt: EventTimeSchema,
});

export type RepostEventInput = z.infer<typeof RepostEventSchema>;
export type NoticeInput = z.infer<typeof NoticeSchema>;
export type VerdictInput = z.infer<typeof VerdictSchema>;
export type DeletionInput = z.infer<typeof DeletionSchema>;
export type EventKind = z.infer<typeof EventKindSchema>;
export type Mention = z.infer<typeof MentionSchema>;
