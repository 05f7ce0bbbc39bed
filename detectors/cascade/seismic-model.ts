/**
 * The self-exciting point-process model behind cascade/forecast, after
 * SEISMIC (Zhao, Erdogdu, He, Rajaraman, Leskovec, KDD 2015). Each post i
 * with weight n_i (its followers, optionally raised to a power < 1: reach is
 * not proportional to followers) exposes its audience over time with a
 * power-law memory kernel φ(s) = c for s ≤ s0, c·(s/s0)^-(1+θ) beyond; a
 * reshare happens per exposure with probability p (the infectiousness). Then:
 *
 *   N_t   = Σ n_i Φ(t − t_i)              exposures so far (Φ = ∫φ)
 *   p̂_t   = R_t / N_t                      infectiousness, estimated online; with a window,
 *                                           SEISMIC's local estimate: reshares and exposures
 *                                           weighted by a triangular kernel over the latest
 *                                           W = clamp(share·age, min, max) seconds
 *   Nᵉ_t  = Σ n_i (1 − Φ(t − t_i))         exposures still to come from posts seen
 *   R̂_∞   = R_t + α p̂_t Nᵉ_t / (1 − k p̂_t)  (k = γ·n*: the reshares of reshares)
 *
 * With k p̂_t ≥ 1 the process is supercritical and the forecast is capped.
 * This is the raw forecast; forecast-correction.ts corrects it by the
 * observation age, as SEISMIC does, with a table fitted on training cascades.
 * Memory is bounded: posts are kept as weighted time buckets that are merged
 * once they are old relative to their width (the kernel is then nearly flat
 * over them), so the error of the approximation stays small. Plain arrays,
 * JSON-saveable as they are; `addPostInPlace` updates a state the caller
 * owns, the other functions leave their inputs untouched.
 */

import { insertNumbers3 } from '../../src/util/index.js';

export interface KernelParams {
  /** plateau length, seconds (SEISMIC: 300) */
  readonly s0: number;
  /** power-law exponent of the tail (SEISMIC: 0.242) */
  readonly theta: number;
}

export interface ForecastParams extends KernelParams {
  /** scale of the remaining-exposure term (fitted; 1 = the plain model) */
  readonly alpha: number;
  /** k = γ·n*: expected further reshares per reshare per unit of p (fitted) */
  readonly k: number;
  /** forecasts are capped at this multiple of the observed size (supercritical) */
  readonly maxRatio: number;
  /** the triangular window infectiousness is estimated over; none: the whole history, unweighted */
  readonly window?: TriangularWindow;
}

/** SEISMIC's local estimate: width clamp(share × age, minSeconds, maxSeconds), weight falling linearly to 0 at its start. */
export interface TriangularWindow {
  readonly share: number;
  readonly minSeconds: number;
  readonly maxSeconds: number;
}

/** SEISMIC's published window: half the age, between 5 minutes and 2 hours. */
export const SEISMIC_WINDOW: TriangularWindow = { share: 0.5, minSeconds: 300, maxSeconds: 7200 };

export const SEISMIC_KERNEL: KernelParams = { s0: 300, theta: 0.242 };

/** Φ(s): the share of a post's exposures that happened within s seconds. */
export function kernelCdf(s: number, { s0, theta }: KernelParams): number {
  if (s <= 0) return 0;
  const c = 1 / (s0 * (1 + 1 / theta));
  if (s <= s0) return c * s;
  return c * s0 + ((c * s0) / theta) * (1 - Math.pow(s / s0, -theta));
}

/** ∫₀ˣ Φ(u) du, in closed form (θ < 1): what a triangular window weighs the exposures with. */
export function kernelCdfIntegral(x: number, { s0, theta }: KernelParams): number {
  if (x <= 0) return 0;
  const c = 1 / (s0 * (1 + 1 / theta));
  if (x <= s0) return (c * x * x) / 2;
  const plateau = c * s0;
  const tail = plateau / theta;
  return (
    (c * s0 * s0) / 2 + (plateau + tail) * (x - s0) - ((tail * s0) / (1 - theta)) * (Math.pow(x / s0, 1 - theta) - 1)
  );
}

/** A post's weight in the intensity: followers^exponent (1: SEISMIC's, 0: every post the same). */
export const followerWeight = (followers: number, exponent: number): number =>
  exponent === 1 ? Math.max(0, followers) : Math.pow(Math.max(0, followers), exponent);

/** [weighted time (s), summed weights, posts]: a group of posts close in time (as saved). */
export type Bucket = [number, number, number];

export interface SeismicState {
  /**
   * ascending time, flat: bucket i's weighted time at [3i], summed weights at [3i + 1], posts at [3i + 2]
   * (unboxed numbers: a tuple per bucket cost ~56 bytes more)
   */
  buckets: number[];
  /** posts seen, the first included */
  posts: number;
  /** time (s) of the earliest post seen, null before any: the age the forecast is corrected by */
  start: number | null;
}

export const emptySeismic = (): SeismicState => ({ buckets: [], posts: 0, start: null });

/** Buckets in the flat list. */
export const bucketCount = (s: SeismicState): number => s.buckets.length / 3;
/** The buckets as tuples (save, merge). */
export function bucketList(flat: readonly number[]): Bucket[] {
  const out: Bucket[] = [];
  for (let k = 0; k < flat.length; k += 3) out.push([flat[k]!, flat[k + 1]!, flat[k + 2]!]);
  return out;
}
/** Tuples as a flat list, exact size. */
export function flatBuckets(list: readonly (readonly [number, number, number])[]): number[] {
  const out = new Array<number>(3 * list.length);
  for (let i = 0; i < list.length; i++) [out[3 * i], out[3 * i + 1], out[3 * i + 2]] = list[i]!;
  return out;
}

/** Adds one post (time in seconds, weight); returns a new state (inputs untouched). */
export function addPost(state: SeismicState, t: number, weight: number, maxBuckets: number): SeismicState {
  const copy: SeismicState = {
    buckets: [...state.buckets],
    posts: state.posts,
    start: state.start,
  };
  return addPostInPlace(copy, t, weight, maxBuckets);
}

/** Adds one post to `state` itself (no copy of the buckets); returns it. */
export function addPostInPlace(state: SeismicState, t: number, weight: number, maxBuckets: number): SeismicState {
  const buckets = state.buckets;
  let i = buckets.length / 3;
  while (i > 0 && buckets[3 * i - 3]! > t) i--;
  // small-list's number-only insert: the list stays one of unboxed doubles, read by every forecast
  state.buckets = insertNumbers3(buckets, 3 * i, t, Math.max(0, weight), 1);
  compress(state.buckets, maxBuckets);
  state.posts++;
  state.start = state.start === null ? t : Math.min(state.start, t);
  return state;
}

export function mergeStates(a: SeismicState, b: SeismicState, maxBuckets: number): SeismicState {
  const buckets = flatBuckets([...bucketList(a.buckets), ...bucketList(b.buckets)].sort((x, y) => x[0] - y[0]));
  compress(buckets, maxBuckets);
  const starts = [a.start, b.start].filter((x): x is number => x !== null);
  return { buckets, posts: a.posts + b.posts, start: starts.length ? Math.min(...starts) : null };
}

/**
 * Merges neighbouring buckets (in place) until at most 3/4 of `maxBuckets`
 * remain, always the pair narrowest relative to its age (now = the newest time).
 */
function compress(buckets: number[], maxBuckets: number): void {
  if (buckets.length <= 3 * maxBuckets) return;
  const now = buckets[buckets.length - 3]!;
  const target = Math.max(2, Math.floor((maxBuckets * 3) / 4));
  while (buckets.length > 3 * target) {
    let best = 0;
    let bestCost = Infinity;
    for (let j = 0; 3 * j + 3 < buckets.length; j++) {
      const cost = (buckets[3 * j + 3]! - buckets[3 * j]!) / (now - buckets[3 * j + 3]! + 60);
      if (cost < bestCost) {
        bestCost = cost;
        best = j;
      }
    }
    const k = 3 * best;
    const [x0, x1, x2, y0, y1, y2] = [
      buckets[k]!,
      buckets[k + 1]!,
      buckets[k + 2]!,
      buckets[k + 3]!,
      buckets[k + 4]!,
      buckets[k + 5]!,
    ];
    const wx = x1 + x2;
    const wy = y1 + y2;
    buckets.splice(k, 6, (x0 * wx + y0 * wy) / (wx + wy), x1 + y1, x2 + y2);
  }
}

export interface Forecast {
  /** reshares seen (posts − 1) */
  readonly observed: number;
  readonly infectiousness: number;
  /** exposures still to come from the posts seen */
  readonly remainingExposure: number;
  /** predicted final number of posts (the first included) */
  readonly finalSize: number;
  readonly supercritical: boolean;
}

/** Final-size forecast at time `now` (seconds), before any correction by age. */
export function forecast(state: SeismicState, now: number, p: ForecastParams): Forecast {
  const w = p.window;
  return w
    ? forecastWith(state, now, p, true, w.share, w.minSeconds, w.maxSeconds)
    : forecastWith(state, now, p, false, 0, 0, 0);
}

/**
 * `forecast` with the window given as numbers (`windowed` false: none), so a
 * caller need not build a params object per call (forecast-correction.ts).
 */
export function forecastWith(
  state: SeismicState,
  now: number,
  p: Omit<ForecastParams, 'window'>,
  windowed: boolean,
  share: number,
  minSeconds: number,
  maxSeconds: number,
): Forecast {
  return forecastRaw(state, now, p.s0, p.theta, p.alpha, p.k, p.maxRatio, windowed, share, minSeconds, maxSeconds);
}

/** `forecastWith` with every parameter a number (no params object). */
export function forecastRaw(
  state: SeismicState,
  now: number,
  s0: number,
  theta: number,
  alpha: number,
  k: number,
  maxRatio: number,
  windowed: boolean,
  share: number,
  minSeconds: number,
  maxSeconds: number,
): Forecast {
  const out: Writable<Forecast> = {
    observed: 0,
    infectiousness: 0,
    remainingExposure: 0,
    finalSize: 0,
    supercritical: false,
  };
  forecastRawInto(out, state, now, s0, theta, alpha, k, maxRatio, windowed, share, minSeconds, maxSeconds);
  return out;
}

/** A Forecast a caller owns and reuses (forecastRawInto writes every field). */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** `forecastRaw` written into `out`: what the detector calls per forecast (no object per forecast). */
export function forecastRawInto(
  out: Writable<Forecast>,
  state: SeismicState,
  now: number,
  s0: number,
  theta: number,
  alpha: number,
  k: number,
  maxRatio: number,
  windowed: boolean,
  share: number,
  minSeconds: number,
  maxSeconds: number,
): void {
  // Σ n·Φ(now − t) and Σ n·(1 − Φ(now − t)), with Φ inlined (kernelCdf): one pow per bucket in the tail
  const c = 1 / (s0 * (1 + 1 / theta));
  const plateau = c * s0;
  const tail = plateau / theta;
  // kernelCdfIntegral's constants, computed once, in its own order of operations (same bits)
  const halfPlateau = (c * s0 * s0) / 2;
  const slope = plateau + tail;
  const bend = (tail * s0) / (1 - theta);
  const power = 1 - theta;
  const buckets = state.buckets;
  const start = state.start ?? buckets[0] ?? now;
  const width = windowed ? Math.min(maxSeconds, Math.max(minSeconds, share * (now - start))) : 0;
  // Whether a bucket in the window holds a reshare (no pow): without one (an incident quiet for the window), every
  // term of windowReshares is 0, so the infectiousness is 0 whatever the window's exposures are, and their
  // integrals (two of the three pows per bucket in the kernel's tail) are not computed
  let reshares = false;
  if (width > 0)
    for (let i = 0; 3 * i < buckets.length; i++) {
      const s = now - buckets[3 * i]!;
      // (a count that is not a number counts as a reshare: the full loop decides then)
      if (s >= 0 && s < width && buckets[3 * i + 2]! - (i === 0 ? 1 : 0) !== 0) {
        reshares = true;
        break;
      }
    }
  let exposed = 0;
  let remaining = 0;
  let windowExposed = 0;
  let windowReshares = 0;
  for (let i = 0; 3 * i < buckets.length; i++) {
    const s = now - buckets[3 * i]!;
    const weight = buckets[3 * i + 1]!;
    if (s < 0) continue;
    const f = s === 0 ? 0 : s <= s0 ? c * s : plateau + tail * (1 - Math.pow(s / s0, -theta));
    exposed += weight * f;
    remaining += weight * (1 - f);
    if (reshares) {
      // ∫ K(u) φ(u − t) du over the window, K rising linearly from 0 to 1 (by parts: Φ − ∫Φ / W)
      // kernelCdfIntegral(s) − kernelCdfIntegral(max(0, s − width)), inlined (no closure per call)
      const x = Math.max(0, s - width);
      const integral =
        (s <= s0 ? (c * s * s) / 2 : halfPlateau + slope * (s - s0) - bend * (Math.pow(s / s0, power) - 1)) -
        (x <= 0
          ? 0
          : x <= s0
            ? (c * x * x) / 2
            : halfPlateau + slope * (x - s0) - bend * (Math.pow(x / s0, power) - 1));
      windowExposed += weight * (f - integral / width);
      // the first bucket holds the first post, which is no reshare
      if (s < width) windowReshares += (buckets[3 * i + 2]! - (i === 0 ? 1 : 0)) * (1 - s / width);
    }
  }
  const observed = Math.max(0, state.posts - 1);
  const infectiousness =
    width > 0 ? (windowExposed > 0 ? windowReshares / windowExposed : 0) : exposed > 0 ? observed / exposed : 0;
  const denom = 1 - k * infectiousness;
  const cap = Math.max(1, state.posts) * maxRatio;
  out.observed = observed;
  out.infectiousness = infectiousness;
  out.remainingExposure = remaining;
  if (denom <= 0) {
    out.finalSize = cap;
    out.supercritical = true;
    return;
  }
  const more = (alpha * infectiousness * remaining) / denom;
  out.finalSize = Math.min(cap, state.posts + more);
  out.supercritical = false;
}
