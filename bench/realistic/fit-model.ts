/**
 * The fit of bench/realistic/fit.ts, pure: a monotone logistic regression over the risk dimensions and the
 * level thresholds chosen from it. Deterministic (plain gradient descent from zero, fixed iterations).
 */

/** One risk assessment of a unit's incident: the dimensions the model reads and what the gates read. */
export interface Row {
  readonly time: number;
  /** sensitivity, spread, mobilisation, malice */
  readonly x: readonly [number, number, number, number];
  readonly publicInterest: number;
  readonly identifying: number;
  readonly call: boolean;
}

/** A unit's assessments in time order, its class (`doxxing:*` is the positive class) and the time of its 10% post. */
export interface Track {
  readonly cls: string;
  readonly tenth: number;
  readonly rows: Row[];
}

export interface Model {
  readonly intercept: number;
  /**
   * spread is never a term of its own (it would stand in for harm: a trending post with a weak finding would
   * warn); it enters only as an amplifier of harm, sensitivity×spread and mobilisation×spread
   */
  readonly coefficients: {
    sensitivity: number;
    spread: 0;
    mobilisation: number;
    malice: number;
    sensitivitySpread: number;
    mobilisationSpread: number;
  };
  /** the linear coefficients normalised to sum 1: the weights of the shipped weighted score */
  readonly weights: { sensitivity: number; spread: 0; mobilisation: number; malice: number };
  /** the amplifier's coefficients on the weights' scale (divided by the same sum): risk.amplifier */
  readonly amplifier: { sensitivity: number; mobilisation: number };
  readonly samples: { positive: number; negative: number };
}

/** The model's features of a row: sensitivity, mobilisation, malice, sensitivity×spread, mobilisation×spread. */
const features = (x: Row['x']): number[] => [x[0], x[2], x[3], x[0] * x[1], x[2] * x[1]];

export interface Levels {
  readonly watch: number;
  readonly warning: number;
  readonly critical: number;
  /** P(doxxing) of the model at each threshold */
  readonly probabilities: { watch: number; warning: number; critical: number };
  /** on the tune units: benign (real and laid), hard negatives and doxxing reaching warning; non-doxxing reaching critical */
  readonly tune: { benignWarned: number; hardWarned: number; doxxingWarned: number; otherCritical: number };
}

export const POSITIVE = (cls: string): boolean => cls.startsWith('doxxing:');
const BENIGN = (cls: string): boolean => cls.startsWith('real:') || cls.startsWith('laid:');
const PER_UNIT = 60;
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const r2 = (x: number): number => Math.round(x * 100) / 100;

/** At most `n` rows, evenly spaced, first and last kept. */
function spaced<T>(rows: readonly T[], n: number): T[] {
  if (rows.length <= n) return [...rows];
  return Array.from({ length: n }, (_, i) => rows[Math.round((i * (rows.length - 1)) / (n - 1))]!);
}

/** A doxxing unit's rows from its first harm signal on (before it, the host is a benign cascade). */
function samplesOf(t: Track): Row[] {
  if (!POSITIVE(t.cls)) return spaced(t.rows, PER_UNIT);
  const from = t.rows.findIndex((r) => r.x[0] > 0 || r.x[2] > 0 || r.x[3] > 0);
  return from < 0 ? [] : spaced(t.rows.slice(from), PER_UNIT);
}

/** `amplify` false: the model without the amplifier (both interaction terms held at 0), for comparison. */
export function fitLogistic(tracks: readonly Track[], iterations = 4000, rate = 2, l2 = 1e-4, amplify = true): Model {
  const xs: number[][] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  let pos = 0;
  let neg = 0;
  for (const t of tracks) {
    const rows = samplesOf(t);
    if (rows.length === 0) continue;
    const y = POSITIVE(t.cls) ? 1 : 0;
    if (y) pos++;
    else neg++;
    for (const r of rows) {
      xs.push(features(r.x));
      ys.push(y);
      ws.push(1 / rows.length);
    }
  }
  // both classes weigh the same in total, each unit the same within its class
  for (let i = 0; i < ws.length; i++) ws[i] = ws[i]! / (ys[i] ? pos : neg) / 2;
  const K = amplify ? 5 : 3;
  const c = [0, 0, 0, 0, 0];
  let b = 0;
  for (let it = 0; it < iterations; it++) {
    const g = [0, 0, 0, 0, 0];
    let gb = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      let z = b;
      for (let k = 0; k < K; k++) z += c[k]! * x[k]!;
      const e = ws[i]! * (sigmoid(z) - ys[i]!);
      for (let k = 0; k < K; k++) g[k]! += e * x[k]!;
      gb += e;
    }
    // monotone: projected onto c ≥ 0 after each step
    for (let k = 0; k < K; k++) c[k] = Math.max(0, c[k]! - rate * (g[k]! + l2 * c[k]!));
    b -= rate * gb;
  }
  const sum = c[0]! + c[1]! + c[2]! || 1;
  const [sensitivity, mobilisation, malice, sensitivitySpread, mobilisationSpread] = c.map(r3) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return {
    intercept: r3(b),
    coefficients: { sensitivity, spread: 0, mobilisation, malice, sensitivitySpread, mobilisationSpread },
    weights: { sensitivity: r2(c[0]! / sum), spread: 0, mobilisation: r2(c[1]! / sum), malice: r2(c[2]! / sum) },
    amplifier: { sensitivity: r2(c[3]! / sum), mobilisation: r2(c[4]! / sum) },
    samples: { positive: pos, negative: neg },
  };
}

/** The shipped score of a row without spread: the weighted mean of the harm dimensions. */
export const baseScore = (m: Model, x: Row['x']): number =>
  m.weights.sensitivity * x[0] + m.weights.mobilisation * x[2] + m.weights.malice * x[3];

/** The shipped score: the base, amplified by spread once it reaches `warning` (src/risk/assess.ts combineRisk). */
export function amplifiedScore(m: Model, x: Row['x'], warning: number): number {
  const base = baseScore(m, x);
  if (base < warning) return base;
  return Math.min(1, base + (m.amplifier.sensitivity * x[0] + m.amplifier.mobilisation * x[2]) * x[1]);
}

/** The best score a unit reached on rows that pass `ok`. */
function best(t: Track, ok: (r: Row) => boolean, score: (x: Row['x']) => number): number {
  let top = -1;
  for (const r of t.rows) if (ok(r)) top = Math.max(top, score(r.x));
  return top;
}

/**
 * Thresholds of the weighted score: `warning` the lowest (step 0.01) at which at most 0.5% of the benign tune
 * units (half the 1%, a margin for the other split) and 2% of the hard negatives reach it on rows the
 * gates let warn; `critical` the lowest at least 0.1 above, with every non-doxxing unit 0.03 below it on rows
 * the gates let throttle, scored with spread's amplification (which applies only from `warning` on); `watch` is the
 * configured one, not fitted (monitoring: spread alone reaches it, risk.spreadWatch).
 */
export function chooseLevels(tracks: readonly Track[], m: Model, harmFloor: number, watch: number): Levels {
  const harmed = (r: Row): boolean => r.x[0] >= harmFloor || r.x[2] >= harmFloor || r.x[3] >= harmFloor;
  const warnable = (r: Row): boolean => harmed(r) && (r.identifying > 0 || r.call);
  const dossier = (r: Row): boolean => harmed(r) && (r.identifying >= 2 || (r.identifying >= 1 && r.x[2] > 0));
  const warnTop = tracks.map((t) => best(t, warnable, (x) => baseScore(m, x)));
  const share = (pick: (cls: string) => boolean, at: number): number => {
    const idx = tracks.map((t, i) => [t, i] as const).filter(([t]) => pick(t.cls));
    return idx.length ? idx.filter(([, i]) => warnTop[i]! >= at).length / idx.length : 0;
  };
  const hard = (cls: string): boolean => cls.startsWith('hard:');
  let warning = 0.3;
  while (warning < 0.9 && (share(BENIGN, warning) > 0.005 || share(hard, warning) > 0.02)) warning = r2(warning + 0.01);
  // (critical on the amplified score: spread can raise a warned dossier to critical, never a benign cascade to warning)
  const critTop = tracks.map((t) => best(t, dossier, (x) => amplifiedScore(m, x, warning)));
  const others = critTop.filter((_, i) => !POSITIVE(tracks[i]!.cls));
  let critical = r2(warning + 0.1);
  while (critical < 0.99 && others.some((v) => v >= critical - 0.03)) critical = r2(critical + 0.01);
  const sum = m.coefficients.sensitivity + m.coefficients.mobilisation + m.coefficients.malice;
  const p = (t: number): number => r3(sigmoid(m.intercept + sum * t));
  return {
    watch,
    warning,
    critical,
    probabilities: { watch: p(watch), warning: p(warning), critical: p(critical) },
    tune: {
      benignWarned: r3(share(BENIGN, warning)),
      hardWarned: r3(share(hard, warning)),
      doxxingWarned: r3(share(POSITIVE, warning)),
      otherCritical: others.filter((v) => v >= critical).length,
    },
  };
}
