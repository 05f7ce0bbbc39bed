/**
 * Presidio's synthetic set scored the way presidio-research scores it for Presidio's own published figures:
 * the dataset's entity types are first aligned with Evaluator.align_entity_types and the mapping of notebook 5
 * (STREET_ADDRESS, GPE and ZIP_CODE -> LOCATION), then spans are scored with the SpanEvaluator (presidio-span.ts).
 *
 * Coverage convention for LOCATION: doxguard's address recognizers report postal addresses, not place names.
 * A merged LOCATION gold span that holds a street address or a postcode is covered; one made of GPE spans only
 * (a city named in a sentence) is out of scope and left out of the gold like PERSON, while a prediction over it
 * still counts as a false positive. `gpe: 'miss'` keeps those spans in the gold instead, as misses.
 */
import type { Detection } from '../../detectors/pii/index.js';
import { mergedSpans, scoreTagged, spanToTags, type CharSpan, type SpanCounts } from './presidio-span.js';
import { tokenizeEn, type Token } from './spacy-tokenize.js';

export interface SynthSample {
  readonly full_text: string;
  readonly spans: readonly { entity_type: string; start_position: number; end_position: number }[];
}

/** notebook 5's mapping for the types doxguard has a category for; the rest of the set is not scored. */
const GOLD_TYPE: Readonly<Record<string, string>> = {
  STREET_ADDRESS: 'LOCATION',
  GPE: 'LOCATION',
  ZIP_CODE: 'LOCATION',
  PHONE_NUMBER: 'PHONE_NUMBER',
  EMAIL_ADDRESS: 'EMAIL_ADDRESS',
  CREDIT_CARD: 'CREDIT_CARD',
  US_SSN: 'US_SSN',
  IP_ADDRESS: 'IP_ADDRESS',
};
export const ALIGNED_COVERED = ['CREDIT_CARD', 'EMAIL_ADDRESS', 'IP_ADDRESS', 'LOCATION', 'PHONE_NUMBER', 'US_SSN'];

/** doxguard category (and recognizer) -> Presidio entity type; addresses and postcodes are LOCATION after alignment. */
export function presidioType(d: Detection, address: string): string | null {
  if (d.recognizer === 'us_ssn') return 'US_SSN';
  const map: Record<string, string> = {
    phone: 'PHONE_NUMBER',
    email: 'EMAIL_ADDRESS',
    bank_card: 'CREDIT_CARD',
    ip_address: 'IP_ADDRESS',
    home_address: address,
    // a postcode on its own: LOCATION after the alignment, ZIP_CODE in the strict per-label view
    postcode: address === 'LOCATION' ? 'LOCATION' : 'ZIP_CODE',
    national_id: 'NATIONAL_ID',
    passport: 'PASSPORT',
  };
  return map[d.category] ?? null;
}

export interface AlignedResult {
  readonly perType: Map<string, SpanCounts>;
  readonly global: SpanCounts;
  /** merged LOCATION gold spans left out as stand-alone place names (gpe: 'exclude') */
  readonly excluded: number;
}

export interface AlignedOptions {
  readonly threshold: number;
  readonly gpe: 'exclude' | 'miss';
  /** spaCy's own tokens per sample (bench/pii/spacy_tokens.py); the built-in approximation otherwise */
  readonly tokens?: readonly (readonly Token[])[] | undefined;
  /** called for samples with an error in the per-type pass */
  readonly onError?: ((text: string, gold: CharSpan[], pred: CharSpan[]) => void) | undefined;
}

export function evalAligned(
  data: readonly SynthSample[],
  predict: (text: string) => CharSpan[],
  o: AlignedOptions,
): AlignedResult {
  const perType = new Map<string, SpanCounts>();
  const global = new Map<string, SpanCounts>();
  let excluded = 0;
  data.forEach((s, i) => {
    const tokens = o.tokens?.[i] ?? tokenizeEn(s.full_text);
    const kept = s.spans.filter((x) => GOLD_TYPE[x.entity_type]);
    const original = spanToTags(
      tokens,
      kept.map((x) => ({ type: x.entity_type, start: x.start_position, end: x.end_position })),
    );
    const gold = original.map((t) => (t === 'O' ? 'O' : GOLD_TYPE[t]!));
    if (o.gpe === 'exclude') {
      for (const m of mergedSpans(tokens, gold)) {
        if (m.type !== 'LOCATION') continue;
        const inside = original.slice(m.tokenStart, m.tokenEnd);
        if (inside.includes('STREET_ADDRESS') || inside.includes('ZIP_CODE')) continue;
        excluded++;
        for (let k = m.tokenStart; k < m.tokenEnd; k++) if (gold[k] === 'LOCATION') gold[k] = 'O';
      }
    }
    const predSpans = predict(s.full_text);
    const pred = spanToTags(tokens, predSpans);
    const errors = scoreTagged(tokens, gold, pred, o.threshold, perType, global);
    if (errors && o.onError) o.onError(s.full_text, goldSpans(tokens, gold), predSpans);
  });
  return { perType, global: global.get('PII') ?? { tp: 0, predicted: 0, annotated: 0 }, excluded };
}

/** The scored gold as character spans (after alignment and the convention), for --verbose. */
function goldSpans(tokens: readonly Token[], tags: readonly string[]): CharSpan[] {
  return mergedSpans(tokens, tags).map((m) => ({ type: m.type, start: m.start, end: m.end }));
}

export function spanMetrics(c: SpanCounts): { precision: number; recall: number; f1: number; f2: number } {
  const precision = c.predicted === 0 ? 0 : c.tp / c.predicted;
  const recall = c.annotated === 0 ? 0 : c.tp / c.annotated;
  const fb = (b: number): number =>
    precision + recall === 0 ? 0 : ((1 + b * b) * precision * recall) / (b * b * precision + recall);
  return { precision, recall, f1: fb(1), f2: fb(2) };
}
