/**
 * The self-exciting point-process model behind cascade/forecast, after
 * SEISMIC (Zhao, Erdogdu, He, Rajaraman, Leskovec, KDD 2015). Each post i
 * with n_i followers exposes its audience over time with a power-law memory
 * kernel φ(s) = c for s ≤ s0, c·(s/s0)^-(1+θ) beyond; a reshare happens per
 * exposure with probability p (the infectiousness). Then:
 *
 *   N_t   = Σ n_i Φ(t − t_i)              exposures so far (Φ = ∫φ)
 *   p̂_t   = R_t / N_t                      infectiousness, estimated online (optionally
 *                                           over the latest part of the history only,
 *                                           as interest decays: SEISMIC's local estimate)
 *   Nᵉ_t  = Σ n_i (1 − Φ(t − t_i))         exposures still to come from posts seen
 *   R̂_∞   = β (R_t + α p̂_t Nᵉ_t / (1 − k p̂_t))  (k = γ·n*: the reshares of reshares;
 *                                           α, k and the calibration β fitted on data)
 *
 * With k p̂_t ≥ 1 the process is supercritical and the forecast is capped.
 * Memory is bounded: posts are kept as follower-weighted time buckets that
 * are merged once they are old relative to their width (the kernel is then
 * nearly flat over them), so the error of the approximation stays small.
 * Plain arrays, JSON-saveable as they are; `addPostInPlace` updates a state
 * the caller owns, the other functions leave their inputs untouched.
 */

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
  /** share of the observed history (latest part) infectiousness is estimated on; 1 = all of it */
  readonly window?: number;
  /** multiplicative calibration of the forecast (fitted); 1 = none */
  readonly beta?: number;
}

export const SEISMIC_KERNEL: KernelParams = { s0: 300, theta: 0.242 };

/** Φ(s): the share of a post's exposures that happened within s seconds. */
export function kernelCdf(s: number, { s0, theta }: KernelParams): number {
  if (s <= 0) return 0;
  const c = 1 / (s0 * (1 + 1 / theta));
  if (s <= s0) return c * s;
  return c * s0 + ((c * s0) / theta) * (1 - Math.pow(s / s0, -theta));
}

/** [weighted time (s), summed followers, posts]: a group of posts close in time. */
export type Bucket = [number, number, number];

export interface SeismicState {
  /** ascending time */
  buckets: Bucket[];
  /** posts seen, the first included */
  posts: number;
}

export const emptySeismic = (): SeismicState => ({ buckets: [], posts: 0 });

/** Adds one post (time in seconds, followers); returns a new state (inputs untouched). */
export function addPost(state: SeismicState, t: number, followers: number, maxBuckets: number): SeismicState {
  const copy: SeismicState = { buckets: state.buckets.map((x) => [...x] as Bucket), posts: state.posts };
  return addPostInPlace(copy, t, followers, maxBuckets);
}

/** Adds one post to `state` itself (no copy of the buckets); returns it. */
export function addPostInPlace(state: SeismicState, t: number, followers: number, maxBuckets: number): SeismicState {
  const buckets = state.buckets;
  const b: Bucket = [t, Math.max(0, followers), 1];
  let i = buckets.length;
  while (i > 0 && buckets[i - 1]![0] > t) i--;
  if (i === buckets.length) buckets.push(b);
  else buckets.splice(i, 0, b);
  compress(buckets, maxBuckets);
  state.posts++;
  return state;
}

export function mergeStates(a: SeismicState, b: SeismicState, maxBuckets: number): SeismicState {
  const buckets = [...a.buckets, ...b.buckets].map((x) => [...x] as Bucket).sort((x, y) => x[0] - y[0]);
  compress(buckets, maxBuckets);
  return { buckets, posts: a.posts + b.posts };
}

/**
 * Merges neighbouring buckets (in place) until at most 3/4 of `maxBuckets`
 * remain, always the pair narrowest relative to its age (now = the newest time).
 */
function compress(buckets: Bucket[], maxBuckets: number): void {
  if (buckets.length <= maxBuckets) return;
  const now = buckets[buckets.length - 1]![0];
  const target = Math.max(2, Math.floor((maxBuckets * 3) / 4));
  while (buckets.length > target) {
    let best = 0;
    let bestCost = Infinity;
    for (let j = 0; j + 1 < buckets.length; j++) {
      const cost = (buckets[j + 1]![0] - buckets[j]![0]) / (now - buckets[j + 1]![0] + 60);
      if (cost < bestCost) {
        bestCost = cost;
        best = j;
      }
    }
    const x = buckets[best]!;
    const y = buckets[best + 1]!;
    const wx = x[1] + x[2];
    const wy = y[1] + y[2];
    buckets.splice(best, 2, [(x[0] * wx + y[0] * wy) / (wx + wy), x[1] + y[1], x[2] + y[2]]);
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

/** Exposures (Σ n·Φ) and posts of the buckets at or before `until`, seen from time `at`. */
function exposure(state: SeismicState, until: number, at: number, p: KernelParams): { exposed: number; posts: number } {
  let exposed = 0;
  let posts = 0;
  for (const [t, n, c] of state.buckets) {
    if (t > until) continue;
    exposed += n * kernelCdf(at - t, p);
    posts += c;
  }
  return { exposed, posts };
}

/** Final-size forecast at time `now` (seconds). */
export function forecast(state: SeismicState, now: number, p: ForecastParams): Forecast {
  // Σ n·Φ(now − t) and Σ n·(1 − Φ(now − t)), with Φ inlined (kernelCdf): one pow per bucket in the tail
  const { s0, theta } = p;
  const c = 1 / (s0 * (1 + 1 / theta));
  const plateau = c * s0;
  const tail = plateau / theta;
  let exposed = 0;
  let remaining = 0;
  const buckets = state.buckets;
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i]!;
    const s = now - b[0];
    if (s < 0) continue;
    const f = s === 0 ? 0 : s <= s0 ? c * s : plateau + tail * (1 - Math.pow(s / s0, -theta));
    exposed += b[1] * f;
    remaining += b[1] * (1 - f);
  }
  const observed = Math.max(0, state.posts - 1);
  let infectiousness = exposed > 0 ? observed / exposed : 0;
  const window = p.window ?? 1;
  if (window < 1 && state.buckets.length > 0) {
    // local estimate: reshares and exposures of the latest `window` of the history only
    const start = state.buckets[0]![0];
    const cut = now - window * (now - start);
    const before = exposure(state, cut, cut, p);
    const dExposed = exposed - before.exposed;
    const dPosts = state.posts - before.posts;
    if (dExposed > 0 && before.posts > 0) infectiousness = dPosts / dExposed;
  }
  const beta = p.beta ?? 1;
  const denom = 1 - p.k * infectiousness;
  const cap = Math.max(1, state.posts) * p.maxRatio;
  if (denom <= 0)
    return { observed, infectiousness, remainingExposure: remaining, finalSize: cap, supercritical: true };
  const more = (p.alpha * infectiousness * remaining) / denom;
  return {
    observed,
    infectiousness,
    remainingExposure: remaining,
    finalSize: Math.min(cap, beta * (state.posts + more)),
    supercritical: false,
  };
}
