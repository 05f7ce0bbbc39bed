import { MALICE, MOBILISATION, type Cue, analyse } from '../../detectors/index.js';
import {
  DIMENSIONS,
  type Detector,
  type DetectorContext,
  type Dimension,
  type EnrichedEvent,
  type Signal,
} from '../contract/index.js';

/** One language cue or detector judgement found in a single post. */
export interface ScanSignal {
  readonly detector: string;
  readonly code: string;
  readonly dimension: Exclude<Dimension, 'spread'>;
  readonly score: number;
  readonly reason: string;
}

/** Detectors that read word lists: their signals are listed cue by cue. */
const CUE_LISTS: Readonly<Record<string, { cues: readonly Cue[]; dimension: ScanSignal['dimension']; noun: string }>> =
  {
    'language/mobilisation': {
      cues: MOBILISATION,
      dimension: 'mobilisation',
      noun: 'a call to find, expose, visit, call or harass someone',
    },
    'language/malice': { cues: MALICE, dimension: 'malice', noun: 'an insult, revenge or public shaming' },
  };

/** Every cue of a word list in a text, one entry per cue code (the strongest), negated and reported ones at 0. */
function cueSignals(detector: string, text: string): ScanSignal[] {
  const list = CUE_LISTS[detector]!;
  const a = analyse(text, list.cues);
  const best = new Map<string, { weight: number; negated: boolean }>();
  for (const h of a.hits) {
    const b = best.get(h.code);
    if (!b || h.weight > b.weight) best.set(h.code, { weight: h.weight, negated: h.negated });
  }
  return [...best].map(([code, h]) => {
    // a mobilisation cue that is not a call is amplification (求扩散, spread this): it never opens the risk gate alone
    const noun =
      list.dimension === 'mobilisation' && !list.cues.some((c) => c.code === code && c.call === true)
        ? 'a call to share (amplification, not a call to act)'
        : list.noun;
    const reason = a.reported
      ? `${noun} (cue ${code}) inside a news report or warning: not counted`
      : h.negated
        ? `${noun} (cue ${code}) negated: not counted`
        : `${noun} (cue ${code})`;
    return { detector, code, dimension: list.dimension, score: a.reported ? 0 : h.weight, reason };
  });
}

/** A one-post incident, for stepping a detector over a post on its own. */
function soloContext(event: EnrichedEvent): DetectorContext {
  const disclosures = new Map(
    event.findings.map((f) => [f.category, { firstTime: event.time, firstAuthor: event.authorId }] as const),
  );
  return {
    incident: {
      id: 'scan',
      size: 1,
      authors: 1,
      platforms: new Set([event.platform]),
      firstTime: event.time,
      lastTime: event.time,
      rootKeys: [event.nodeKey],
      notices: 0,
      disclosures,
    },
    graph: {
      hasNode: (k) => k === event.nodeKey,
      parentOf: () => null,
      childrenOf: () => [],
      depthOf: () => 0,
    },
    watermark: event.time,
  };
}

const HARM: ReadonlySet<string> = new Set(DIMENSIONS.filter((d) => d !== 'spread'));

/**
 * The signals of one post: the word-list detectors cue by cue, every other
 * non-cascade detector as it judges a one-post incident (the same code the
 * pipeline runs). Spread needs a cascade and is not scored here.
 */
export function postSignals(
  event: EnrichedEvent,
  detectors: readonly { detector: Detector<unknown, unknown>; options: unknown }[],
): ScanSignal[] {
  const out: ScanSignal[] = [];
  const ctx = soloContext(event);
  for (const { detector, options } of detectors) {
    if (detector.family === 'cascade') continue;
    if (CUE_LISTS[detector.name]) {
      if (event.text !== '') out.push(...cueSignals(detector.name, event.text));
      continue;
    }
    const { signals } = detector.step(detector.init(options), event, ctx, options);
    for (const s of signals as readonly Signal[])
      if (HARM.has(s.dimension))
        out.push({
          detector: detector.name,
          code: s.code,
          dimension: s.dimension as ScanSignal['dimension'],
          score: s.score,
          reason: s.message,
        });
  }
  return out;
}
