import { z } from 'zod';

/** Policy configuration (config `policy`): how risk levels become commands. */
export const PolicyOptionsSchema = z
  .object({
    shadow: z.boolean().default(false),
    ttlSeconds: z
      .object({
        popup_warning: z
          .number()
          .int()
          .positive()
          .default(6 * 3600),
        throttle: z
          .number()
          .int()
          .positive()
          .default(6 * 3600),
        review_takedown: z
          .number()
          .int()
          .positive()
          .default(24 * 3600),
      })
      .prefault({}),
    throttle: z
      .object({
        /** reshares allowed per minute per post while throttled */
        reshareRatePerMinute: z.number().int().nonnegative().default(5),
        /** drop the posts from recommendation/trending surfaces */
        excludeFromRecommendation: z.boolean().default(true),
      })
      .prefault({}),
    /** public-interest score at which an incident goes to human review instead of throttling */
    publicInterestReview: z.number().min(0).max(1).default(0.5),
    /** most post ids named per platform in one command's targets */
    maxTargetsPerPlatform: z.number().int().positive().default(1000),
  })
  .loose();
export type PolicyOptions = z.infer<typeof PolicyOptionsSchema>;
