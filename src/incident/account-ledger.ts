import type { PiiCategory } from '../contract/index.js';
import { emptyMap, emptySet, ownMap, ownSet } from '../util/index.js';

/** Most accounts remembered per incident, per kind: a viral incident has tens of thousands of authors. */
const MAX_ACCOUNTS = 2000;
const MAX_TEXTS = 4000;
const MAX_EVIDENCE = 5;
/** Most authors remembered per text: enough to see a burst of any configurable size. */
const MAX_AUTHORS_PER_TEXT = 64;

/** How an account became the incident's target. */
export type TargetVia = 'mentioned' | 'handle_disclosed' | 'notice';

export interface TargetEntry {
  readonly platform: string;
  readonly accountId: string | null;
  readonly handleFingerprint: string | null;
  readonly via: TargetVia;
  readonly firstTime: number;
  /** posts naming or disclosing it, and notices about it */
  count: number;
  readonly evidence: string[];
}

/** An author in an incident. Read-only outside the ledger: every change goes through its methods (see `version`). */
export interface ParticipantEntry {
  readonly platform: string;
  readonly accountId: string;
  readonly firstTime: number;
  /** when the account was created (epoch ms), when its platform said so */
  readonly createdAt: number | null;
  readonly posts: number;
  /** categories of personal information its posts disclosed (the shared empty Set until one: addDisclosure) */
  readonly disclosures: ReadonlySet<PiiCategory>;
  /** event ids of its posts that disclosed, called to harass, or repeated others' text */
  readonly evidence: readonly string[];
  readonly mobilising: boolean;
  readonly coordinated: boolean;
}

/** The ledger's own, writable view of an entry. */
type Participant = {
  -readonly [K in keyof ParticipantEntry]: ParticipantEntry[K];
} & { disclosures: Set<PiiCategory>; evidence: string[] };

/** The first sign that the target is a minor: the cue's kind and the event that carried it. */
type Minor = { readonly cue: string; readonly eventId: string; readonly time: number };

/** One author's use of some words: when, and the post. */
export interface TextUse {
  readonly time: number;
  readonly eventId: string;
}

const push = (list: string[], id: string): void => {
  if (list.length < MAX_EVIDENCE && !list.includes(id)) list.push(id);
};

/**
 * Who an incident is about and who drives it, for the account-level commands (src/policy/accounts.ts).
 * Holds ids as the input names them and keyed fingerprints, never text: a copied text is remembered by a
 * hash of it. Bounded per incident; merged with the incident.
 */
export class AccountLedger {
  // Most incidents name no target and repeat no words: those maps stay the shared empty one (src/util/empty.ts).
  targets = emptyMap<string, TargetEntry>();
  readonly participants: ReadonlyMap<string, ParticipantEntry> = new Map<string, Participant>();
  /**
   * Bumped by every change to what the account decisions read (targets, participants, minor): while it stays
   * the same, so do an incident's ranked candidates (src/policy/accounts.ts keeps them between evaluations).
   */
  version = 0;
  private minorSign: Minor | null = null;
  /** text hash → who posted those words, when, in which post (coordination: the same words from several accounts) */
  texts = emptyMap<string, Map<string, TextUse>>();
  /** post node key → hash of its own words: a reshare that repeats what it reshares is a copy, not coordination */
  postTexts = emptyMap<string, string>();

  /** the first sign that the target is a minor: the cue's kind and the event that carried it */
  get minor(): Minor | null {
    return this.minorSign;
  }
  set minor(sign: Minor | null) {
    this.minorSign = sign;
    this.version++;
  }

  private get own(): Map<string, Participant> {
    return this.participants as Map<string, Participant>;
  }

  target(entry: Omit<TargetEntry, 'count' | 'evidence'>, evidence: string): void {
    const key = `${entry.platform}\u0000${entry.accountId ?? `#${entry.handleFingerprint}`}`;
    this.version++;
    const known = this.targets.get(key);
    if (known) {
      known.count++;
      push(known.evidence, evidence);
      return;
    }
    if (this.targets.size >= MAX_ACCOUNTS) return;
    (this.targets = ownMap(this.targets)).set(key, { ...entry, count: 1, evidence: [evidence] });
  }

  participant(platform: string, accountId: string, time: number, createdAt: number | null): ParticipantEntry | null {
    const key = `${platform}\u0000${accountId}`;
    let p = this.own.get(key);
    if (p) {
      if (p.createdAt === null && createdAt !== null) {
        p.createdAt = createdAt;
        this.version++;
      }
    } else {
      if (this.participants.size >= MAX_ACCOUNTS) return null;
      this.version++;
      p = {
        platform,
        accountId,
        firstTime: time,
        createdAt,
        posts: 0,
        disclosures: emptySet(),
        evidence: [],
        mobilising: false,
        coordinated: false,
      };
      this.own.set(key, p);
    }
    return p;
  }

  /** Counts a post of `p`'s. */
  posted(p: ParticipantEntry, posts = 1): void {
    (p as Participant).posts += posts;
    this.version++;
  }

  /** `p` called to find or harass the target. */
  mobilised(p: ParticipantEntry): void {
    if (p.mobilising) return;
    (p as Participant).mobilising = true;
    this.version++;
  }

  /** `p` posted the same words as other accounts in concert; false when it was known to. */
  coordinated(p: ParticipantEntry): boolean {
    if (p.coordinated) return false;
    (p as Participant).coordinated = true;
    this.version++;
    return true;
  }

  /**
   * Records that `author` posted words with this hash at `time` in `eventId`; returns every author who posted
   * them within `windowMs` of that time (each with its own post), or null when the ledger is full.
   */
  text(hash: string, author: string, time: number, eventId: string, windowMs: number): [string, TextUse][] | null {
    let uses = this.texts.get(hash);
    if (!uses) {
      if (this.texts.size >= MAX_TEXTS) return null;
      (this.texts = ownMap(this.texts)).set(hash, (uses = new Map()));
    }
    if (!uses.has(author)) {
      if (uses.size >= MAX_AUTHORS_PER_TEXT)
        // make room: forget the use furthest from this one in time
        for (const [a, u] of uses) if (Math.abs(u.time - time) > windowMs) uses.delete(a);
      if (uses.size < MAX_AUTHORS_PER_TEXT) uses.set(author, { time, eventId });
    }
    return [...uses].filter(([, u]) => Math.abs(u.time - time) <= windowMs);
  }

  /** Remembers the hash of a post's own words (bounded), for telling copies from coordination. */
  postText(nodeKey: string, hash: string): void {
    if (this.postTexts.size < MAX_TEXTS) (this.postTexts = ownMap(this.postTexts)).set(nodeKey, hash);
  }

  /** Records that `p` disclosed `category`. */
  addDisclosure(p: ParticipantEntry, category: PiiCategory): void {
    if (p.disclosures.has(category)) return;
    const own = p as Participant;
    (own.disclosures = ownSet(own.disclosures)).add(category);
    this.version++;
  }

  evidenceOf(p: ParticipantEntry, eventId: string): void {
    push((p as Participant).evidence, eventId);
    this.version++;
  }

  /** Takes another incident's ledger in (the incidents merged). */
  absorb(other: AccountLedger): void {
    this.version++;
    for (const [k, t] of other.targets) {
      const mine = this.targets.get(k);
      if (!mine) (this.targets = ownMap(this.targets)).set(k, t);
      else {
        mine.count += t.count;
        for (const e of t.evidence) push(mine.evidence, e);
      }
    }
    for (const [k, p] of other.own) {
      const mine = this.own.get(k);
      if (!mine) this.own.set(k, p);
      else {
        mine.posts += p.posts;
        mine.createdAt ??= p.createdAt;
        for (const c of p.disclosures) this.addDisclosure(mine, c);
        for (const e of p.evidence) push(mine.evidence, e);
        mine.mobilising ||= p.mobilising;
        mine.coordinated ||= p.coordinated;
      }
    }
    for (const [h, uses] of other.texts) for (const [a, u] of uses) this.text(h, a, u.time, u.eventId, Infinity);
    for (const [k, h] of other.postTexts) this.postText(k, h);
    if (other.minor && (!this.minor || other.minor.time < this.minor.time)) this.minorSign = other.minor;
  }
}
