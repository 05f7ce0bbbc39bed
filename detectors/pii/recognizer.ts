import { z } from 'zod';
import type { PiiCategory, RepostEvent } from '../../src/contract/index.js';

/** What a recognizer sees besides the normalised text. */
export interface RecognizerInput {
  /** the post, when scanning one (null in evaluations on bare text) */
  readonly event: RepostEvent | null;
}

/**
 * One match before context enhancement and overlap resolution. `value` is the
 * canonical normalised value that gets fingerprinted; it never leaves the engine.
 */
export interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly value: string;
  readonly confidence: number;
  readonly snippet: string;
}

export type MatchFn = (text: string, input: RecognizerInput) => Candidate[];

/** Options every recognizer has: on/off, sensitivity weight and extra context words. */
export function recognizerOptions<S extends z.ZodRawShape>(weight: number, extra: S) {
  return z
    .object({
      enabled: z.boolean().default(true),
      /** sensitivity weight of this category, 0..1 (how much its disclosure hurts) */
      weight: z.number().min(0).max(1).default(weight),
      /** extra context words (any language) that raise confidence when near a match */
      extraContext: z.array(z.string().min(1)).default([]),
      ...extra,
    })
    .prefault({} as never);
}

export interface BaseRecognizerOptions {
  readonly enabled: boolean;
  readonly weight: number;
  readonly extraContext: readonly string[];
}

export interface RecognizerSpec<O extends BaseRecognizerOptions> {
  /** stable id, the key under config `pii.recognizers` */
  readonly name: string;
  readonly category: PiiCategory;
  readonly description: string;
  readonly options: z.ZodType<O, unknown>;
  /** words that make a match more likely to be this category when within the character window */
  readonly context: readonly string[];
  /** words that make it less likely (order numbers, versions, ...) */
  readonly negativeContext?: readonly string[];
  /** a cheap necessary condition (a digit, an @, a cue word): text failing it is skipped */
  readonly gate: RegExp | null;
  /** digits the text must hold at least (after normalisation), checked before the gate; default 0 */
  readonly minDigits?: number;
  /** longest run of consecutive digits the text must hold at least; default 0 */
  readonly minDigitRun?: number;
  /** a match lying inside a finding of this category is part of it (a postcode in an address), not its own */
  readonly within?: PiiCategory;
  compile(options: O): MatchFn;
}

/** A recognizer with its options type erased, as the engine holds it. */
export interface Recognizer {
  readonly name: string;
  readonly category: PiiCategory;
  readonly description: string;
  readonly options: z.ZodType<BaseRecognizerOptions, unknown>;
  readonly context: readonly string[];
  readonly negativeContext: readonly string[];
  readonly gate: RegExp | null;
  readonly minDigits: number;
  readonly minDigitRun: number;
  readonly within: PiiCategory | null;
  compile(options: BaseRecognizerOptions): MatchFn;
}

export function defineRecognizer<O extends BaseRecognizerOptions>(spec: RecognizerSpec<O>): Recognizer {
  return {
    name: spec.name,
    category: spec.category,
    description: spec.description,
    options: spec.options as unknown as z.ZodType<BaseRecognizerOptions, unknown>,
    context: spec.context,
    negativeContext: spec.negativeContext ?? [],
    gate: spec.gate,
    minDigits: spec.minDigits ?? 0,
    minDigitRun: spec.minDigitRun ?? 0,
    within: spec.within ?? null,
    compile: (o) => spec.compile(o as O),
  };
}

/** Candidate builder that clamps confidence to 0..1. */
export function candidate(start: number, end: number, value: string, confidence: number, snippet: string): Candidate {
  return { start, end, value, confidence: Math.max(0, Math.min(1, confidence)), snippet };
}
