/**
 * A small seeded pseudo-random number generator: sfc32 (Chris Doty-Humphrey's
 * Small Fast Counting generator, 128-bit state, passes PractRand), seeded
 * through splitmix32 from a number or a string. Pure and deterministic: the
 * same seed gives the same sequence on every machine. Never Math.random.
 *
 * `fork(label)` derives an independent generator from the original seed and
 * a label, whatever has been drawn so far, so that sub-streams (one per
 * simulated cascade, say) do not depend on the order they are consumed in.
 */
export type Seed = number | string;

const TWO_POW_32 = 4294967296;

/** 32-bit FNV-1a of a string (UTF-16 code units), for string seeds and labels. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function seedToUint32(seed: Seed): number {
  if (typeof seed === 'string') return hash32(seed);
  // fold both halves of a large integer (or the bits of a fraction) into 32 bits
  const hi = Math.floor(seed / TWO_POW_32);
  return (hash32(String(hi)) ^ (seed >>> 0)) >>> 0;
}

/** One splitmix32 step: returns [output, next state]. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  z ^= z >>> 15;
  return [z >>> 0, next];
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** the 32-bit seed this generator started from; forks derive from it */
  readonly seed32: number;

  constructor(seed: Seed) {
    this.seed32 = seedToUint32(seed);
    let s = this.seed32;
    let out: number;
    [out, s] = splitmix32(s);
    this.a = out;
    [out, s] = splitmix32(s);
    this.b = out;
    [out, s] = splitmix32(s);
    this.c = out;
    [out, s] = splitmix32(s);
    this.d = out;
    // discard the first outputs, as the sfc32 reference does
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** An independent generator for a sub-stream, a function of the seed and the label only. */
  fork(label: Seed): Rng {
    const l = typeof label === 'string' ? hash32(label) : seedToUint32(label);
    return new Rng(((Math.imul(this.seed32 ^ 0x5bd1e995, 0x2c1b3c6d) >>> 0) ^ l) >>> 0);
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.uint32() / TWO_POW_32;
  }

  /** A uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    if (hi < lo) throw new RangeError(`int(${lo}, ${hi}): empty range`);
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly chosen element; throws on an empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty array');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An element chosen with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [item, w] of entries) {
      r -= w;
      if (r < 0) return item;
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new RangeError('weighted pick from no entries');
    return last[0];
  }

  /** In-place Fisher-Yates shuffle; returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
    return items;
  }

  /** Exponential waiting time with the given rate (mean 1/rate). */
  exponential(rate: number): number {
    return -Math.log(1 - this.next()) / rate;
  }

  /** Pareto (type I): P(X > x) = (xm / x)^alpha for x >= xm. */
  pareto(xm: number, alpha: number): number {
    return xm * Math.pow(1 - this.next(), -1 / alpha);
  }

  /** Lomax (Pareto type II) delay: density ∝ (1 + x/scale)^-(shape+1), a power-law memory kernel. */
  lomax(scale: number, shape: number): number {
    return scale * (Math.pow(1 - this.next(), -1 / shape) - 1);
  }

  /**
   * A power-law integer in [min, max]: P(X >= x) ∝ x^-alpha (a truncated
   * discrete Pareto, sampled by inverting the continuous CDF and flooring).
   */
  powerLawInt(min: number, max: number, alpha: number): number {
    const tail = Math.pow(max / min, -alpha);
    const u = this.next();
    const x = min * Math.pow(1 - u * (1 - tail), -1 / alpha);
    return Math.min(max, Math.max(min, Math.floor(x)));
  }

  /**
   * A Zipf-like rank in [1, n]: P(rank = x) ∝ x^-s (continuous approximation,
   * 0 < s < 1 or s = 1), e.g. which account of a population acts next.
   */
  zipf(n: number, s: number): number {
    const u = this.next();
    const x = s === 1 ? Math.pow(n, u) : Math.pow(1 + u * (Math.pow(n, 1 - s) - 1), 1 / (1 - s));
    return Math.min(n, Math.max(1, Math.floor(x)));
  }

  /** Normal deviate (Box-Muller; one draw pair per call, so no hidden state). */
  normal(mean = 0, sd = 1): number {
    const u1 = 1 - this.next();
    const u2 = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Poisson count: Knuth's product method for small means, a rounded normal above 40. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 40) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}
