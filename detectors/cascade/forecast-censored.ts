/**
 * Censored conformity scores treated as censored (forecast-online.ts, `online.censored: 'kaplanMeier'`).
 *
 * An outcome cut by the calibration's horizon (the incident still posting `horizonSeconds` after the forecast)
 * is not the final size: only a lower bound of it. Its upper score is right-censored (the true one is at least
 * the one seen) and its lower score left-censored (at most the one seen). Taken as they are (what ships by
 * default) they under-state the upper tail; dropped, they would leave only the cascades that stopped early.
 * Here they are weighed as survival analysis weighs censored times: Kaplan–Meier, in Efron's
 * redistribute-to-the-right form — each censored score hands its weight, in equal shares, to every score beyond
 * it (which it would have been had it been seen to the end) — and the conformal quantile is taken on the weighted
 * scores (weighted conformal prediction, Tibshirani et al. 2019; for censored outcomes, the inverse-censoring
 * weights of conformalized survival analysis, Candès, Lei & Ren, JRSS-B 2023, are what Kaplan–Meier's are, as
 * Satten & Datta 2001 show). With no censored score every weight is 1 and everything below is the plain
 * conformal quantile. The assumption, as for Kaplan–Meier: beyond its censoring point, a censored cascade grows as
 * the seen ones that got that far did.
 */

/** A score kept in a ring: [lower score, upper score], and 1 when its outcome was cut by the horizon. */
export type Score = [number, number] | [number, number, 1];

/**
 * Kaplan–Meier weights of `xs` (summing to its length), those with `cut` censored: with `left`, a censored value
 * is an upper bound of the true one (its weight goes to the smaller values), else a lower bound (to the larger).
 * Ties: seen values first (a value censored at a seen one is beyond it). A censored value with none beyond it keeps
 * its weight (nothing is known of where it ends: as far as the ring's largest score, where the quantile stops).
 */
export function kmWeights(xs: ArrayLike<number>, cut: (i: number) => boolean, left = false): Float64Array {
  const n = xs.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const dir = left ? -1 : 1;
  order.sort((a, b) => dir * (xs[a]! - xs[b]!) || Number(cut(a)) - Number(cut(b)) || a - b);
  return kmWeightsInOrder(
    order,
    Uint8Array.from({ length: n }, (_, i) => Number(cut(i))),
    new Float64Array(n),
  );
}

/**
 * kmWeights with the scores already in its order (`order`: indices by value — descending with `left` — a seen
 * score before a censored one, ties by index; `cut`: 1 where censored), written into `w` (the scores' length).
 */
export function kmWeightsInOrder(order: ArrayLike<number>, cut: ArrayLike<number>, w: Float64Array): Float64Array {
  const n = w.length;
  let carry = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const own = 1 + carry;
    const beyond = n - k - 1;
    if (cut[i] === 1 && beyond > 0) {
      carry += own / beyond;
      w[i] = 0;
    } else w[i] = own;
  }
  return w;
}

/** The k-th smallest (conformal: k = ⌈level·(n+1)⌉, within 1…n) of `xs`. */
export function conformalQuantile(xs: ArrayLike<number>, level: number): number {
  const sorted = Float64Array.from(xs).sort();
  const k = Math.min(sorted.length, Math.max(1, Math.ceil(level * (sorted.length + 1))));
  return sorted[k - 1]!;
}

/** conformalQuantile with `xs` already in order (`order`: indices ascending by value; no NaN or −0 among them). */
export function conformalQuantileInOrder(xs: Float64Array, order: Int32Array, level: number): number {
  const k = Math.min(xs.length, Math.max(1, Math.ceil(level * (xs.length + 1))));
  return xs[order[k - 1]!]!;
}

const EPS = 1e-9;

/**
 * The conformal quantile of weighted scores: the smallest score whose cumulative weight reaches level·(n + 1),
 * else the largest score of positive weight. All weights 1: conformalQuantile (the ⌈level·(n + 1)⌉-th smallest).
 */
export function weightedQuantile(xs: ArrayLike<number>, w: ArrayLike<number>, level: number): number {
  const order = Array.from({ length: xs.length }, (_, i) => i).sort((a, b) => xs[a]! - xs[b]! || a - b);
  return weightedQuantileInOrder(xs, w, order, level);
}

/** weightedQuantile with the scores already in its order (`order`: indices ascending by score, ties by index). */
export function weightedQuantileInOrder(
  xs: ArrayLike<number>,
  w: ArrayLike<number>,
  order: ArrayLike<number>,
  level: number,
): number {
  const n = xs.length;
  const want = level * (n + 1) - EPS;
  let cum = 0;
  let top = xs[order[n - 1]!]!;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if (w[i]! <= 0) continue;
    cum += w[i]!;
    top = xs[i]!;
    if (cum >= want) return xs[i]!;
  }
  return top;
}

/**
 * β on weighted scores: the largest miss level a whose weighted conformal quantile (1 − a) still exceeds `t`
 * (betaOf with weights): 0 when no score of positive weight does.
 */
export function weightedBeta(xs: ArrayLike<number>, w: ArrayLike<number>, t: number): number {
  const n = xs.length;
  let below = 0;
  let above = false;
  for (let i = 0; i < n; i++) {
    if (xs[i]! <= t) below += w[i]!;
    else if (w[i]! > 0) above = true;
  }
  return above ? Math.max(0, 1 - below / (n + 1)) : 0;
}

/** Weighted share of `xs` above `q`. */
export function weightedShareAbove(xs: ArrayLike<number>, w: ArrayLike<number>, q: number): number {
  let above = 0;
  for (let i = 0; i < xs.length; i++) if (xs[i]! > q) above += w[i]!;
  return above / Math.max(1, xs.length);
}

/**
 * What a censored upper score `seen` may turn out to be: the ring's upper scores beyond it, each with its
 * Kaplan–Meier weight, as probabilities (the conditional law of a censored score beyond its censoring point);
 * empty when none is beyond it (it is then beyond every score: its β is 0 whatever it ends at).
 */
export function beyond(xs: ArrayLike<number>, w: ArrayLike<number>, seen: number): { x: number; p: number }[] {
  const out: { x: number; p: number }[] = [];
  let total = 0;
  for (let i = 0; i < xs.length; i++)
    if (xs[i]! > seen && w[i]! > 0) {
      out.push({ x: xs[i]!, p: w[i]! });
      total += w[i]!;
    }
  for (const d of out) d.p /= total;
  return out;
}
