import { z } from 'zod';
import { LIMITS, MentionSchema } from '../contract/index.js';

/** One line of `doxguard scan`'s input: a post's text, with its language and mentions when known. */
export const ScanInputSchema = z.object({
  text: z
    .string()
    .refine((t) => Buffer.byteLength(t, 'utf8') <= LIMITS.textMaxBytes, `text is over ${LIMITS.textMaxBytes} bytes`),
  lang: z.string().max(LIMITS.langMax).optional(),
  mentions: z.array(MentionSchema).max(LIMITS.mentionsMax).optional(),
});
export type ScanInput = z.infer<typeof ScanInputSchema>;
