import type { PiiCategory } from '../contract/index.js';
import { append, emptyMap, emptySet, insert2, insertNumbers3, ownMap, ownSet } from '../util/index.js';

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

/**
 * The ledger's own, writable entry of a participant that drives the incident or holds evidence (few of them);
 * the others are held as figures in two flat lists (see AccountLedger).
 */
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

/** No participants yet (shared, frozen: replaced by the first, never written). */
const NO_IDS: readonly string[] = Object.freeze([]);
const NO_FIGURES: readonly number[] = Object.freeze([]);
/** Where participant i's figures are in `figures`: first time, account creation time (NaN: unknown), posts. */
const FIRST = 0;
const CREATED = 1;
const POSTS = 2;

/**
 * Who an incident is about and who drives it, for the account-level commands (src/policy/accounts.ts).
 * Holds ids as the input names them and keyed fingerprints, never text: a copied text is remembered by a
 * hash of it. Bounded per incident; merged with the incident.
 *
 * A participant is known by its index, its place in the order of arrival (`participant` returns it). Nearly
 * every participant only reshares: it is two ids and three figures in two flat lists (the figures unboxed
 * doubles), ~40 bytes, where an object per participant, its first time boxed, cost ~120 (issue 17: 193,324
 * participants held 23 MB of the 300k-event run's heap). A participant that drives the incident or holds
 * evidence (few) gets an entry object of its own, which then holds its figures. The lists are exact-size
 * copies while short; an index by account id is built from INDEXED participants on (below, a scan).
 */
export class AccountLedger {
  // Most incidents name no target and repeat no words: those maps stay the shared empty one (src/util/empty.ts).
  targets = emptyMap<string, TargetEntry>();
  /** participant i's platform at [2i], account id at [2i + 1] */
  private ids = NO_IDS as string[];
  /** participant i's first time at [3i], account creation time at [3i + 1] (NaN: unknown), posts at [3i + 2] */
  private figures = NO_FIGURES as number[];
  /** the participants with an entry of their own (they drive, or hold evidence), by index; null until one */
  private entries: Map<number, Participant> | null = null;
  /**
   * from INDEXED participants on: each account id's first participant (an id seen on two platforms is found
   * by a scan for the second)
   */
  private index: Map<string, number> | null = null;
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
    return this.ids.length / 2;
  }

  /** Participant `i` as it stands: its own entry (live) when it has one, else a new read-only copy. */
  entry(i: number): ParticipantEntry {
    const own = this.entries?.get(i);
    if (own !== undefined) return own;
    const f = this.figures;
    const created = f[3 * i + CREATED]!;
    return {
      platform: this.ids[2 * i]!,
      accountId: this.ids[2 * i + 1]!,
      firstTime: f[3 * i + FIRST]!,
      createdAt: Number.isNaN(created) ? null : created,
      posts: f[3 * i + POSTS]!,
      disclosures: emptySet(),
      evidence: NO_EVIDENCE,
      mobilising: false,
      coordinated: false,
    };
  }

  /** Every participant, in order of arrival. */
  *participantList(): Iterable<ParticipantEntry> {
    for (let i = 0; i < this.participantCount; i++) yield this.entry(i);
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
    const i = this.indexOf(platform, accountId);
    return i === undefined ? undefined : this.entry(i);
  }

  /** The index of participant `accountId` on `platform`, if the ledger holds it. */
  indexOf(platform: string, accountId: string): number | undefined {
    const ids = this.ids;
    if (this.index !== null) {
      const i = this.index.get(accountId);
      if (i === undefined || ids[2 * i] === platform) return i;
    }
    for (let k = 0; k < ids.length; k += 2) if (ids[k + 1] === accountId && ids[k] === platform) return k / 2;
    return undefined;
  }

  /** Adds a participant the ledger does not hold; returns its index. */
  private add(platform: string, accountId: string, time: number, createdAt: number | null, posts: number): number {
    const i = this.participantCount;
    this.ids = insert2(this.ids, 2 * i, platform, accountId);
    this.figures = insertNumbers3(this.figures, 3 * i, time, createdAt ?? NaN, posts);
    if (this.index !== null) {
      if (!this.index.has(accountId)) this.index.set(accountId, i);
    } else if (i + 1 >= INDEXED) {
      this.index = new Map();
      for (let j = 0; j <= i; j++) if (!this.index.has(this.ids[2 * j + 1]!)) this.index.set(this.ids[2 * j + 1]!, j);
    }
    return i;
  }

  /** Participant `i`'s own entry, made from its figures on the first call (it is about to drive or hold evidence). */
  private own(i: number): Participant {
    const known = this.entries?.get(i);
    if (known !== undefined) return known;
    const p = { ...this.entry(i) } as Participant;
    (this.entries ??= new Map()).set(i, p);
    return p;
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

  /**
   * Participant `accountId` on `platform`: its index, added (first seen at `time`) when the ledger does not
   * hold it; null when it does not and the ledger is full. A creation time learnt later is kept.
   */
  participant(platform: string, accountId: string, time: number, createdAt: number | null): number | null {
    const i = this.indexOf(platform, accountId);
    if (i === undefined) {
      if (this.participantCount >= MAX_ACCOUNTS) return null;
      return this.add(platform, accountId, time, createdAt, 0);
    }
    if (createdAt !== null) this.created(i, createdAt);
    return i;
  }

  /** Participant `i`'s account was created at `createdAt`: kept unless a creation time is known already. */
  private created(i: number, createdAt: number): void {
    const own = this.entries?.get(i);
    if (own !== undefined) {
      if (own.createdAt === null) {
        own.createdAt = createdAt;
        if (driving(own)) this.version++;
      }
    } else if (Number.isNaN(this.figures[3 * i + CREATED]!)) this.figures[3 * i + CREATED] = createdAt;
  }

  /** Counts `posts` posts of participant `i`'s. */
  posted(i: number, posts = 1): void {
    const own = this.entries?.get(i);
    if (own === undefined) this.figures[3 * i + POSTS]! += posts;
    else {
      own.posts += posts;
      if (driving(own)) this.version++;
    }
  }

  /** Participant `i` called to find or harass the target. */
  mobilised(i: number): void {
    const p = this.own(i);
    if (p.mobilising) return;
    const was = driving(p);
    p.mobilising = true;
    this.drives(p, was);
  }

  /** Participant `i` posted the same words as other accounts in concert; false when it was known to. */
  coordinated(i: number): boolean {
    const p = this.own(i);
    if (p.coordinated) return false;
    const was = driving(p);
    p.coordinated = true;
    this.drives(p, was);
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

  /** Records that participant `i` disclosed `category`. */
  addDisclosure(i: number, category: PiiCategory): void {
    const own = this.own(i);
    if (own.disclosures.has(category)) return;
    const was = driving(own);
    (own.disclosures = ownSet(own.disclosures)).add(category);
    this.drives(own, was);
  }

  /** Keeps `eventId` as evidence of participant `i`'s (at most MAX_EVIDENCE, once each). */
  evidenceOf(i: number, eventId: string): void {
    const own = this.own(i);
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
    for (let j = 0; j < other.participantCount; j++) {
      const p = other.entry(j);
      const known = this.indexOf(p.platform, p.accountId);
      const i = known ?? this.add(p.platform, p.accountId, p.firstTime, p.createdAt, p.posts);
      const owned = other.entries?.get(j);
      if (known === undefined) {
        // (an entry of its own moves with it: the other ledger is dropped)
        if (owned !== undefined) (this.entries ??= new Map()).set(i, owned);
        continue;
      }
      const mine = this.entries?.get(i);
      if (mine === undefined && owned === undefined) {
        this.posted(i, p.posts);
        if (p.createdAt !== null) this.created(i, p.createdAt);
        continue;
      }
      const own = mine ?? this.own(i);
      own.posts += p.posts;
      own.createdAt ??= p.createdAt;
      for (const c of p.disclosures) if (!own.disclosures.has(c)) (own.disclosures = ownSet(own.disclosures)).add(c);
      for (const e of p.evidence) own.evidence = withEvidence(own.evidence, e);
      own.mobilising ||= p.mobilising;
      own.coordinated ||= p.coordinated;
    }
    // the drivers again, in order of arrival (the two lists' orders cannot be interleaved by when each began)
    this.drivers = null;
    if (this.entries !== null)
      for (let i = 0; i < this.participantCount; i++) {
        const own = this.entries.get(i);
        if (own !== undefined && driving(own)) (this.drivers ??= []).push(own);
      }
    for (const [h, uses] of other.texts) for (const [a, u] of uses) this.text(h, a, u.time, u.eventId, Infinity);
    if (other.postTexts !== null) for (const [k, h] of other.postTexts) this.postText(k, h);
    else if (other.firstPost !== null) this.postText(other.firstPost, other.firstPostText!);
    if (other.minor && (!this.minor || other.minor.time < this.minor.time)) this.minorSign = other.minor;
  }
}
