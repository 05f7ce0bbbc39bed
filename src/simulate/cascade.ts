import type { EventKind, Mention } from '../contract/index.js';
import type { Rng } from '../util/index.js';
import { MinHeap } from './heap.js';
import type { SimPlatform } from './options.js';
import { authorId, followersOf, makePostId, PLATFORM_SHAPES, postUrl } from './platforms.js';

/** Something the merger can pull time-ordered lines from. */
export interface Source {
  /** event time of the next line, Infinity when exhausted */
  time: number;
  /** produce the line due at `time` (or null when the step only did bookkeeping) and advance */
  step(): string | null;
}

/** The mutable event a content model fills in. */
export interface Draft {
  kind: EventKind;
  authorId: string;
  authorFollowers: number;
  text: string;
  urls: string[] | undefined;
  mediaHashes: string[] | undefined;
  mentions: Mention[] | undefined;
  /** BCP 47 tag; defaults to the platform's language when the post has text */
  lang: string | undefined;
}

export interface PostRef {
  readonly platform: SimPlatform;
  readonly postId: string;
  readonly authorId: string;
  readonly time: number;
  readonly eventId: string;
  /** index within the cascade, 0 for the root */
  readonly index: number;
  readonly url: string;
}

/** Decides who posts what in one cascade. */
export interface ContentModel {
  root(d: Draft, rng: Rng): void;
  /** fill a non-root event; d.kind holds the platform's usual kind and may be changed (not to 'post') */
  child(d: Draft, index: number, parent: string, rng: Rng): void;
  /** after each event is written */
  emitted?(post: PostRef): void;
}

/** Counters shared by every cascade of one run, so ids are unique. */
export interface IdCounters {
  serial: Record<SimPlatform, number>;
  fresh: number;
}

export interface CascadeSpec {
  readonly platform: SimPlatform;
  readonly start: number;
  readonly end: number;
  /** target number of events, root included; fewer when the window ends first */
  readonly size: number;
  /** Lomax memory kernel of reaction delays: scale (ms) and shape */
  readonly kernelScaleMs: number;
  readonly kernelShape: number;
  /** mean direct reshares per event for an account of median reach */
  readonly branching: number;
  /** share of the events that reshare the root directly (broadcast vs. viral) */
  readonly rootShare: number;
  readonly rng: Rng;
  readonly counters: IdCounters;
  readonly content: ContentModel;
  readonly onEvent?: (post: PostRef) => void;
  readonly onDone?: (emitted: number, root: PostRef | null) => void;
}

/** Zipf exponent of who acts: a few accounts are very active, most rarely. */
export const ACTIVITY_ZIPF = 0.7;

interface Slot {
  readonly parent: string;
  readonly depth: number;
}

/**
 * One cascade as a self-exciting (Hawkes) branching process in its cluster
 * form: every event schedules its own offspring after power-law delays, more
 * of them when its author has a large reach, so activity comes in bursts that
 * decay. Pending offspring sit in a heap and are emitted in time order, so the
 * cascade streams with memory bounded by its size budget.
 */
export class Cascade implements Source {
  time: number;
  private readonly pending = new MinHeap<Slot>();
  private scheduled = 1;
  private emittedCount = 0;
  private root: PostRef | null = null;
  private lastTime: number;

  constructor(private readonly spec: CascadeSpec) {
    this.time = spec.start <= spec.end ? spec.start : Infinity;
    this.lastTime = spec.start;
    if (this.time !== Infinity) this.pending.push(spec.start, { parent: '', depth: 0 });
  }

  step(): string | null {
    const spec = this.spec;
    const rng = spec.rng;
    const t = this.pending.peekKey();
    const slot = this.pending.pop()!;
    const shape = PLATFORM_SHAPES[spec.platform];
    const index = this.emittedCount;
    const authorIndex = rng.zipf(shape.population, ACTIVITY_ZIPF);
    const draft: Draft = {
      kind: index === 0 ? 'post' : rng.weighted(shape.kinds),
      authorId: authorId(spec.platform, authorIndex),
      authorFollowers: followersOf(spec.platform, authorIndex),
      text: '',
      urls: undefined,
      mediaHashes: undefined,
      mentions: undefined,
      lang: undefined,
    };
    if (index === 0) spec.content.root(draft, rng);
    else spec.content.child(draft, index, slot.parent, rng);
    if (draft.kind === 'repost' && !shape.repostText) draft.text = '';

    const postId = makePostId(spec.platform, spec.counters.serial[spec.platform]++, rng);
    const eventId = `ev_${spec.platform}_${postId}`;
    const hasText = draft.text !== '';
    // one object shape for every event (undefined fields are left out by JSON.stringify): faster than adding keys
    const ev = {
      eventId,
      platform: spec.platform,
      kind: draft.kind,
      postId,
      parentId: index > 0 ? slot.parent : undefined,
      rootId: shape.sendsRootId ? (this.root?.postId ?? postId) : undefined,
      authorId: draft.authorId,
      authorFollowers: draft.authorFollowers,
      createdAt: shape.isoTime ? new Date(t).toISOString() : t,
      text: hasText ? draft.text : undefined,
      urls: draft.urls,
      mediaHashes: draft.mediaHashes,
      lang: hasText ? (draft.lang ?? (shape.lang === 'zh' ? 'zh-CN' : 'en')) : undefined,
      mentions: draft.mentions,
    };
    const line = JSON.stringify(ev);

    const needsUrl = index === 0 || spec.content.emitted !== undefined;
    const url = needsUrl ? postUrl(spec.platform, postId, draft.authorId) : '';
    const ref: PostRef = { platform: spec.platform, postId, authorId: draft.authorId, time: t, eventId, index, url };
    if (index === 0) this.root = ref;
    this.emittedCount++;
    this.lastTime = t;
    spec.content.emitted?.(ref);
    spec.onEvent?.(ref);
    this.schedule(t, postId, slot.depth, draft.authorFollowers, index === 0);
    this.time = this.pending.peekKey();
    if (this.time === Infinity) spec.onDone?.(this.emittedCount, this.root);
    return line;
  }

  private schedule(t: number, postId: string, depth: number, followers: number, isRoot: boolean): void {
    const spec = this.spec;
    const rng = spec.rng;
    const budget = spec.size - this.scheduled;
    if (budget <= 0) return;
    const reach = Math.min(3, Math.max(0.4, Math.pow((followers + 1) / 1000, 0.2)));
    let k = isRoot ? Math.max(1, Math.round((spec.size - 1) * spec.rootShare)) : rng.poisson(spec.branching * reach);
    k = Math.min(k, budget);
    for (let i = 0; i < k; i++) {
      const when = t + 1000 + Math.floor(rng.lomax(spec.kernelScaleMs, spec.kernelShape));
      this.scheduled++;
      if (when <= spec.end) this.pending.push(when, { parent: postId, depth: depth + 1 });
    }
    // extinct before reaching its size: a late reshare of the root rekindles it
    if (this.pending.size === 0 && this.scheduled < spec.size && this.root !== null) {
      const when = this.lastTime + 1000 + Math.floor(rng.lomax(spec.kernelScaleMs * 4, spec.kernelShape));
      this.scheduled++;
      if (when <= spec.end) this.pending.push(when, { parent: this.root.postId, depth: 1 });
    }
  }
}
