/**
 * presidio-research's SpanEvaluator, ported: the scoring behind its span-level figures
 * (presidio_evaluator/evaluation/span_evaluator.py at microsoft/presidio-research bcccc02, with the
 * data_objects.Span IoU it calls).
 *
 * 1. Gold spans and predictions become per-token IO tags: a token takes a span's type when the token starts
 *    inside the span (span_to_tag).
 * 2. A span is a maximal run of tokens with one tag. Its "normalised" extent runs from the first to the last
 *    token that is not a skip word (lower-cased); a span of skip words only is dropped.
 * 3. Two spans of one type are merged when every token between them is a skip word (stop words, punctuation,
 *    whitespace, "street", "apt" ...). Upstream slices those tokens by DataFrame label, which for every sentence
 *    after the first selects nothing and merges any two spans of a type; the later upstream fix slices by
 *    position, which is what this port does.
 * 4. IoU over normalised character extents: one overlapping prediction uses Span.iou (overlap / envelope);
 *    several use the combined character-set IoU (with upstream's off-by-one ranges kept as they are).
 * 5. Per annotation: no overlap is a miss; one overlap is a TP when the IoU reaches the threshold and the types
 *    agree, otherwise an FN plus an FP; several overlaps are grouped by type and each group judged on its combined
 *    IoU. Predictions overlapping no annotation are FPs. Precision = TP / predicted, recall = TP / annotated,
 *    counted per type and, after relabelling every type as "PII", for the global figure.
 */
import { SKIP_WORDS } from './skip-words.js';
import type { Token } from './spacy-tokenize.js';

export interface CharSpan {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

export interface SpanCounts {
  tp: number;
  predicted: number;
  annotated: number;
}

interface ESpan {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly ns: number;
  readonly ne: number;
  readonly tokenStart: number;
  readonly tokenEnd: number;
}

/** IO tags of `tokens` for `spans` ("O" outside every span). */
export function spanToTags(tokens: readonly Token[], spans: readonly CharSpan[]): string[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  return tokens.map((t) => sorted.find((s) => s.start <= t.start && t.start < s.end)?.type ?? 'O');
}

const skip = (t: Token): boolean => SKIP_WORDS.has(t.text.toLowerCase());

export function createSpans(tokens: readonly Token[], tags: readonly string[]): ESpan[] {
  const out: ESpan[] = [];
  let i = 0;
  while (i < tokens.length) {
    const type = tags[i]!;
    let j = i + 1;
    while (j < tokens.length && tags[j] === type) j++;
    if (type !== 'O') {
      const kept = tokens.slice(i, j).filter((t) => !skip(t));
      if (kept.length > 0) {
        const last = tokens[j - 1]!;
        out.push({
          type,
          start: tokens[i]!.start,
          end: last.start + last.text.length,
          ns: Math.min(...kept.map((t) => t.start)),
          ne: Math.max(...kept.map((t) => t.start + t.text.length)),
          tokenStart: i,
          tokenEnd: j,
        });
      }
    }
    i = j;
  }
  return out;
}

export function mergeAdjacent(tokens: readonly Token[], spans: readonly ESpan[]): ESpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: ESpan[] = [];
  for (const s of sorted) {
    const cur = out[out.length - 1];
    const between = cur ? tokens.slice(cur.tokenEnd, s.tokenStart) : [];
    if (cur && cur.type === s.type && between.every((t) => SKIP_WORDS.has(t.text.toLowerCase().trim()))) {
      out[out.length - 1] = {
        type: s.type,
        start: cur.start,
        end: s.end,
        ns: Math.min(cur.ns, s.ns),
        ne: Math.max(cur.ne, s.ne),
        tokenStart: cur.tokenStart,
        tokenEnd: s.tokenEnd,
      };
    } else out.push(s);
  }
  return out;
}

/** data_objects.Span.iou on normalised indices: overlap over the envelope; touching spans score 0. */
export function spanIou(a: ESpan, b: ESpan): number {
  if (a.ne < b.ns || b.ne < a.ns) return 0;
  const inter = Math.min(a.ne, b.ne) - Math.max(a.ns, b.ns);
  const union = Math.max(a.ne, b.ne) - Math.min(a.ns, b.ns);
  return union > 0 ? inter / union : 0;
}

/** SpanEvaluator._calculate_combined_iou, character-based, ranges exactly as upstream builds them. */
function combinedIou(ann: ESpan, preds: readonly ESpan[]): number {
  const a = new Set<number>();
  for (let c = ann.ns; c <= ann.ne; c++) a.add(c);
  const p = new Set<number>();
  preds.forEach((s, i) => {
    const [from, to] = i === 0 ? [s.ns, s.ne + 1] : [s.ns - 1, s.ne];
    for (let c = from; c < to; c++) p.add(c);
  });
  let inter = 0;
  for (const c of a) if (p.has(c)) inter++;
  const union = a.size + p.size - inter;
  return union > 0 ? inter / union : 0;
}

const key = (s: ESpan): string => `${s.type}:${s.start}:${s.end}`;

function counts(m: Map<string, SpanCounts>, type: string): SpanCounts {
  let c = m.get(type);
  if (!c) m.set(type, (c = { tp: 0, predicted: 0, annotated: 0 }));
  return c;
}

/** One scoring pass over one sentence's merged spans; returns whether anything was missed or wrong. */
export function matchSpans(
  anns: readonly ESpan[],
  preds: readonly ESpan[],
  threshold: number,
  out: Map<string, SpanCounts>,
): boolean {
  let errors = false;
  const processed = new Set<string>();
  for (const ann of anns) {
    counts(out, ann.type).annotated++;
    const overlapping = preds
      .map((p) => ({ p, iou: spanIou(ann, p) }))
      .filter((x) => x.iou > 0)
      .sort((x, y) => x.p.start - y.p.start);
    for (const { p } of overlapping) processed.add(key(p));
    if (overlapping.length === 0) {
      errors = true;
    } else if (overlapping.length === 1) {
      const { p, iou } = overlapping[0]!;
      counts(out, p.type).predicted++;
      if (iou >= threshold && p.type === ann.type) counts(out, ann.type).tp++;
      else errors = true;
    } else {
      const byType = new Map<string, ESpan[]>();
      for (const { p } of overlapping) byType.set(p.type, [...(byType.get(p.type) ?? []), p]);
      for (const [type, group] of byType) {
        counts(out, type).predicted++;
        if (type === ann.type && combinedIou(ann, group) >= threshold) counts(out, ann.type).tp++;
        else errors = true;
      }
    }
  }
  for (const p of preds) {
    if (processed.has(key(p))) continue;
    counts(out, p.type).predicted++;
    errors = true;
  }
  return errors;
}

/**
 * Scores one sample: the per-type pass into `perType`, the global pass (every type relabelled "PII") into
 * `global`. Tags are per token, as spanToTags makes them. Returns whether the per-type pass found an error.
 */
export function scoreTagged(
  tokens: readonly Token[],
  gold: readonly string[],
  pred: readonly string[],
  threshold: number,
  perType: Map<string, SpanCounts>,
  global: Map<string, SpanCounts>,
): boolean {
  const spans = (tags: readonly string[]): ESpan[] => mergeAdjacent(tokens, createSpans(tokens, tags));
  const errors = matchSpans(spans(gold), spans(pred), threshold, perType);
  const pii = (tags: readonly string[]): string[] => tags.map((t) => (t === 'O' ? 'O' : 'PII'));
  matchSpans(spans(pii(gold)), spans(pii(pred)), threshold, global);
  return errors;
}

/** Gold spans of one type after merging, as token ranges, for conventions that look inside them. */
export function mergedSpans(tokens: readonly Token[], tags: readonly string[]): ESpan[] {
  return mergeAdjacent(tokens, createSpans(tokens, tags));
}
