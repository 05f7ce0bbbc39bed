import { hash } from 'node:crypto';
import type { OutputRecord } from '../contract/index.js';
import { canonicalOf } from '../util/index.js';

/**
 * The evidence chain: one entry per alert, command, notice and verdict, each
 * holding the hash of the one before, so an edited, dropped or reordered
 * entry breaks the chain. Entries keep ids, hashes, rule and reason codes and
 * evidence ids (event ids and PII fingerprints); never text, snippets or raw
 * values. `digest` is the SHA-256 of the whole output record, so the record
 * itself (kept by the platform) can be proven to be the one logged.
 */
export const EVIDENCE_SCHEMA = 'doxguard.evidence/1';
export const GENESIS = '0'.repeat(64);

export type EvidenceKind = 'alert' | 'command' | 'shadow_command' | 'notice' | 'verdict';

/** What is recorded, before chaining. */
export interface EvidenceBody {
  readonly kind: EvidenceKind;
  readonly recordId: string;
  readonly incidentId: string | null;
  readonly eventTime: string;
  /** SHA-256 of the canonical JSON of the record this entry stands for */
  readonly digest: string;
  readonly facts: Readonly<Record<string, string | number | boolean | null | readonly string[]>>;
  readonly reasons: readonly { detector: string; code: string; evidence: readonly string[] }[];
}

export interface EvidenceEntry extends EvidenceBody {
  readonly schema: typeof EVIDENCE_SCHEMA;
  readonly seq: number;
  readonly prev: string;
  /** present (true) on every entry of a replay's own chain: what a replay decided, never sent to a platform */
  readonly replay?: true;
  readonly hash: string;
}

/** JSON with object keys sorted at every level: one byte string per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

/** One-shot (crypto.hash): the digest a createHash object gives, without the object; runs several times per entry. */
export const sha256 = (s: string): string => hash('sha256', s, 'hex');

/** The hash of an entry: over every field but `hash` itself (so `prev` and `seq` are covered). */
export function entryHash(entry: Omit<EvidenceEntry, 'hash'>): string {
  return sha256(canonicalJson(entry));
}

export function chain(body: EvidenceBody, seq: number, prev: string, replay = false): EvidenceEntry {
  const unsigned: Omit<EvidenceEntry, 'hash'> = {
    schema: EVIDENCE_SCHEMA,
    seq,
    prev,
    ...(replay ? { replay: true as const } : {}),
    ...body,
  };
  return { ...unsigned, hash: entryHash(unsigned) };
}

/** The body recorded for an output record (alerts and commands; other records are not evidence). */
export function bodyOfRecord(record: OutputRecord, shadow = false): EvidenceBody | null {
  // incident snapshots and dead letters are not evidence: not hashed either (a snapshot is the largest record)
  if (record.schema !== 'doxguard.alert/1' && record.schema !== 'doxguard.intervention/1') return null;
  // contentId serialised the record canonically already (the same bytes): hash that, when it is this record
  const digest = sha256(canonicalOf(record) ?? canonicalJson(record));
  if (record.schema === 'doxguard.alert/1')
    return {
      kind: 'alert',
      recordId: record.id,
      incidentId: record.incidentId,
      eventTime: record.eventTime,
      digest,
      facts: {
        level: record.level,
        previousLevel: record.previousLevel,
        score: record.score,
        piiCategories: record.piiCategories,
        rootIds: record.rootIds,
        shadow: record.shadow,
      },
      reasons: bodyReasons(record.reasons),
    };
  return {
    kind: shadow ? 'shadow_command' : 'command',
    recordId: record.id,
    incidentId: record.incidentId,
    eventTime: record.eventTime,
    digest,
    facts: {
      action: record.action,
      rule: record.rule,
      lifts: record.lifts,
      ttlSeconds: record.ttlSeconds,
      expiresAt: record.expiresAt,
      targets: record.targets.map((t) => `${t.platform}:${t.postIds.length}:${sha256(t.postIds.join('\n'))}`),
      rootIds: record.rootIds,
    },
    reasons: bodyReasons(record.reasons),
  };
}

type BodyReasons = EvidenceBody['reasons'];
/** the last record reasons list bodyReasons mapped, and what it made of it */
let lastFrom: readonly { detector: string; code: string; evidence: string[] }[] | null = null;
let lastBody: BodyReasons = [];

/**
 * A record's reasons as an entry keeps them. The body is serialised at once (prepareBody) and records are never
 * changed: the evidence arrays are shared, and so is the list made for the previous record when this one holds
 * the very same reasons (one evaluation's commands do: src/policy/records.ts), which prepareBody then writes once.
 */
function bodyReasons(from: readonly { detector: string; code: string; evidence: string[] }[]): BodyReasons {
  if (from !== lastFrom) {
    lastBody = from.map((x) => ({ detector: x.detector, code: x.code, evidence: x.evidence }));
    lastFrom = from;
  }
  return lastBody;
}

/** Why a chain fails verification. */
export type ChainBreak = 'unparseable' | 'schema' | 'hash_mismatch' | 'broken_link' | 'sequence';

/**
 * Checks one entry against the one before it (or the genesis): its own hash,
 * its link to the previous hash, and its sequence number.
 */
export function checkLink(entry: EvidenceEntry, prev: { seq: number; hash: string } | null): ChainBreak | null {
  if (entry.schema !== EVIDENCE_SCHEMA || typeof entry.hash !== 'string') return 'schema';
  const { hash, ...unsigned } = entry;
  if (entryHash(unsigned) !== hash) return 'hash_mismatch';
  const expectedPrev = prev?.hash ?? GENESIS;
  if (entry.prev !== expectedPrev) return 'broken_link';
  if (entry.seq !== (prev ? prev.seq + 1 : 0)) return 'sequence';
  return null;
}
