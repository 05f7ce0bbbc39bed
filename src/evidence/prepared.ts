import type { Notice, Verdict } from '../contract/index.js';
import { isoTime, sortedJson } from '../util/index.js';
import { canonicalJson, EVIDENCE_SCHEMA, sha256, type EvidenceBody } from './chain.js';

/**
 * An evidence body serialised before it is chained: the canonical JSON of its
 * fields in the three runs that sit between the chain's own fields once the
 * keys are sorted (`digest eventTime facts | hash | incidentId kind | prev |
 * reasons recordId | replay schema seq`). Linking it then costs one sha256
 * and a few string joins, so the expensive part (the record's digest, the
 * canonical JSON) can be done where the record was made: on a worker thread,
 * with only the linking left to the thread that owns the chain. The entry and
 * its line are byte for byte those of `chain` + `canonicalJson` (the chain
 * format is unchanged; tests/unit/evidence/prepared.test.ts).
 */
export interface PreparedBody {
  /** `"digest":…,"eventTime":…,"facts":…` */
  readonly a: string;
  /** `"incidentId":…,"kind":…` */
  readonly b: string;
  /** `"reasons":…,"recordId":…` */
  readonly c: string;
}

/** `"key":value` in sortedJson's bytes (canonicalJson's: tests/unit/util/hash.test.ts); '' for undefined, as it leaves it out */
const member = (key: string, value: unknown): string =>
  value === undefined ? '' : `${JSON.stringify(key)}:${sortedJson(value)}`;
/** the non-empty of the texts, comma-separated (no list made: this runs for every alert and command) */
const join2 = (x: string, y: string): string => (x === '' ? y : y === '' ? x : `${x},${y}`);
const join3 = (x: string, y: string, z: string): string => join2(join2(x, y), z);

/** the last reasons list written, and its member text: the commands of one evaluation share theirs (bodyOfRecord) */
let lastReasons: EvidenceBody['reasons'] | null = null;
let lastText = '';
function reasonsMember(reasons: EvidenceBody['reasons']): string {
  if (reasons !== lastReasons) {
    lastText = member('reasons', reasons);
    lastReasons = reasons;
  }
  return lastText;
}

// each run's members written in their sorted order at once: no object made to be serialised and sorted again
export function prepareBody(body: EvidenceBody): PreparedBody {
  return {
    a: join3(member('digest', body.digest), member('eventTime', body.eventTime), member('facts', body.facts)),
    b: join2(member('incidentId', body.incidentId), member('kind', body.kind)),
    c: join2(reasonsMember(body.reasons), member('recordId', body.recordId)),
  };
}

const SCHEMA_MEMBER = `"schema":${JSON.stringify(EVIDENCE_SCHEMA)}`;

/** The entry's hash and its line in the log (canonical JSON, as `canonicalJson(chain(body, seq, prev, replay))`). */
export function linkPrepared(
  p: PreparedBody,
  seq: number,
  prev: string,
  replay: boolean,
): { readonly hash: string; readonly line: string } {
  // written out, not joined from lists: this runs for every alert and command. `a` (the digest) and `b` (the
  // kind) are never empty; the hash is hex and `seq` an integer: their JSON is the text in quotes or as is
  const rest = `"prev":${JSON.stringify(prev)}${p.c === '' ? '' : `,${p.c}`}${replay ? ',"replay":true' : ''},${SCHEMA_MEMBER},"seq":${seq}`;
  const hash = sha256(`{${p.a},${p.b},${rest}}`);
  return { hash, line: `{${p.a},"hash":"${hash}",${p.b},${rest}}` };
}

/** The body recorded for a takedown notice. */
export function bodyOfNotice(n: Notice, incidentId: string | null): EvidenceBody {
  return {
    kind: 'notice',
    recordId: n.noticeId,
    incidentId,
    eventTime: isoTime(n.time),
    digest: sha256(canonicalJson({ noticeId: n.noticeId, platform: n.platform, postId: n.postId, time: n.time })),
    facts: { platform: n.platform, postId: n.postId, reporter: n.reporter },
    reasons: [],
  };
}

/** The body recorded for a reviewer's verdict. */
export function bodyOfVerdict(v: Verdict, incidentId: string | null): EvidenceBody {
  return {
    kind: 'verdict',
    recordId: v.verdictId,
    incidentId,
    eventTime: isoTime(v.time),
    digest: sha256(canonicalJson({ verdictId: v.verdictId, decision: v.decision, time: v.time })),
    facts: { decision: v.decision, commandId: v.commandId, reviewer: v.reviewer },
    reasons: [],
  };
}
