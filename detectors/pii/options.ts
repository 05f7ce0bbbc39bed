import { z } from 'zod';
import type { BaseRecognizerOptions } from './recognizer.js';
import { RECOGNIZERS } from './recognizers/index.js';

const recognizerShape: Record<string, z.ZodType<BaseRecognizerOptions, unknown>> = Object.fromEntries(
  RECOGNIZERS.map((r) => [r.name, r.options]),
);

/**
 * Config `pii`: engine settings plus one options object per recognizer
 * (`pii.recognizers.<name>`). Every field is defaulted, so `{}` is valid.
 */
export const PiiOptionsSchema = z
  .object({
    /** findings below this confidence (after context) are dropped */
    minConfidence: z.number().min(0).max(1).default(0.5),
    /** characters either side of a match searched for context words */
    contextWindow: z.number().int().min(0).max(200).default(24),
    /** added to the confidence when a context word is near */
    contextBoost: z.number().min(0).max(1).default(0.35),
    /** taken from the confidence when a negative context word is near (order no., version) */
    negativePenalty: z.number().min(0).max(1).default(0.3),
    /** at most this many findings per post (highest confidence kept) */
    maxFindingsPerPost: z.number().int().positive().default(64),
    recognizers: z.object(recognizerShape).prefault({}),
  })
  .prefault({});

export type PiiOptions = z.output<typeof PiiOptionsSchema>;
