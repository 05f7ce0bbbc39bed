import type { ForecastInterval } from './forecast-interval.js';
import type { OnlineCalibration } from './forecast-online-options.js';
import { DueHeap } from './forecast-due-heap.js';
import { type CalPoint, type CalRing, learn, learnProvisional, newRing } from './forecast-online-ring.js';

export { OnlineCalibration } from './forecast-online-options.js';
export { type CalPoint, type CalRing, type Provisional, conformalQuantile } from './forecast-online-ring.js';

/**
 * Online conformal calibration of the forecast's 80% interval, per platform, on event time alone.
 *
 * The fitted interval (forecast-interval.ts) is calibrated across six data sets pooled; on a platform whose
 * cascades grow otherwise it covers too little or too much (bench/warning/REPORT.md: ma2016's events grow
 * 6.7× after 1 h, the others at most 2.8×). Here every forecast an incident gets at a knot age of the
 * interval becomes a calibration point; its outcome is the incident's size `horizonSeconds` later, or once
 * no post came for `settleSeconds` (the cascade is over), whichever is first, known when the watermark
 * passes that time. Each side of the interval is then shifted by a conformal quantile of the latest
 * `window` scores of the platform at that knot (conformalized quantile regression, Romano et al. 2019: the
 * fitted bounds are the base; the scores are how far each outcome fell outside them), at a level each side
 * adapts to the misses (adaptive conformal inference with its step size tuned online over a grid: DtACI,
 * forecast-aci.ts), so coverage follows a platform in its first outcomes and when it drifts: the lower side aims at half the misses, the upper side at the
 * rest (the lower bound is never below the posts seen, and many cascades are already over: it often cannot
 * miss its half, and an interval whose sides each miss at most half covers more than asked). Quiet incidents
 * may be calibrated apart (`quietShare`). Before `minPoints` outcomes at a knot the fitted interval holds.
 * Deterministic: the same calls in the same order give the same state; memory is bounded by
 * `maxPlatforms` × knots × `window` scores and `maxPending` incidents awaiting an outcome.
/** An incident with points awaiting their outcome: its size so far and latest post (ms). */
export interface CalPending {
  readonly platform: string;
  posts: number;
  last: number;
  points: CalPoint[];
}

export interface Calibrator {
  nextId: number;
  /** by incident calibration id, in id order */
  pending: Map<number, CalPending>;
  /** platform → knot age (s), negative for the quiet class → ring */
  rings: Map<string, Map<number, CalRing>>;
  /** no point is due before this (ms): a lower bound, so the scan for outcomes runs only when one may be */
  nextDue: number;
  /** watermark of the latest scan (ms): outcomes are learnt at most once per LEARN_EVERY_MS of event time */
  scannedAt: number | null;
}

/**
 * A calibrator's due index, kept beside it (not state: never saved, rebuilt by a full scan): pending incidents
 * by when their next point is due (an outcome or a provisional learning), so a scan visits those alone, and
 * each incident's place in the pending map's order (which a scan follows) and live heap key.
 */
interface DueIndex {
  readonly heap: DueHeap<CalPending>;
  readonly meta: WeakMap<CalPending, DueMeta>;
  seqNext: number;
}
/** An incident's place in the pending map's order, and the key of its live heap entry (none: undefined). */
interface DueMeta {
  readonly seq: number;
  key: number | undefined;
}
const dueIndexes = new WeakMap<Calibrator, DueIndex>();

/** Drops `c`'s due index: its next scan visits every incident (and builds it again). Tests compare both ways. */
export function dropDueIndex(c: Calibrator): void {
  dueIndexes.delete(c);
}

/** Outcomes are looked for at most once per minute of event time: a scan is O(incidents awaiting one). */
export const LEARN_EVERY_MS = 60_000;

export const newCalibrator = (): Calibrator => ({
  nextId: 0,
  pending: new Map(),
  rings: new Map(),
  nextDue: Infinity,
  scannedAt: null,
});

const due = (p: CalPending, x: CalPoint, o: OnlineCalibration): number =>
  Math.min(x.at + o.horizonSeconds * 1000, Math.max(x.at, p.last + o.settleSeconds * 1000));

function ringOf(c: Calibrator, platform: string, knot: number, o: OnlineCalibration): CalRing | null {
  let byKnot = c.rings.get(platform);
  if (!byKnot) {
    if (c.rings.size >= o.maxPlatforms) return null;
    c.rings.set(platform, (byKnot = new Map()));
  }
  let r = byKnot.get(knot);
  if (!r) {
    byKnot.set(knot, (r = newRing(o)));
  }
  return r;
}

/** A point's outcome (the size `final`) becomes a score of its platform at its knot. */
export function learnOutcome(
  c: Calibrator,
  platform: string,
  x: CalPoint,
  final: number,
  o: OnlineCalibration,
  cut = false,
): void {
  const r = ringOf(c, platform, x.quiet ? -x.knot : x.knot, o);
  if (r) learn(r, x, final, o, false, cut);
}

/** Whether a point's outcome is cut by the horizon: its incident still posting then (its final size not known). */
export const cutAt = (x: CalPoint, last: number, o: OnlineCalibration): boolean =>
  x.at + o.horizonSeconds * 1000 < Math.max(x.at, last + o.settleSeconds * 1000);

/**
 * earlyMisses: a point whose incident has `posts` > its emitted upper bound (sizes never shrink: its outcome will
 * be above it too) is a miss of both sides now. β is at most what `posts` gives (and below the level in force
 * when it was made: that bound missed); the both-sides learners above it step now, once, the rest at the outcome.
 */
export function learnEarly(c: Calibrator, platform: string, x: CalPoint, posts: number, o: OnlineCalibration): void {
  if (x.early !== undefined || x.prov !== undefined || posts <= x.high) return;
  const r = ringOf(c, platform, x.quiet ? -x.knot : x.knot, o);
  if (r) learn(r, x, posts, o, true);
}

/** provisionalSeconds: when a pending point may next be learnt provisionally (ms; Infinity: not before a post). */
const provisionalAt = (p: CalPending, x: CalPoint, o: OnlineCalibration): number =>
  o.provisionalSeconds > 0 && x.early === undefined && x.prov?.size !== p.posts
    ? Math.max(
        x.at,
        p.last + o.provisionalSeconds * 1000,
        // silent for provisionalShare of its age: t − last ≥ share · (t − start)
        (p.last - o.provisionalShare * (x.at - x.knot * 1000)) / (1 - o.provisionalShare),
      )
    : Infinity;

/** A pending point learnt provisionally at its incident's size so far (forecast-online-ring.ts learnProvisional). */
export function learnQuiet(c: Calibrator, platform: string, x: CalPoint, posts: number, o: OnlineCalibration): void {
  const r = ringOf(c, platform, x.quiet ? -x.knot : x.knot, o);
  if (r) learnProvisional(r, x, posts, o);
}

/** The miss levels in force at a knot (of a class) while it has shifts, as a point records them. */
export function levelsAt(
  c: Calibrator,
  platform: string,
  knot: number,
  quiet: boolean,
): { alphaLo: number; alphaAll: number } | undefined {
  const r = c.rings.get(platform)?.get(quiet ? -knot : knot);
  return r?.shift ? { alphaLo: r.alphaLo, alphaAll: r.alphaAll } : undefined;
}

/**
 * Outcomes the watermark has passed become scores; their points are dropped (and incidents left without any).
 * Incidents are visited in the pending map's order (learning order shapes the rings). The first scan (and the
 * one after a restore or a fold) visits every incident and builds the due heap; later ones only those the heap
 * says are due — the same learnings in the same order, since an incident with nothing due is left as it is.
 */
export function advance(c: Calibrator, watermark: number, o: OnlineCalibration): void {
  if (watermark < c.nextDue || (c.scannedAt !== null && watermark < c.scannedAt + LEARN_EVERY_MS)) return;
  c.scannedAt = watermark;
  const index = dueIndexes.get(c);
  // earlyMisses touches points that are not due: every scan visits everything then
  if (index === undefined || o.earlyMisses) {
    const built: DueIndex | null = o.earlyMisses ? null : { heap: new DueHeap(), meta: new WeakMap(), seqNext: 0 };
    let next = Infinity;
    for (const [id, p] of c.pending) {
      const k = scanIncident(c, id, p, watermark, o);
      next = Math.min(next, k);
      if (built) {
        const m = { seq: built.seqNext++, key: k === Infinity ? undefined : k };
        built.meta.set(p, m);
        if (m.key !== undefined) built.heap.push(m.key, id, p);
      }
    }
    if (built) dueIndexes.set(c, built);
    else dueIndexes.delete(c);
    c.nextDue = next;
    return;
  }
  const { heap } = index;
  const visit: [number, CalPending, DueMeta][] = [];
  while (heap.size > 0 && heap.topKey() <= watermark) {
    const [key, id, p] = heap.pop();
    const m = liveMeta(c, index, key, id, p);
    if (m) {
      m.key = undefined; // visited once, whatever stale entries remain
      visit.push([id, p, m]);
    }
  }
  visit.sort((x, y) => x[2].seq - y[2].seq);
  for (const [id, p, m] of visit) {
    const k = scanIncident(c, id, p, watermark, o);
    if (k !== Infinity) heap.push((m.key = k), id, p);
  }
  // the exact next time (the gate of the next scan depends on it): stale entries dropped off the top, and a
  // live entry whose incident moved later (a post: requeue leaves its earlier entry) put at its real time
  while (heap.size > 0) {
    const [key, id, p] = heap.peek();
    const m = liveMeta(c, index, key, id, p);
    if (!m) {
      heap.pop();
      continue;
    }
    const k = nextDueOf(p, o);
    if (k === key) break;
    heap.pop();
    m.key = undefined;
    if (k !== Infinity) heap.push((m.key = k), id, p);
  }
  c.nextDue = heap.size > 0 ? heap.topKey() : Infinity;
}

/** A heap entry's incident bookkeeping if the entry is live: the incident still pending and that its key. */
function liveMeta(c: Calibrator, index: DueIndex, key: number, id: number, p: CalPending): DueMeta | null {
  const m = index.meta.get(p);
  return m && c.pending.get(id) === p && m.key === key ? m : null;
}

/** One incident's part of a scan: its due points learnt (and it dropped when none is left); its next due time. */
function scanIncident(c: Calibrator, id: number, p: CalPending, watermark: number, o: OnlineCalibration): number {
  // the points still awaiting their outcome: p.points itself until one is learnt (most scans learn none)
  let keep: CalPoint[] | null = null;
  let next = Infinity;
  const points = p.points;
  for (let i = 0; i < points.length; i++) {
    const x = points[i]!;
    const d = due(p, x, o);
    if (d > watermark) {
      if (o.earlyMisses && x.prov === undefined) learnEarly(c, p.platform, x, p.posts, o);
      if (provisionalAt(p, x, o) <= watermark) learnQuiet(c, p.platform, x, p.posts, o);
      keep?.push(x);
      next = Math.min(next, d, provisionalAt(p, x, o));
      continue;
    }
    keep ??= points.slice(0, i);
    learnOutcome(c, p.platform, x, p.posts, o, cutAt(x, p.last, o));
  }
  if (keep !== null) {
    if (keep.length === 0) c.pending.delete(id);
    else p.points = keep;
  } else if (points.length === 0) c.pending.delete(id);
  return next;
}

/** When an incident's next point is due: its outcome or a provisional learning, whichever is first. */
function nextDueOf(p: CalPending, o: OnlineCalibration): number {
  let next = Infinity;
  for (const x of p.points) next = Math.min(next, due(p, x, o), provisionalAt(p, x, o));
  return next;
}

/**
 * After `p` changed (a point, a post): a new heap entry only when it is due earlier than its entry says. One due
 * later (a post moves its times later) keeps its earlier entry: that visit finds nothing due and puts it back at
 * its real time, so the heap holds about one entry per incident, not one per post.
 */
function requeue(c: Calibrator, id: number, p: CalPending, o: OnlineCalibration): void {
  const index = dueIndexes.get(c);
  if (index === undefined) return;
  let m = index.meta.get(p);
  if (!m) index.meta.set(p, (m = { seq: index.seqNext++, key: undefined }));
  const k = nextDueOf(p, o);
  if (k !== Infinity && (m.key === undefined || k < m.key)) index.heap.push((m.key = k), id, p);
}

/** A new calibration id for an incident (its first point). */
export const calibrationId = (c: Calibrator): number => c.nextId++;

/** Adds a point of incident `id` (posts so far, latest post `last` ms); the oldest incidents go beyond maxPending. */
export function record(
  c: Calibrator,
  id: number,
  platform: string,
  posts: number,
  last: number,
  x: CalPoint,
  o: OnlineCalibration,
): void {
  let p = c.pending.get(id);
  if (!p) {
    c.pending.set(id, (p = { platform, posts, last, points: [] }));
    // ids are handed out in order: the Map's first keys are the oldest incidents
    for (const old of c.pending.keys()) {
      if (c.pending.size <= o.maxPending) break;
      c.pending.delete(old);
    }
  }
  p.posts = Math.max(p.posts, posts);
  p.last = Math.max(p.last, last);
  p.points.push(x);
  c.nextDue = Math.min(c.nextDue, due(p, x, o), provisionalAt(p, x, o));
  requeue(c, id, p, o);
}

/**
 * A post of incident `id` (a no-op when it awaits no outcome): its size and latest post move; with earlyMisses,
 * once it outgrows a point's upper bound the next scan may run (it learns that miss).
 */
export function observe(c: Calibrator, id: number, posts: number, time: number, o?: OnlineCalibration): void {
  const p = c.pending.get(id);
  if (!p) return;
  p.posts = Math.max(p.posts, posts);
  p.last = Math.max(p.last, time);
  if (o?.earlyMisses && p.points.some((x) => x.early === undefined && p.posts > x.high))
    c.nextDue = Math.min(c.nextDue, time);
  // provisionalSeconds: its points may be learnt again at the new size once it has been quiet that long
  if (o && o.provisionalSeconds > 0) c.nextDue = Math.min(c.nextDue, time + o.provisionalSeconds * 1000);
  if (o) requeue(c, id, p, o);
  else dueIndexes.delete(c); // no options to place it by: the next scan visits everything
}

/** Incident `from` joined incident `into`: its awaited points are judged on the joined incident's size. */
export function fold(c: Calibrator, from: number, into: number, posts: number, last: number): void {
  const p = c.pending.get(from);
  if (!p || from === into) return;
  c.pending.delete(from);
  const q = c.pending.get(into);
  if (q) {
    q.points.push(...p.points);
    q.posts = Math.max(q.posts, posts);
    q.last = Math.max(q.last, last);
  } else c.pending.set(into, { ...p, posts: Math.max(p.posts, posts), last: Math.max(p.last, last) });
  c.nextDue = -Infinity; // recomputed at the next advance
  dueIndexes.delete(c); // which visits every incident again
}

/** Whether a forecast falls in the quiet class: silent (silenceAt) for at least quietShare of its age. */
export const isQuiet = (silence: number, o: OnlineCalibration): boolean => o.quietShare < 1 && silence >= o.quietShare;

/** The platform's interval (of a class): each knot's fitted offsets shifted by its calibrated shifts (none yet: as fitted). */
export function adapted(
  c: Calibrator | undefined,
  platform: string,
  iv: ForecastInterval,
  quiet = false,
): ForecastInterval {
  const byKnot = c?.rings.get(platform);
  if (!byKnot) return iv;
  let moved = false;
  const knots = iv.knots.map((k) => {
    const s = byKnot.get(quiet ? -k.ageSeconds : k.ageSeconds)?.shift;
    if (!s) return k;
    moved = true;
    return { ageSeconds: k.ageSeconds, low: k.low.map((l) => l - s[0]), high: k.high.map((h) => h + s[1]) };
  });
  return moved ? { sizes: iv.sizes, knots } : iv;
}
