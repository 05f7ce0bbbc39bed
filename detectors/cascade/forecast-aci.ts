/**
 * The miss level a conformal quantile is taken at, learnt online by dynamically-tuned adaptive conformal
 * inference (DtACI: Gibbs & Candès, "Conformal inference for online prediction with arbitrary distribution
 * shifts", JMLR 2024). One ACI learner ("expert") per step size γ_i (α_i ← α_i + γ_i(target − err_i)), weighed
 * by exponential weights on the pinball loss of its level against β, the largest miss level whose quantile would
 * still have covered the outcome; the level used is the experts' weighted mean (the paper's deterministic
 * variant, ᾱ). A large γ follows a platform in its first outcomes and when it drifts, a small one holds the
 * level steady once it is right; the weights move to whichever has been covering as asked lately, so no single
 * γ is chosen for every platform. Defaults are the authors' (isgibbs/DtACI, VolatilityPredictions.R: the
 * γ grid 0.001 … 0.128 doubling, η 2.8, σ 1/500), not fitted on any of our data. One γ is plain ACI.
 */

/** The experts of one miss level: their levels and normalised weights, 1:1 with the step sizes. */
export interface Experts {
  alphas: number[];
  weights: number[];
}

/** The hyperparameters: step sizes, the weights' learning rate and their mixing share (restarts). */
export interface AciSettings {
  readonly gammas: readonly number[];
  readonly eta: number;
  readonly sigma: number;
}

export const newExperts = (alpha: number, k: number): Experts => ({
  alphas: Array.from({ length: k }, () => alpha),
  weights: Array.from({ length: k }, () => 1 / k),
});

/** The level in force: the weighted mean of the experts' levels, within [0, 1]. */
export function levelOf(e: Experts): number {
  let a = 0;
  for (let i = 0; i < e.alphas.length; i++) a += e.weights[i]! * e.alphas[i]!;
  return Math.min(1, Math.max(0, a));
}

/**
 * β: the largest miss level a whose conformal quantile of `scores` (the ⌈(1 − a)(n + 1)⌉-th smallest, at most
 * the largest) still exceeds `t`, the shift the outcome needed; 0 when no score does, 1 when all do.
 */
export function betaOf(scores: ArrayLike<number>, t: number): number {
  const n = scores.length;
  let below = 0;
  for (let i = 0; i < n; i++) if (scores[i]! <= t) below++;
  // covered at level a iff ⌈(1 − a)(n + 1)⌉ ≥ below + 1, i.e. a < 1 − below / (n + 1)
  return below >= n ? 0 : 1 - below / (n + 1);
}

const pinball = (u: number, alpha: number): number => alpha * u - Math.min(0, u);

/**
 * Censored early feedback: the outcome's β is known to be at most `betaAtMost`; the experts whose level is above
 * it missed whatever β turns out to be, and take their ACI step now (err 1). Returns them as a bit mask (the
 * step at the outcome skips them; the weights wait for β itself).
 */
export function stepMissed(e: Experts, betaAtMost: number, target: number, s: AciSettings): number {
  let mask = 0;
  for (let i = 0; i < e.alphas.length; i++) {
    const a = e.alphas[i]!;
    if (a <= betaAtMost) continue;
    mask |= 1 << i;
    e.alphas[i] = Math.min(1, Math.max(0, a + s.gammas[i]! * (target - 1)));
  }
  return mask;
}

/**
 * One outcome known only in law (a censored one, `online.censored`: β is `draws[j].beta` with probability
 * `draws[j].p`): each expert steps on its expected miss and is weighed by its expected pinball loss. ACI's
 * long-run bound then holds for the expected misses. One draw of probability 1 is `step`.
 */
export function stepDraws(
  e: Experts,
  draws: readonly { beta: number; p: number }[],
  target: number,
  s: AciSettings,
  skip = 0,
): void {
  const k = s.gammas.length;
  let total = 0;
  const w = e.weights.map((wi, i) => {
    const a = e.alphas[i]!;
    let loss = 0;
    for (const d of draws) loss += d.p * pinball(d.beta - a, target);
    const x = wi * Math.exp(-s.eta * loss);
    total += x;
    return x;
  });
  for (let i = 0; i < k; i++) {
    const a = e.alphas[i]!;
    e.weights[i] = total > 0 ? (1 - s.sigma) * (w[i]! / total) + s.sigma / k : 1 / k;
    if ((skip >>> i) & 1) continue;
    let err = 0;
    for (const d of draws) if (a > d.beta) err += d.p;
    e.alphas[i] = Math.min(1, Math.max(0, a + s.gammas[i]! * (target - err)));
  }
}

/**
 * One outcome of β: every expert's ACI step (but those in `skip`, taken early: stepMissed), and the weights moved
 * by each one's pinball loss.
 */
export const step = (e: Experts, beta: number, target: number, s: AciSettings, skip = 0): void =>
  stepDraws(e, [{ beta, p: 1 }], target, s, skip);

/** Every learner's ACI step as if it covered (α + γ·target): a provisional step is this, then its misses' (correctMisses). */
export function stepCovered(e: Experts, target: number, s: AciSettings): void {
  for (let i = 0; i < e.alphas.length; i++)
    e.alphas[i] = Math.min(1, Math.max(0, e.alphas[i]! + s.gammas[i]! * target));
}

/**
 * The provisional step corrected: each expert's step on the misses `was` (a bit mask) replaced
 * by its step on the misses `now` (α + γ(was − now)); where they agree it costs nothing.
 */
export function correctMisses(e: Experts, was: number, now: number, s: AciSettings): void {
  for (let i = 0; i < e.alphas.length; i++) {
    const d = ((was >>> i) & 1) - ((now >>> i) & 1);
    if (d !== 0) e.alphas[i] = Math.min(1, Math.max(0, e.alphas[i]! + s.gammas[i]! * d));
  }
}

/** The experts whose level is above β (they would miss it), as a bit mask. */
export function missesOf(e: Experts, beta: number): number {
  let mask = 0;
  for (let i = 0; i < e.alphas.length; i++) if (e.alphas[i]! > beta) mask |= 1 << i;
  return mask;
}
