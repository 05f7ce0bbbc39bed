import type { IncidentView, Signal, PiiCategory, AlertLevel, Dimension, AccountTarget } from '../contract/index.js';
import { append, emptyMap, emptySet } from '../util/index.js';
import { AccountLedger } from './account-ledger.js';
import { Counts } from './counts.js';

/** A notice attached to an incident: the safe-harbour clock starts at `time`. */
export interface NoticeEntry {
  readonly noticeId: string;
  readonly postKey: string;
  readonly time: number;
  readonly reporter: string;
  /** event time of the first action after the notice, null while pending */
  firstActionTime: number | null;
}

/** An intervention in force, kept so it can be lifted or left to expire. */
export interface ActiveCommand {
  readonly id: string;
  readonly action: string;
  readonly rule: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** ids of the follow-ups extending it (src/policy/follow.ts): they expire and are lifted with it */
  readonly followUps?: string[];
}

/** How far src/policy/follow.ts has read an incident's members for one rule in force. */
export interface FollowCursor {
  /** index into `members` of the first member not yet read */
  next: number;
  /** members read while still placeholders (a parent not seen yet): named once they arrive */
  readonly waiting: Set<string>;
  /** platforms the rule's commands in force act on */
  readonly platforms: Set<string>;
  /** event time of the rule's last command (full or follow-up) */
  lastAt: number;
}

/** The detector states of an incident no detector has stepped yet (shared, frozen: written only after a copy). */
export const NO_STATES: unknown[] = Object.freeze([]) as unknown as unknown[];

/** Every incident's dimensions until its first assessment (replaced, never written into). */
const NO_DIMENSIONS: Readonly<Record<Dimension, number>> = Object.freeze({
  sensitivity: 0,
  spread: 0,
  mobilisation: 0,
  malice: 0,
  publicInterest: 0,
});

/** No keys (shared, frozen). */
const NO_KEYS: readonly string[] = Object.freeze([]);

/** Every incident's notices until its first (replaced, never written into). */
const NO_NOTICES: NoticeEntry[] = Object.freeze([]) as unknown as NoticeEntry[];

/** Every incident's policy memory until its first entry (see `ownPolicyState`; frozen: a write throws). */
const NO_POLICY_STATE: Record<string, number> = Object.freeze({}) as Record<string, number>;

/** Reshares drawn per author until the first (frozen: an `add` throws; see `drew`). */
const NO_REACH: Counts = Object.freeze(new Counts()) as Counts;

/** A Set of one platform shared by every incident on that platform alone: never written into (add throws). */
class OnePlatform extends Set<string> {
  constructor(platform: string) {
    super();
    Set.prototype.add.call(this, platform);
  }
  override add(): this {
    throw new Error('doxguard: write to a shared one-platform Set');
  }
}
/** The shared one-platform Sets, by platform (platforms are input: a bounded few are shared, the rest own one). */
const ONE_PLATFORM = new Map<string, ReadonlySet<string>>();
const ONE_PLATFORM_KEPT = 64;

function onePlatform(platform: string): ReadonlySet<string> {
  let set = ONE_PLATFORM.get(platform);
  if (set === undefined) {
    set = new OnePlatform(platform);
    if (ONE_PLATFORM.size < ONE_PLATFORM_KEPT) ONE_PLATFORM.set(platform, set);
  }
  return set;
}

type Disclosure = { firstTime: number; firstAuthor: string };
type AccountCommand = ActiveCommand & { readonly account: AccountTarget };

/** An incident's fields that few incidents ever write; one object per incident from its first write of one. */
class Rare {
  deletedPosts = 0;
  peers = emptyMap<string, number>();
  disclosures = emptyMap<PiiCategory, Disclosure>();
  noticeEntries: readonly NoticeEntry[] = NO_NOTICES;
  commands = emptyMap<string, ActiveCommand>();
  accountCommands = emptyMap<string, AccountCommand>();
  followCursors = emptyMap<string, FollowCursor>();
  policyState: Readonly<Record<string, number>> = NO_POLICY_STATE;
  snapshotVersion = 0;
  lastSnapshotTime = Number.NEGATIVE_INFINITY;
}
/** Every incident's rare fields until its first write of one (frozen: written only through `write`). */
const NO_RARE: Rare = Object.freeze(new Rare()) as Rare;

/**
 * A live incident: a connected group of linked cascades. Mutable, owned by
 * the incident store; detectors see it through the read-only IncidentView.
 * The collections most incidents never fill (peers, disclosures, commands, …)
 * are the shared empty instance until their first write (src/util/empty.ts):
 * one-post cascades that never carry a signal are most of the live state.
 */
export class Incident implements IncidentView {
  /** node keys of every post (seen or placeholder) in the incident */
  members: string[] = [];
  /** distinct cascade roots in order of appearance: none, the one root itself, or a list from a second on */
  private roots: string | string[] | null = null;
  size = 0;
  /** the platforms of its posts: while one, a Set shared with every incident on that platform alone (addPlatform) */
  platforms: ReadonlySet<string> = emptySet<string>();
  /** posts per author */
  readonly authorPosts = new Counts();
  /** per author, how many reshares/answers their posts drew (kept incrementally: participants' spreaders; see drew) */
  authorReach: Counts = NO_REACH;
  lastTime: number;
  /**
   * each active detector's state, by its index in the pipeline's detector list (src/pipeline/detector-runner.ts);
   * NO_STATES (shared) until the first step, while they are packed and after the incident is merged away
   */
  detectorState: unknown[] = NO_STATES;
  /** the detector states packed into one string (src/util/pack.ts) while the incident is cold; else null */
  packedStates: string | null = null;
  /** the detector runner's step count at this incident's latest step (which incidents are cold) */
  lastStep = 0;
  /** each detector's latest signals, by name in detector order; the shared empty Map while every list is empty */
  signals = emptyMap<string, readonly Signal[]>();
  /** which detectors' lists `signals` leaves out as their usual empty one (src/pipeline/detector-runner.ts) */
  usualEmpty = 0;
  /** most recent seen posts' ids, newest last (output postIds): none, the one post's, or a list from a second on */
  private recent: string | string[] | null = null;
  level: AlertLevel | null = null;
  score = 0;
  /** the latest assessment's dimensions; all zero: the shared NO_DIMENSIONS (see the setter) */
  private dims: Readonly<Record<Dimension, number>> = NO_DIMENSIONS;
  /** who the incident is about and who drives it (account-level commands) */
  readonly accounts = new AccountLedger();
  /** what few incidents ever write (notices, commands, peers, …): the shared NO_RARE until the first write */
  private rare: Rare = NO_RARE;
  /** changed since the last snapshot */
  dirty = true;
  /** a snapshot of this incident has been emitted at least once */
  published = false;
  /** neighbours in the store's recency list (src/incident/recency.ts) */
  older: Incident | null = null;
  newer: Incident | null = null;

  constructor(
    public id: string,
    public firstTime: number,
  ) {
    this.lastTime = firstTime;
  }

  get dimensions(): Readonly<Record<Dimension, number>> {
    return this.dims;
  }
  /** (an assessment of all zeros, as most one-post incidents have, is kept as the shared NO_DIMENSIONS) */
  set dimensions(d: Readonly<Record<Dimension, number>>) {
    this.dims =
      d.sensitivity === 0 && d.spread === 0 && d.mobilisation === 0 && d.malice === 0 && d.publicInterest === 0
        ? NO_DIMENSIONS
        : d;
  }

  /** posts deleted on their platform since they were placed */
  get deletedPosts(): number {
    return this.rare.deletedPosts;
  }
  set deletedPosts(n: number) {
    this.write('deletedPosts', n);
  }
  /** incidents on other input partitions joined to this one through shared link keys: id → partition */
  get peers(): Map<string, number> {
    return this.rare.peers;
  }
  set peers(m: Map<string, number>) {
    this.write('peers', m);
  }
  get disclosures(): Map<PiiCategory, Disclosure> {
    return this.rare.disclosures;
  }
  set disclosures(m: Map<PiiCategory, Disclosure>) {
    this.write('disclosures', m);
  }
  /** the shared frozen empty list until the first notice (written by replacing: `addNotice`) */
  get noticeEntries(): readonly NoticeEntry[] {
    return this.rare.noticeEntries;
  }
  set noticeEntries(list: readonly NoticeEntry[]) {
    this.write('noticeEntries', list);
  }
  get commands(): Map<string, ActiveCommand> {
    return this.rare.commands;
  }
  set commands(m: Map<string, ActiveCommand>) {
    this.write('commands', m);
  }
  /** account-level commands in force, by action and account (src/policy/accounts.ts) */
  get accountCommands(): Map<string, AccountCommand> {
    return this.rare.accountCommands;
  }
  set accountCommands(m: Map<string, AccountCommand>) {
    this.write('accountCommands', m);
  }
  /** per rule in force, what its commands name so far (src/policy/follow.ts); a merge keeps the larger side's */
  get followCursors(): Map<string, FollowCursor> {
    return this.rare.followCursors;
  }
  set followCursors(m: Map<string, FollowCursor>) {
    this.write('followCursors', m);
  }
  /** per-incident policy memory (cooldowns, rule history); owned by src/policy; written through ownPolicyState */
  get policyState(): Readonly<Record<string, number>> {
    return this.rare.policyState;
  }
  get snapshotVersion(): number {
    return this.rare.snapshotVersion;
  }
  set snapshotVersion(n: number) {
    this.write('snapshotVersion', n);
  }
  /** event time of the last published snapshot */
  get lastSnapshotTime(): number {
    return this.rare.lastSnapshotTime;
  }
  set lastSnapshotTime(t: number) {
    this.write('lastSnapshotTime', t);
  }

  /** Writes a rare field: into the incident's own Rare, made on the first write of something but the default. */
  private write<K extends keyof Rare>(k: K, v: Rare[K]): void {
    if (this.rare === NO_RARE) {
      if (v === NO_RARE[k]) return;
      this.rare = new Rare();
    }
    this.rare[k] = v;
  }

  /** distinct cascade roots, in order of appearance (a new list per read while there is one: outputs read it) */
  get rootKeys(): readonly string[] {
    const r = this.roots;
    return r === null ? NO_KEYS : typeof r === 'string' ? [r] : r;
  }

  hasRoot(key: string): boolean {
    const r = this.roots;
    return r !== null && (typeof r === 'string' ? r === key : r.includes(key));
  }

  /** Adds a cascade root (once). */
  addRoot(key: string): void {
    const r = this.roots;
    if (r === null) this.roots = key;
    else if (this.hasRoot(key)) return;
    else this.roots = typeof r === 'string' ? [r, key] : append(r, key);
  }

  /** most recent seen posts' ids, newest last (for output postIds; a new list per read while there is one) */
  get recentPosts(): readonly string[] {
    const r = this.recent;
    return r === null ? NO_KEYS : typeof r === 'string' ? [r] : r;
  }
  set recentPosts(list: readonly string[]) {
    this.recent = list.length === 0 ? null : list.length === 1 ? list[0]! : (list as string[]);
  }

  /** Adds a seen post's id to `recentPosts`; beyond `2 × keep` ids, the newest `keep` are kept. */
  addRecent(postId: string, keep: number): void {
    const r = this.recent;
    if (r === null && keep > 0) this.recent = postId;
    else {
      const list = r === null ? [postId] : typeof r === 'string' ? [r, postId] : append(r, postId);
      this.recentPosts = list.length > keep * 2 ? list.slice(-keep) : list;
    }
  }

  get authors(): number {
    return this.authorPosts.size;
  }

  get notices(): number {
    return this.noticeEntries.length;
  }

  /** Adds a platform to `platforms`: the shared one-platform Set for the first, an own Set from a second on. */
  addPlatform(platform: string): void {
    const s = this.platforms;
    if (s.has(platform)) return;
    if (s.size === 0) this.platforms = onePlatform(platform);
    else if (s.size === 1) this.platforms = new Set([...s, platform]);
    else (s as Set<string>).add(platform);
  }

  /** Counts `n` reshares/answers drawn by `author`'s posts. */
  drew(author: string, n = 1): void {
    if (this.authorReach === NO_REACH) this.authorReach = new Counts();
    this.authorReach.add(author, n);
  }

  /** Adds a notice (a new list: the first is the shared empty one). */
  addNotice(entry: NoticeEntry): void {
    this.noticeEntries = [...this.noticeEntries, entry];
  }

  /** The policy memory to write into: its own object, made on the first write. */
  ownPolicyState(): Record<string, number> {
    if (this.rare.policyState === NO_POLICY_STATE) this.write('policyState', {});
    return this.rare.policyState as Record<string, number>;
  }
}
