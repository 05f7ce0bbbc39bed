/**
 * Span scoring after presidio-research's SpanEvaluator: character-level IoU
 * over "normalised" characters (whitespace and punctuation do not count),
 * adjacent spans of one type separated only by whitespace/punctuation
 * merged, each gold span matched to the unmatched prediction of highest IoU
 * (any type); a match at or above the threshold is a TP when the types agree,
 * else an FN for the gold type and an FP for the predicted one; predictions
 * left over are FPs.
 */
export interface Span {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

const IGNORED = /[\s.,;:!?'"()[\]{}<>\-_/\\|*#@&+=~`]/;

function chars(text: string, s: Span): Set<number> {
  const out = new Set<number>();
  for (let i = s.start; i < s.end; i++) if (!IGNORED.test(text[i]!)) out.add(i);
  return out;
}

export function iou(text: string, a: Span, b: Span): number {
  const ca = chars(text, a);
  const cb = chars(text, b);
  let inter = 0;
  for (const i of ca) if (cb.has(i)) inter++;
  const union = ca.size + cb.size - inter;
  return union === 0 ? 0 : inter / union;
}

export function mergeAdjacent(text: string, spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (
      last &&
      last.type === s.type &&
      s.start >= last.end &&
      [...text.slice(last.end, s.start)].every((c) => IGNORED.test(c))
    ) {
      out[out.length - 1] = { type: s.type, start: last.start, end: Math.max(last.end, s.end) };
    } else out.push(s);
  }
  return out;
}

export function scoreSample(
  text: string,
  gold: readonly Span[],
  predicted: readonly Span[],
  threshold: number,
  tallies: Map<string, Tally>,
): void {
  const t = (type: string): Tally => {
    let x = tallies.get(type);
    if (!x) tallies.set(type, (x = { tp: 0, fp: 0, fn: 0 }));
    return x;
  };
  const golds = mergeAdjacent(text, gold);
  const preds = mergeAdjacent(text, predicted);
  const matched = new Set<number>();
  for (const g of golds) {
    let best = -1;
    let bestIou = 0;
    preds.forEach((p, i) => {
      if (matched.has(i)) return;
      const v = iou(text, g, p);
      if (v > bestIou) {
        bestIou = v;
        best = i;
      }
    });
    if (best >= 0 && bestIou >= threshold) {
      matched.add(best);
      const p = preds[best]!;
      if (p.type === g.type) t(g.type).tp++;
      else {
        t(g.type).fn++;
        t(p.type).fp++;
      }
    } else t(g.type).fn++;
  }
  preds.forEach((p, i) => {
    if (!matched.has(i)) t(p.type).fp++;
  });
}

export interface Metrics {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly f2: number;
  readonly support: number;
}

export function metrics(x: Tally): Metrics {
  const precision = x.tp + x.fp === 0 ? 0 : x.tp / (x.tp + x.fp);
  const recall = x.tp + x.fn === 0 ? 0 : x.tp / (x.tp + x.fn);
  const fb = (b: number): number =>
    precision + recall === 0 ? 0 : ((1 + b * b) * precision * recall) / (b * b * precision + recall);
  return { precision, recall, f1: fb(1), f2: fb(2), support: x.tp + x.fn };
}

export function sum(tallies: Iterable<Tally>): Tally {
  const s = { tp: 0, fp: 0, fn: 0 };
  for (const x of tallies) {
    s.tp += x.tp;
    s.fp += x.fp;
    s.fn += x.fn;
  }
  return s;
}
