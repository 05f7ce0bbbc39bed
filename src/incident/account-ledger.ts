import type { PiiCategory } from '../contract/index.js';
import { append, emptyMap, emptySet, ownMap, ownSet } from '../util/index.js';

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

/** A participant's evidence until its first: one shared frozen list (written only through `withEvidence`). */
const NO_EVIDENCE: string[] = Object.freeze([]) as unknown as string[];

/** `list` with `id` added (a new exact-size list while short: util append), or `list` when it has it or is full. */
const withEvidence = (list: string[], id: string): string[] =>
  list.length < MAX_EVIDENCE && !list.includes(id) ? append(list, id) : list;

/** Whether `p` drives the incident: it disclosed, called to harass, or repeated others' words in concert. */
const driving = (p: ParticipantEntry): boolean => p.disclosures.size > 0 || p.mobilising || p.coordinated;

const NO_DRIVERS: readonly ParticipantEntry[] = Object.freeze([]);

/** From this many participants on, a ledger finds one through an index by account id, not by a scan. */
const INDEXED = 9;

/**
 * Who an incident is about and who drives it, for the account-level commands (src/policy/accounts.ts).
 * Holds ids as the input names them and keyed fingerprints, never text: a copied text is remembered by a
 * hash of it. Bounded per incident; merged with the incident.
 *
 * Most incidents are one post by one author: the ledger holds its first participant and its first post's text
 * hash in fields of its own, a list of participants from a second on (found by a scan), and an index by
 * account id only from INDEXED participants on (no key string per participant: the id is the input's own
 * string). A Map of one entry costs ~250 bytes, a `platform\0account` key ~40 per participant, kept as long
 * as the incident lives. Participants keep their order of arrival.
 */
export class AccountLedger {
  // Most incidents name no target and repeat no words: those maps stay the shared empty one (src/util/empty.ts).
  targets = emptyMap<string, TargetEntry>();
  /** the participants in order of arrival: none, the one itself, or a list from a second on */
  private people: Participant | Participant[] | null = null;
  /**
   * from INDEXED participants on: each account id's first participant (an id seen on two platforms is found
   * by a scan for the second)
   */
  private index: Map<string, Participant> | null = null;
  /**
   * The participants that drive the incident (disclosed, called to harass, or repeated others' words in
   * concert), in the order they began to: the only ones an account command can be wanted for. Null until one.
   */
  private drivers: Participant[] | null = null;
  /**
   * Bumped by every change to what the account decisions read (targets, the drivers, minor): while it stays
   * the same, so do an incident's ranked candidates (src/policy/accounts.ts keeps them between evaluations).
   * A participant that drives nothing is read by none of them: its arrival and its posts leave it as it is,
   * so the ranked candidates of an incident in force survive its ordinary reshares.
   */
  version = 0;
  private minorSign: Minor | null = null;
  /** text hash → who posted those words, when, in which post (coordination: the same words from several accounts) */
  texts = emptyMap<string, Map<string, TextUse>>();
  /**
   * post node key → hash of its own words: a reshare that repeats what it reshares is a copy, not coordination.
   * The first post's in two fields; from a second on, every one in `postTexts` (the first first).
   */
  private firstPost: string | null = null;
  private firstPostText: string | null = null;
  private postTexts: Map<string, string> | null = null;

  /** the first sign that the target is a minor: the cue's kind and the event that carried it */
  get minor(): Minor | null {
    return this.minorSign;
  }
  set minor(sign: Minor | null) {
    this.minorSign = sign;
    this.version++;
  }

  /** How many participants the ledger holds. */
  get participantCount(): number {
    const p = this.people;
    return p === null ? 0 : Array.isArray(p) ? p.length : 1;
  }

  /** Every participant, in order of arrival. */
  participantList(): Iterable<ParticipantEntry> {
    const p = this.people;
    return p === null ? [] : Array.isArray(p) ? p : [p];
  }

  /** The participants that drive the incident (see `drivers`), in the order they began to. */
  driverList(): readonly ParticipantEntry[] {
    return this.drivers ?? NO_DRIVERS;
  }

  /** `p` now drives the incident: listed once, and what the decisions read changed. */
  private drives(p: Participant, was: boolean): void {
    this.version++;
    if (!was) (this.drivers ??= []).push(p);
  }

  /** The participant `accountId` on `platform`, if the ledger holds it. */
  participantOf(platform: string, accountId: string): ParticipantEntry | undefined {
    return this.find(platform, accountId);
  }

  private find(platform: string, accountId: string): Participant | undefined {
    const people = this.people;
    if (people === null) return undefined;
    if (!Array.isArray(people))
      return people.accountId === accountId && people.platform === platform ? people : undefined;
    if (this.index !== null) {
      const p = this.index.get(accountId);
      if (p === undefined || p.platform === platform) return p;
    }
    for (let i = 0; i < people.length; i++) {
      const p = people[i]!;
      if (p.accountId === accountId && p.platform === platform) return p;
    }
    return undefined;
  }

  /** Adds a participant the ledger does not hold (the first as itself, a second makes the list). */
  private add(p: Participant): void {
    const people = this.people;
    if (people === null) this.people = p;
    else if (!Array.isArray(people)) this.people = [people, p];
    else {
      const list = (this.people = append(people, p));
      if (this.index !== null) {
        if (!this.index.has(p.accountId)) this.index.set(p.accountId, p);
      } else if (list.length >= INDEXED) {
        this.index = new Map();
        for (const q of list) if (!this.index.has(q.accountId)) this.index.set(q.accountId, q);
      }
    }
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
    let p = this.find(platform, accountId);
    if (p) {
      if (p.createdAt === null && createdAt !== null) {
        p.createdAt = createdAt;
        if (driving(p)) this.version++;
      }
    } else {
      if (this.participantCount >= MAX_ACCOUNTS) return null;
      p = {
        platform,
        accountId,
        firstTime: time,
        createdAt,
        posts: 0,
        disclosures: emptySet(),
        evidence: NO_EVIDENCE,
        mobilising: false,
        coordinated: false,
      };
      this.add(p);
    }
    return p;
  }

  /** Counts a post of `p`'s. */
  posted(p: ParticipantEntry, posts = 1): void {
    (p as Participant).posts += posts;
    if (driving(p)) this.version++;
  }

  /** `p` called to find or harass the target. */
  mobilised(p: ParticipantEntry): void {
    if (p.mobilising) return;
    const was = driving(p);
    (p as Participant).mobilising = true;
    this.drives(p as Participant, was);
  }

  /** `p` posted the same words as other accounts in concert; false when it was known to. */
  coordinated(p: ParticipantEntry): boolean {
    if (p.coordinated) return false;
    const was = driving(p);
    (p as Participant).coordinated = true;
    this.drives(p as Participant, was);
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
    if (this.postTexts !== null) {
      if (this.postTexts.size < MAX_TEXTS) this.postTexts.set(nodeKey, hash);
    } else if (this.firstPost === null || this.firstPost === nodeKey) {
      this.firstPost = nodeKey;
      this.firstPostText = hash;
    } else
      this.postTexts = new Map([
        [this.firstPost, this.firstPostText!],
        [nodeKey, hash],
      ]);
  }

  /** The hash of the words of post `nodeKey`, if remembered. */
  postTextOf(nodeKey: string): string | undefined {
    if (this.postTexts !== null) return this.postTexts.get(nodeKey);
    return nodeKey === this.firstPost ? this.firstPostText! : undefined;
  }

  /** Records that `p` disclosed `category`. */
  addDisclosure(p: ParticipantEntry, category: PiiCategory): void {
    if (p.disclosures.has(category)) return;
    const own = p as Participant;
    const was = driving(own);
    (own.disclosures = ownSet(own.disclosures)).add(category);
    this.drives(own, was);
  }

  evidenceOf(p: ParticipantEntry, eventId: string): void {
    const own = p as Participant;
    own.evidence = withEvidence(own.evidence, eventId);
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
    for (const p of other.participantList() as Iterable<Participant>) {
      const mine = this.find(p.platform, p.accountId);
      if (!mine) this.add(p);
      else {
        mine.posts += p.posts;
        mine.createdAt ??= p.createdAt;
        for (const c of p.disclosures) this.addDisclosure(mine, c);
        for (const e of p.evidence) mine.evidence = withEvidence(mine.evidence, e);
        mine.mobilising ||= p.mobilising;
        mine.coordinated ||= p.coordinated;
      }
    }
    // the drivers again, in order of arrival (the two lists' orders cannot be interleaved by when each began)
    this.drivers = null;
    for (const p of this.participantList() as Iterable<Participant>) if (driving(p)) (this.drivers ??= []).push(p);
    for (const [h, uses] of other.texts) for (const [a, u] of uses) this.text(h, a, u.time, u.eventId, Infinity);
    if (other.postTexts !== null) for (const [k, h] of other.postTexts) this.postText(k, h);
    else if (other.firstPost !== null) this.postText(other.firstPost, other.firstPostText!);
    if (other.minor && (!this.minor || other.minor.time < this.minor.time)) this.minorSign = other.minor;
  }
}
