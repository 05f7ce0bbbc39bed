import { z } from 'zod';
import { PII_CATEGORIES } from '../contract/index.js';
import { SimulateOptionsSchema } from './options.js';

/**
 * Ground truth of a simulated run. It holds the planted raw values
 * (`plantedValues`): synthetic test data, fine in the truth file, and what the
 * privacy test greps doxguard's outputs for. Background cascades are summarised
 * (counts, a size histogram, the roots of large ones) so that the truth of a
 * million-event run stays small.
 */
export const TRUTH_SCHEMA = 'doxguard.simulate.truth/1';

export const IncidentKindSchema = z.enum(['doxxing', 'business', 'public_interest', 'news', 'background']);
export type IncidentKind = z.infer<typeof IncidentKindSchema>;

export const PiiCategorySchema = z.enum(PII_CATEGORIES);

export const TruthIncidentSchema = z.object({
  incidentId: z.string().describe('simulator id, e.g. dox-1; not doxguard’s incident id'),
  incidentKind: IncidentKindSchema,
  lang: z.enum(['zh', 'en']),
  rootKeys: z.array(z.string()).describe('platform:postId of each cascade root, first platform first'),
  platforms: z.array(z.string()),
  eventCount: z.number().int().nonnegative(),
  firstEventTime: z.number().int().describe('epoch ms'),
  lastEventTime: z.number().int().describe('epoch ms'),
  eventIds: z.array(z.string()).describe('every event of the incident, in emission order'),
  piiCategories: z.array(PiiCategorySchema).describe('categories planted in the text, in order of first disclosure'),
  publicFigure: z.boolean().describe('the post names an official or public figure'),
  jump: z
    .object({
      from: z.string().describe('platform:postId linked to'),
      to: z.string().describe('platform:postId of the post on the second platform'),
      time: z.number().int(),
      via: z.array(z.enum(['url', 'media'])),
    })
    .nullable(),
  notices: z.array(z.object({ noticeId: z.string(), postKey: z.string(), time: z.number().int() })),
});
export type TruthIncident = z.infer<typeof TruthIncidentSchema>;

export const PlantedValueSchema = z.object({
  incidentId: z.string(),
  category: PiiCategorySchema,
  value: z.string().describe('the canonical value (digits only for numbers)'),
  written: z.string().describe('the value as written in the post, when it differs'),
});
export type PlantedValue = z.infer<typeof PlantedValueSchema>;

export const MalformedKindSchema = z.enum([
  'not_json',
  'not_object',
  'blank',
  'wrong_type',
  'missing_parent',
  'bad_time',
  'oversized_text',
  'too_large',
  'unknown_type',
]);
export type MalformedKind = z.infer<typeof MalformedKindSchema>;

export const GroundTruthSchema = z.object({
  schema: z.literal(TRUTH_SCHEMA),
  seed: z.union([z.number(), z.string()]),
  options: SimulateOptionsSchema.describe('the resolved options of the run: rerun with them to get the same bytes'),
  start: z.number().int(),
  end: z.number().int(),
  counts: z.object({
    lines: z.number().int().describe('lines written, malformed and duplicates included'),
    events: z.number().int().describe('distinct valid events'),
    notices: z.number().int(),
    malformed: z.number().int(),
    duplicates: z.number().int(),
    swapped: z.number().int().describe('neighbour swaps made by the jitter option'),
  }),
  incidents: z.array(TruthIncidentSchema),
  background: z.object({
    cascades: z.number().int(),
    events: z.number().int(),
    sizeHistogram: z.record(z.string(), z.number().int()).describe('cascades per size bucket: 1, 2-3, 4-7, ...'),
    largeRoots: z.array(
      z.object({ rootKey: z.string(), size: z.number().int(), viral: z.boolean(), firstEventTime: z.number().int() }),
    ),
  }),
  malformed: z.array(
    z.object({
      line: z.number().int().describe('1-based line number in events.ndjson'),
      kind: MalformedKindSchema,
      expectedReason: z.string().describe('the DG_DLQ_* reason doxguard should give'),
    }),
  ),
  plantedValues: z.array(PlantedValueSchema),
});
export type GroundTruth = z.infer<typeof GroundTruthSchema>;

/** The size-histogram bucket of a cascade size: powers of two, "1", "2-3", "4-7", ... */
export function sizeBucket(size: number): string {
  if (size <= 1) return '1';
  const lo = 2 ** Math.floor(Math.log2(size));
  return `${lo}-${lo * 2 - 1}`;
}
